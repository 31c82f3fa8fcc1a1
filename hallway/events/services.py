"""RSVPs to side events: places first come, first served, then a waiting list that moves up.

Every change to an event's RSVPs locks the event's row first (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite's IMMEDIATE transactions serialise writers the same way), so forty people
answering at once for the last ten places end as ten confirmed and thirty waiting, never
eleven confirmed. When a place frees up (a cancellation, a deleted account, a larger capacity)
:func:`fill_places` moves the first people of the waiting list up and e-mails them.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from hallway.core import capacity
from hallway.events import tasks
from hallway.events.models import Event, Rsvp
from hallway.events.signals import rsvps_promoted


def _locked(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def rsvp(user, event: Event) -> Rsvp:
    """Answer yes to ``event`` for ``user``: a confirmed place while there is one, else the end
    of the waiting list. Answering twice keeps the first answer (and its place in line)."""
    try:
        with transaction.atomic():
            locked = _locked(event.pk)
            existing = Rsvp.objects.filter(event=locked, user=user).first()
            if existing is not None:
                return existing
            confirmed = locked.rsvps.filter(status=Rsvp.Status.CONFIRMED).count()
            has_room = locked.capacity is None or confirmed < locked.capacity
            status = Rsvp.Status.CONFIRMED if has_room else Rsvp.Status.WAITING
            return Rsvp.objects.create(event=locked, user=user, status=status)
    except IntegrityError:
        # The same attendee clicked twice at once: the unique constraint kept one answer.
        return Rsvp.objects.get(event=event, user=user)


def cancel_rsvp(user, event: Event) -> bool:
    """Withdraw ``user``'s answer; a freed place goes to the waiting list. False when they
    had not answered."""
    with transaction.atomic():
        locked = _locked(event.pk)
        deleted, _details = Rsvp.objects.filter(event=locked, user=user).delete()
        if deleted:
            fill_places(locked)
    return bool(deleted)


def fill_places(event: Event) -> list[Rsvp]:
    """Move people up from the waiting list, in order, while the event has room; e-mail each
    once the transaction commits. Call it with the event's row locked (or let it lock it).
    Returns the promoted RSVPs; safe to call at any time (it does nothing when full)."""
    with transaction.atomic():
        locked = _locked(event.pk)
        waiting = locked.rsvps.filter(status=Rsvp.Status.WAITING).order_by("created_at", "pk")
        if locked.capacity is not None:
            confirmed = locked.rsvps.filter(status=Rsvp.Status.CONFIRMED).count()
            waiting = waiting[: max(0, locked.capacity - confirmed)]
        promoted = list(waiting)
        if not promoted:
            return []
        capacity.confirm(promoted, tasks.notify_promoted_on_commit)
        promoted_ids = [item.pk for item in promoted]
        transaction.on_commit(lambda: rsvps_promoted.send(sender=Rsvp, rsvp_ids=promoted_ids))
    return promoted
