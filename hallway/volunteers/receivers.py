"""A confirmed sign-up deleted without :func:`~hallway.volunteers.services.cancel_signup` (an
attendee deleting their account, an organizer in the admin) frees a place too: the shift's
waiting list moves up once that deletion commits."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete


def _freed(sender, instance, using, **kwargs) -> None:
    from hallway.volunteers import services
    from hallway.volunteers.models import Shift, Signup

    if instance.status != Signup.Status.CONFIRMED:
        return
    shift_id = instance.shift_id

    def fill() -> None:
        shift = Shift.objects.filter(pk=shift_id).first()
        if shift is not None:  # (deleted with the shift: nothing to fill)
            services.fill_places(shift)

    transaction.on_commit(fill, using=using)


def connect() -> None:
    from hallway.volunteers.models import Signup

    post_delete.connect(_freed, sender=Signup, dispatch_uid="hallway-volunteers-signup-freed")
