"""A confirmed sign-up deleted without :func:`~hallway.volunteers.services.cancel_signup` (an
attendee deleting their account, an organizer in the admin) frees a place too: the shift's
waiting list moves up once that deletion commits (``hallway.core.capacity``)."""

from __future__ import annotations

from hallway.core.capacity import refill_when_deleted


def connect() -> None:
    from hallway.volunteers import services
    from hallway.volunteers.models import Signup

    refill_when_deleted(
        Signup,
        parent="shift",
        holds_a_place=lambda signup: signup.status == Signup.Status.CONFIRMED,
        fill=services.fill_places,
        dispatch_uid="hallway-volunteers-signup-freed",
    )
