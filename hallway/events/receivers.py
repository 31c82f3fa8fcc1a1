"""A confirmed RSVP deleted without :func:`~hallway.events.services.cancel_rsvp` (an attendee
deleting their account, an organizer in the admin) frees a place too: the waiting list moves
up once that deletion commits."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete


def _freed(sender, instance, using, **kwargs) -> None:
    from hallway.events import services
    from hallway.events.models import Event, Rsvp

    if instance.status != Rsvp.Status.CONFIRMED:
        return
    event_id = instance.event_id

    def fill() -> None:
        event = Event.objects.filter(pk=event_id).first()
        if event is not None:  # (deleted with the event: nothing to fill)
            services.fill_places(event)

    transaction.on_commit(fill, using=using)


def connect() -> None:
    from hallway.events.models import Rsvp

    post_delete.connect(_freed, sender=Rsvp, dispatch_uid="hallway-events-rsvp-freed")
