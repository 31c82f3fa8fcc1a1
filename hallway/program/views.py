from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view


@require_safe
@conference_view
def schedule(request, conference):
    sessions = conference.sessions.for_schedule()
    return render(request, "program/schedule.html", {"conference": conference, "sessions": sessions})


@require_safe
@conference_view
def session_detail(request, conference, section: str, slug: str):
    session = get_object_or_404(conference.sessions.listed().with_people(), slug=slug)
    return render(request, "program/session_detail.html", {"conference": conference, "session": session})
