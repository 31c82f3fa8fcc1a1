"""Writes to the programme that more than one caller needs (imports, admin)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from hallway.program.changes import record_removed, recording_changes
from hallway.program.models import Session


@dataclass(frozen=True)
class RemovalResult:
    removed: int
    cancelled: int


def attendee_data_condition() -> Q:
    """True for sessions that something outside the programme points at.

    Found generically from ``Session._meta.related_objects``: every foreign key (or
    many-to-many) to Session from a model of another app (the companion's stars, notes and
    photos, say) counts, without this module importing those apps. The programme's own
    models (presenters, the change log) do not count. Generic foreign keys are invisible here.
    """
    conditions = []
    for relation in Session._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == Session._meta.app_label:
            continue
        if relation.many_to_many:
            through = relation.through
            field = next(
                f.name for f in through._meta.fields if f.is_relation and f.related_model is Session
            )
            rows = through._base_manager.filter(**{field: OuterRef("pk")})
        else:
            rows = model._base_manager.filter(**{relation.field.name: OuterRef("pk")})
        conditions.append(Q(Exists(rows)))
    # No such relation: nothing can be attached, and Q() would match everything.
    return reduce(or_, conditions) if conditions else Q(pk__in=[])


@transaction.atomic
def remove_sessions(sessions: QuerySet, *, source: str) -> RemovalResult:
    """Remove sessions that left the programme.

    Sessions that attendees attached data to (stars, notes, photos) are kept and marked
    cancelled instead, so nothing an attendee wrote is lost; every removal is logged.
    """
    sessions = sessions.select_related("room", "conference")
    with recording_changes(source):
        keep = set(sessions.filter(attendee_data_condition()).values_list("pk", flat=True))
        removed = cancelled = 0
        for session in sessions:
            if session.pk in keep:
                if not session.is_cancelled:
                    session.is_cancelled = True
                    session.save(update_fields=["is_cancelled", "updated_at"])
                    cancelled += 1
            else:
                record_removed(session)
                removed += 1
        Session.objects.filter(pk__in=[s.pk for s in sessions if s.pk not in keep]).delete()
    return RemovalResult(removed=removed, cancelled=cancelled)
