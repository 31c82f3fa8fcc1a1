from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view


@require_safe
@conference_view
def presenter_list(request, conference):
    presenters = conference.presenters.listed()
    return render(request, "people/presenter_list.html", {"conference": conference, "presenters": presenters})


@require_safe
@conference_view
def presenter_detail(request, conference, slug: str):
    presenter = get_object_or_404(conference.presenters.listed().with_sessions(), slug=slug)
    return render(request, "people/presenter_detail.html", {"conference": conference, "presenter": presenter})


@require_safe
@conference_view
def organizer_list(request, conference):
    organizers = conference.organizers.listed()
    return render(request, "people/organizer_list.html", {"conference": conference, "organizers": organizers})
