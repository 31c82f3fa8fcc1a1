"""Places that free up outside the services that normally free them.

A booking with a capacity (an RSVP, a volunteer sign-up) is cancelled through its app's service,
which moves the waiting list up. A row deleted another way (an attendee deleting their account,
an organizer in the admin) frees its place too: :func:`refill_when_deleted` calls the app's
``fill`` once that deletion commits. :func:`confirm` is how both apps move people up.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models, transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from hallway.core import members


def refill_when_deleted(
    booking: type[models.Model],
    *,
    parent: str,
    holds_a_place: Callable[[models.Model], bool],
    fill: Callable[[models.Model], None],
    dispatch_uid: str,
) -> None:
    """Connect ``booking``'s deletions: when a deleted row ``holds_a_place``, ``fill`` its
    ``parent`` (the foreign key's name) after the commit, unless the parent went with it."""
    parent_model = booking._meta.get_field(parent).related_model
    attname = booking._meta.get_field(parent).attname

    def freed(sender, instance, using, **kwargs) -> None:
        if not holds_a_place(instance):
            return
        parent_id = getattr(instance, attname)

        def refill() -> None:
            found = parent_model.objects.filter(pk=parent_id).first()
            if found is not None:  # (deleted with its parent: nothing to fill)
                fill(found)

        transaction.on_commit(refill, using=using)

    post_delete.connect(freed, sender=booking, dispatch_uid=dispatch_uid, weak=False)


def confirm(promoted: list[models.Model], notify: Callable[[int], None]) -> None:
    """Confirm waiting bookings (rows with ``status``, ``promoted_at`` and ``user``) in one
    UPDATE, keep the objects in step, move their owners' member versions on (an UPDATE sends no
    signal; their agendas show it) and ``notify`` each booking's id."""
    model = type(promoted[0])
    now = timezone.now()
    model.objects.filter(pk__in=[item.pk for item in promoted]).update(
        status=model.Status.CONFIRMED, promoted_at=now
    )
    members.bump(item.user_id for item in promoted)
    for item in promoted:
        item.status, item.promoted_at = model.Status.CONFIRMED, now
        notify(item.pk)
