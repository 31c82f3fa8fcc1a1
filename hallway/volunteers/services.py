"""Signing up for volunteer shifts without ever overfilling one.

Two attendees clicking for the last place at the same moment must not both get it. Each sign-up
locks its shift's row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE transactions
serialise writers the same way), then counts the places taken: the second click waits for the
first to commit and finds the shift full. Sign-ups for a full shift join its waiting list, in
order of arrival; when a volunteer cancels (or the organizers add places), :func:`fill_places`
moves the first of the list up and e-mails them (``hallway.volunteers.tasks``).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.core import capacity
from hallway.core.formats import format_as
from hallway.volunteers import tasks
from hallway.volunteers.models import Shift, Signup


class SignupRefused(Exception):
    """The sign-up was not made; ``str()`` says why, for the volunteer."""


def _locked(shift_id: int) -> Shift:
    return Shift.objects.select_for_update().select_related("role__conference").get(pk=shift_id)


def sign_up(user, shift: Shift) -> Signup:
    """Sign ``user`` up for ``shift``: a place while there is one, else the end of its waiting
    list (``status`` says which). Returns the sign-up (the existing one if they already had
    it). Raises SignupRefused when the shift overlaps another of their shifts."""
    try:
        with transaction.atomic():
            locked = _locked(shift.pk)
            existing = Signup.objects.filter(shift=locked, user=user).first()
            if existing is not None:
                return existing
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
            taken = locked.signups.filter(status=Signup.Status.CONFIRMED).count()
            status = Signup.Status.CONFIRMED if taken < locked.capacity else Signup.Status.WAITING
            return Signup.objects.create(shift=locked, user=user, status=status)
    except IntegrityError:
        # The same attendee clicked twice at once: the unique constraint kept one sign-up.
        return Signup.objects.get(shift=shift, user=user)


def cancel_signup(user, shift: Shift) -> bool:
    """Withdraw ``user`` from ``shift`` (or its waiting list); a freed place goes to the
    waiting list. False when they were not signed up."""
    with transaction.atomic():
        locked = _locked(shift.pk)
        deleted, _details = Signup.objects.filter(shift=locked, user=user).delete()
        if deleted:
            fill_places(locked)
    return bool(deleted)


def fill_places(shift: Shift) -> list[Signup]:
    """Move volunteers up from the waiting list, in order, while the shift has room; e-mail
    each once the transaction commits. Safe to call at any time (nothing happens when the
    shift is full or nobody waits); returns the sign-ups moved up."""
    with transaction.atomic():
        locked = _locked(shift.pk)
        taken = locked.signups.filter(status=Signup.Status.CONFIRMED).count()
        waiting = locked.signups.filter(status=Signup.Status.WAITING).order_by("created_at", "pk")
        promoted = list(waiting[: max(0, locked.capacity - taken)])
        if not promoted:
            return []
        capacity.confirm(promoted, tasks.notify_promoted_on_commit)
    return promoted
