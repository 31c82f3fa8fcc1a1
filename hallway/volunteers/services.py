"""Signing up for volunteer shifts without ever overfilling one.

Two attendees clicking for the last place at the same moment must not both get it. Each sign-up
locks its shift's row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions
serialise writers the same way), then counts the places taken: the second click waits for the
first to commit and finds the shift full. A full shift refuses; it keeps no waiting list.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.core.formats import format_as
from hallway.volunteers.models import Shift, Signup


class SignupRefused(Exception):
    """The sign-up was not made; ``str()`` says why, for the volunteer."""


def sign_up(user, shift: Shift) -> Signup:
    """Sign ``user`` up for ``shift``; returns their sign-up (the existing one if they already
    had it). Raises SignupRefused when the shift is full or overlaps another of their shifts."""
    try:
        with transaction.atomic():
            locked = (
                Shift.objects.select_for_update()
                .select_related("role__conference")
                .get(pk=shift.pk)
            )
            existing = Signup.objects.filter(shift=locked, user=user).first()
            if existing is not None:
                return existing
            if locked.signups.count() >= locked.capacity:
                raise SignupRefused(_("This shift is full."))
            clash = (
                Signup.objects.filter(
                    user=user,
                    shift__role__conference_id=locked.role.conference_id,
                    shift__starts_at__lt=locked.ends_at,
                    shift__ends_at__gt=locked.starts_at,
                )
                .select_related("shift__role")
                .first()
            )
            if clash is not None:
                start = timezone.localtime(clash.shift.starts_at, locked.role.conference.tzinfo)
                raise SignupRefused(
                    _("You already volunteer at that time: %(role)s from %(time)s.")
                    % {"role": clash.shift.role.name, "time": format_as(start, "time")}
                )
            return Signup.objects.create(shift=locked, user=user)
    except IntegrityError:
        # The same attendee clicked twice at once: the unique constraint kept one sign-up.
        return Signup.objects.get(shift=shift, user=user)


def cancel_signup(user, shift: Shift) -> bool:
    """Withdraw ``user`` from ``shift``; False when they were not signed up."""
    deleted, _details = Signup.objects.filter(shift=shift, user=user).delete()
    return bool(deleted)
