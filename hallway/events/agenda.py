"""The attendee's RSVPs in their agenda, calendar feed and recap (``hallway.companion.extras``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hallway.companion.extras import AgendaExtra
from hallway.events.models import Rsvp


def rsvps_for_agenda(user, conference) -> list[AgendaExtra]:
    """One query: the user's RSVPs to published events of ``conference``. Waiting-list
    answers come as unconfirmed items."""
    rsvps = (
        Rsvp.objects.filter(user=user, event__conference=conference, event__is_published=True)
        .select_related("event__place")
        .order_by("event__starts_at")
    )
    extras = []
    for rsvp in rsvps:
        event = rsvp.event
        event.conference = conference
        extras.append(
            AgendaExtra(
                kind="side-event",
                key=str(event.pk),
                title=event.title,
                start=event.starts_at,
                end=event.ends_at,
                label=_("Side event"),
                location=event.location,
                url=event.get_absolute_url(),
                description=event.host and _("Hosted by %(host)s") % {"host": event.host},
                is_confirmed=rsvp.is_confirmed,
                status="" if rsvp.is_confirmed else _("Waiting list"),
            )
        )
    return extras
