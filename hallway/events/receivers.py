"""A confirmed RSVP deleted without :func:`~hallway.events.services.cancel_rsvp` (an attendee
deleting their account, an organizer in the admin) frees a place too: the waiting list moves
up once that deletion commits (``hallway.core.capacity``)."""

from __future__ import annotations

from hallway.core.capacity import refill_when_deleted


def connect() -> None:
    from hallway.events import services
    from hallway.events.models import Rsvp

    refill_when_deleted(
        Rsvp,
        parent="event",
        holds_a_place=lambda rsvp: rsvp.status == Rsvp.Status.CONFIRMED,
        fill=services.fill_places,
        dispatch_uid="hallway-events-rsvp-freed",
    )
