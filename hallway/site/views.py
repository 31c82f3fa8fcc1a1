from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view
from hallway.conferences.models import Conference
from hallway.content.views import keep_out_of_shared_caches_while_scheduled

# How many items each home-page teaser shows.
TEASER_SESSIONS = 6
TEASER_PRESENTERS = 12
TEASER_POSTS = 3
TEASER_PLACES = 4
# The calls to action the site's own data may hold (conference.links, from site.json), in the
# order they show while the conference is ahead: (key, label, primary).
CALLS_TO_ACTION = [
    ("tickets", _("Get your ticket"), True),
    ("cfp", _("Submit a proposal"), False),
    ("opportunity_grants", _("Apply for an opportunity grant"), False),
]


@require_safe
@conference_view
def home(request, conference):
    """The conference's front page, which changes with its phase: before (dates, tickets,
    sponsors), during (what is on now and next, by the conference's clock) and after (a recap
    with the recorded talks and the presenters)."""
    context = {"conference": conference, "now": timezone.now()}
    # Every phase: sponsors by level, the latest news, the local guide (five queries).
    context["sponsor_levels"] = conference.sponsor_levels.for_sponsor_page()
    context["posts"] = conference.posts.for_news()[:TEASER_POSTS]
    context["places"] = conference.places.for_guide()[:TEASER_PLACES]
    if conference.phase == Conference.Phase.UPCOMING:
        links = conference.links or {}
        context["calls_to_action"] = [
            {"url": links[key], "label": label, "primary": primary}
            for key, label, primary in CALLS_TO_ACTION
            if isinstance(links.get(key), str) and links[key]
        ]
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
    # A post waiting for its publication time must not stay out of a cached home page.
    keep_out_of_shared_caches_while_scheduled(response, conference)
    if conference.phase == Conference.Phase.LIVE:
        # "Happening now" is only true for a minute: keep it out of the whole-page cache (which
        # keeps pages until the conference changes) and let browsers reuse it briefly.
        patch_cache_control(response, private=True, max_age=60)
    return response
