from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view
from hallway.conferences.models import Conference

# How many items each home-page teaser shows.
TEASER_SPONSORS = 12
TEASER_SESSIONS = 6
TEASER_PRESENTERS = 12


@require_safe
@conference_view
def home(request, conference):
    """The conference's front page, which changes with its phase: before (dates, tickets,
    sponsors), during (what is on now and next, by the conference's clock) and after (a recap
    with the recorded talks and the presenters)."""
    context = {"conference": conference, "now": timezone.now()}
    if conference.phase == Conference.Phase.UPCOMING:
        context["sponsors"] = (
            conference.sponsors.listed()
            .select_related("level")
            .order_by("level__position", "name")[:TEASER_SPONSORS]
        )
    elif conference.phase == Conference.Phase.LIVE:
        today = context["now"].astimezone(conference.tzinfo).date()
        if conference.starts_on <= today <= conference.ends_on:
            context["today"] = today
        # Session cards carry the session-actions slot (the star button) while live.
        context["session_actions"] = True
        context["happening"] = list(conference.sessions.happening_at(context["now"]))
        context["up_next"] = list(
            conference.sessions.starting_after(context["now"])[:TEASER_SESSIONS]
        )
    else:
        context["featured"] = conference.sessions.featured()[:TEASER_SESSIONS]
        context["presenters"] = conference.presenters.listed()[:TEASER_PRESENTERS]
    response = render(request, "site/home.html", context)
    if conference.phase == Conference.Phase.LIVE:
        # "Happening now" is only true for a minute: keep it out of the whole-page cache (which
        # keeps pages until the conference changes) and let browsers reuse it briefly.
        patch_cache_control(response, private=True, max_age=60)
    return response
