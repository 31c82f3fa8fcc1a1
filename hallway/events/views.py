"""Side events under ``/<conference>/events/``: the list, an event's page, RSVP and cancel.

Anyone may look; the pages show how many places are taken and how long the waiting list is,
never who answered (organizers see that in the admin). Counts change with every answer, so the
pages stay out of the public page cache.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hallway.conferences.decorators import feature_view
from hallway.conferences.features import call_state
from hallway.core.access import uncached
from hallway.events import services
from hallway.events.models import Event, Rsvp

FEATURE = "events"


def _events(conference, user):
    return conference.side_events.for_listing(user)


def _waiting_position(event: Event, user) -> int | None:
    """The user's place in the event's waiting list (1 = next to move up)."""
    if event.my_status != Rsvp.Status.WAITING:
        return None
    mine = event.rsvps.get(user=user)
    ahead = event.rsvps.filter(status=Rsvp.Status.WAITING, created_at__lt=mine.created_at)
    tied = event.rsvps.filter(
        status=Rsvp.Status.WAITING, created_at=mine.created_at, pk__lt=mine.pk
    )
    return ahead.count() + tied.count() + 1


@require_safe
@feature_view(FEATURE)
def event_list(request, conference, feature):
    events = list(_events(conference, request.user))
    for event in events:
        event.conference = conference
    context = {
        "conference": conference,
        "feature": feature,
        "call": call_state(feature),
        "events": events,
    }
    return uncached(render(request, "events/event_list.html", context))


@require_safe
@feature_view(FEATURE)
def event_detail(request, conference, feature, slug: str):
    event = get_object_or_404(_events(conference, request.user), slug=slug)
    event.conference = conference
    context = {
        "conference": conference,
        "feature": feature,
        "call": call_state(feature),
        "event": event,
        "waiting_position": _waiting_position(event, request.user),
    }
    return uncached(render(request, "events/event_detail.html", context))


@require_POST
@login_required
@feature_view(FEATURE)
def rsvp(request, conference, feature, slug: str):
    event = get_object_or_404(conference.side_events.published(), slug=slug)
    if not feature.is_open():
        messages.error(request, _("RSVPs are closed."))
        return redirect(event.get_absolute_url())
    answer = services.rsvp(request.user, event)
    if answer.is_confirmed:
        messages.success(request, _("You have a place. See you there!"))
    else:
        messages.info(
            request,
            _(
                "The event is full: you are on the waiting list. You will get an e-mail if a "
                "place comes free."
            ),
        )
    return redirect(event.get_absolute_url())


@require_POST
@login_required
@feature_view(FEATURE)
def cancel(request, conference, feature, slug: str):
    # Cancelling stays possible after RSVPs close: the place goes to the waiting list.
    event = get_object_or_404(conference.side_events.published(), slug=slug)
    if services.cancel_rsvp(request.user, event):
        messages.success(request, _("Your RSVP is cancelled."))
    return redirect(event.get_absolute_url())
