"""Orchestration for the attendee companion: stars, feeds, photos, data export, deletion."""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zipfile
from collections.abc import Iterable

import icalendar
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.companion import photos as photo_processing
from hallway.companion.extras import AgendaExtra, agenda_extras
from hallway.companion.models import (
    DEFAULT_LABELS,
    PHOTO_WIDTHS,
    Attendance,
    Contact,
    Label,
    Moment,
    Note,
    Photo,
    Recap,
    ShareLink,
    Star,
    Visit,
    photo_path,
)
from hallway.companion.stars import session_star_ids, set_session_star_ids
from hallway.conferences.models import Conference
from hallway.core import members
from hallway.core.seams import session_extras
from hallway.core.storage import private_storage
from hallway.core.tasks import enqueue_on_commit
from hallway.interop.formats.ical import _ical_time, session_uid, sessions_to_ical
from hallway.program.models import ScheduleChange, Session

# Labels -------------------------------------------------------------------------------------


def labels_for(user) -> list[Label]:
    """The user's labels in order; the defaults are created first (and when all are gone)."""
    labels = list(Label.objects.filter(user=user))
    if not labels:
        Label.objects.bulk_create(
            [Label(user=user, name=name, position=n) for n, name in enumerate(DEFAULT_LABELS)],
            ignore_conflicts=True,
        )
        members.bump([user.pk])  # bulk_create sends no signal
        labels = list(Label.objects.filter(user=user))
    return labels


def primary_label(user) -> Label:
    """The label a one-click star uses: the first of the user's labels ("Agenda")."""
    return labels_for(user)[0]


# Stars --------------------------------------------------------------------------------------


@transaction.atomic
def toggle_star(user, session: Session, *, label: Label | None = None) -> bool:
    """Star ``session`` under ``label`` (default: the primary label), or unstar it.

    Without a label, unstarring removes the session from every label. Returns whether the
    session is starred (under any label) afterwards.
    """
    if label is None:
        existing = Star.objects.filter(user=user, session=session)
        if existing.exists():
            existing.delete()
            return False
        # get_or_create: a double click must not trip the unique constraint.
        Star.objects.get_or_create(user=user, session=session, label=primary_label(user))
        return True
    deleted, _counts = Star.objects.filter(user=user, session=session, label=label).delete()
    if not deleted:
        Star.objects.get_or_create(user=user, session=session, label=label)
    return Star.objects.filter(user=user, session=session).exists()


@transaction.atomic
def set_session_labels(user, session: Session, labels: Iterable[Label]) -> None:
    """Make ``labels`` exactly the labels ``session`` is starred under (none: unstarred)."""
    wanted = {label.pk for label in labels}
    Star.objects.filter(user=user, session=session).exclude(label__in=wanted).delete()
    have = set(Star.objects.filter(user=user, session=session).values_list("label_id", flat=True))
    Star.objects.bulk_create(
        [Star(user=user, session=session, label_id=pk) for pk in sorted(wanted - have)]
    )
    members.bump([user.pk])  # bulk_create sends no signal


def toggle_anonymous_star(request, session: Session) -> bool:
    """Star or unstar for an anonymous visitor (kept in their session); returns the new state."""
    ids = session_star_ids(request, session.conference)
    starred = session.pk not in ids
    ids = [*ids, session.pk] if starred else [pk for pk in ids if pk != session.pk]
    set_session_star_ids(request, session.conference, ids)
    return starred


@transaction.atomic
def adopt_session_stars(request, user) -> int:
    """Move an anonymous visitor's picks to ``user`` under their primary label; returns how many."""
    from hallway.companion.stars import SESSION_KEY

    stored = request.session.get(SESSION_KEY) or {}
    session_ids = [pk for ids in stored.values() for pk in ids]
    if not session_ids:
        return 0
    label = primary_label(user)
    existing = set(
        Star.objects.filter(label=label, session_id__in=session_ids).values_list(
            "session_id", flat=True
        )
    )
    valid = Session.objects.filter(pk__in=session_ids).values_list("pk", flat=True)
    new = [Star(user=user, session_id=pk, label=label) for pk in valid if pk not in existing]
    Star.objects.bulk_create(new)
    members.bump([user.pk])  # bulk_create sends no signal
    del request.session[SESSION_KEY]
    return len(new)


# Agenda, feed and schedule changes -----------------------------------------------------------


def attendance_for(user, conference: Conference) -> Attendance:
    attendance, _created = Attendance.objects.get_or_create(user=user, conference=conference)
    attendance.user, attendance.conference = user, conference  # already loaded: no query
    return attendance


def reset_feed_token(attendance: Attendance) -> Attendance:
    """A new secret for the calendar feed; the old URL stops working at once."""
    attendance.feed_token = uuid.uuid4().hex + uuid.uuid4().hex
    attendance.save(update_fields=["feed_token"])
    return attendance


def changes_for(user, conference: Conference, *, since=None) -> QuerySet[ScheduleChange]:
    """Schedule changes to sessions ``user`` had starred when they happened (after ``since``)."""
    starred_before = Star.objects.filter(
        user=user, session=OuterRef("session"), created_at__lte=OuterRef("created_at")
    )
    changes = (
        ScheduleChange.objects.filter(conference=conference)
        .filter(Exists(starred_before))
        .select_related("session")
        .order_by("-created_at", "-pk")
    )
    if since is not None:
        changes = changes.filter(created_at__gt=since)
    return changes


def change_text(change: ScheduleChange) -> str:
    """One line about a schedule change, for the calendar feed."""
    text = _("Schedule change") + f": {change.get_kind_display()}"
    if change.old_value or change.new_value:
        text += (
            f" ({change.old_value} → {change.new_value})"
            if change.old_value
            else (f" ({change.new_value})")
        )
    return text


def agenda_calendar(attendance: Attendance, *, url_base: str) -> bytes:
    """The attendee's private iCalendar feed: their starred sessions, each with the schedule
    changes made to it since they starred it at the top of its description.

    Calendar apps poll the feed, so moved, retimed and cancelled sessions update by themselves.
    """
    user, conference = attendance.user, attendance.conference
    sessions = list(
        conference.sessions.filter(stars__user=user).distinct().with_people().order_by("start")
    )
    name = _("%(conference)s: my agenda") % {"conference": conference.name}
    body = sessions_to_ical(
        conference,
        sessions,
        name=name,
        url_base=url_base,
        extras=session_extras.for_sessions(conference, sessions),
    )
    notes: dict[str, list[str]] = {}
    for change in changes_for(user, conference).filter(session__isnull=False):
        notes.setdefault(session_uid(change.session), []).append(change_text(change))
    extras = agenda_extras.for_user(user, conference)
    if not notes and not extras:
        return body
    calendar = icalendar.Calendar.from_ical(body)
    for event in calendar.walk("VEVENT"):
        lines = notes.get(str(event["UID"]))
        if lines:
            description = "\n".join(lines)
            if event.get("DESCRIPTION"):
                description += "\n\n" + str(event["DESCRIPTION"])
            event["DESCRIPTION"] = icalendar.vText(description)
    if extras:
        for extra in extras:
            calendar.add_component(extra_event(extra, conference, url_base=url_base))
        moments = [moment for extra in extras for moment in (extra.start, extra.end)]
        calendar.add_missing_timezones(
            first_date=min(moments).date() - dt.timedelta(days=366),
            last_date=max(moments).date() + dt.timedelta(days=366),
        )
    return calendar.to_ical()


def extra_event(extra: AgendaExtra, conference: Conference, *, url_base: str) -> icalendar.Event:
    """A VEVENT for a volunteer shift, a side event… of the attendee's agenda. Items still on
    a waiting list are TENTATIVE, with their status in the summary."""
    tz = conference.tzinfo
    event = icalendar.Event()
    event.add("uid", extra.uid)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC).replace(microsecond=0))
    event.add("dtstart", _ical_time(extra.start, tz))
    event.add("dtend", _ical_time(extra.end, tz))
    summary = extra.title if extra.is_confirmed else f"{extra.title} ({extra.status})"
    event.add("summary", summary)
    if extra.location:
        event.add("location", extra.location)
    if extra.url:
        event.add("url", url_base.rstrip("/") + extra.url)
    if extra.description:
        event.add("description", extra.description)
    if extra.label:
        event.add("categories", [str(extra.label)])
    event.add("status", "CONFIRMED" if extra.is_confirmed else "TENTATIVE")
    event.add("transp", "OPAQUE")
    return event


def dismiss_changes(attendance: Attendance) -> None:
    attendance.changes_seen_at = timezone.now()
    attendance.save(update_fields=["changes_seen_at"])


def create_share_link(user, conference: Conference, *, label: Label | None = None) -> ShareLink:
    return ShareLink.objects.create(user=user, conference=conference, label=label)


# Photos -------------------------------------------------------------------------------------


@transaction.atomic
def store_photo(user, conference: Conference, upload, **fields) -> Photo:
    """Check, clean and store an upload (see hallway.companion.photos) as a private Photo.

    ``fields`` are the Photo's own fields (caption, credit, session / moment / visit).
    Raises ValidationError naming the problem with the file. The WebP renditions are made by
    a background task once this commits; until then pages show the (clean) original.
    """
    from hallway.companion.tasks import make_photo_renditions

    processed = photo_processing.process_upload(upload)
    stem = uuid.uuid4().hex
    photo = Photo(user=user, conference=conference, **fields)
    storage = private_storage()
    photo.image.name = storage.save(
        photo_path(photo, f"{stem}.{processed.extension}"), ContentFile(processed.content)
    )
    photo.width, photo.height = processed.width, processed.height
    photo.renditions = []
    # If saving the row fails, the file must not stay behind.
    try:
        photo.save()
    except Exception:
        delete_photo_files(photo)
        raise
    enqueue_on_commit(make_photo_renditions, photo.pk)
    return photo


def delete_photo_files(photo: Photo) -> None:
    """Remove the photo's image and every rendition it has or may be getting (a task making
    them may not have recorded them on this copy of the row yet)."""
    storage = private_storage()
    names = {photo.image.name, *(photo.rendition_name(width) for width in PHOTO_WIDTHS)}
    for name in sorted(names):
        if name and storage.exists(name):
            storage.delete(name)


# Recap --------------------------------------------------------------------------------------


def publish_recap(recap: Recap) -> Recap:
    """Make the recap (and the photos in it) public at its address."""
    recap.is_published = True
    recap.published_at = recap.published_at or timezone.now()
    recap.save(update_fields=["is_published", "published_at", "updated_at"])
    return recap


def unpublish_recap(recap: Recap) -> Recap:
    """Private again: the public address and its photos answer 404 at once."""
    recap.is_published = False
    recap.save(update_fields=["is_published", "updated_at"])
    return recap


# The attendee's data ------------------------------------------------------------------------


def _dump(queryset, fields: list[str]) -> list[dict]:
    return [
        {field: _jsonable(value) for field, value in row.items()}
        for row in queryset.values(*fields)
    ]


def _jsonable(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def export_user_data(user) -> bytes:
    """A zip of everything the companion holds about ``user``: ``data.json`` and their photos."""
    photos = Photo.objects.filter(user=user).select_related("conference")
    data = {
        "user": {
            "username": user.get_username(),
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
        },
        "labels": _dump(Label.objects.filter(user=user), ["id", "name", "position"]),
        "stars": _dump(
            Star.objects.filter(user=user),
            [
                "session__conference__slug",
                "session__slug",
                "session__title",
                "label__name",
                "created_at",
            ],
        ),
        "notes": _dump(
            Note.objects.filter(user=user),
            [
                "session__conference__slug",
                "session__slug",
                "session__title",
                "body",
                "is_draft",
                "updated_at",
            ],
        ),
        "moments": _dump(
            Moment.objects.filter(user=user),
            ["id", "conference__slug", "title", "date", "time", "place", "body", "is_draft"],
        ),
        "people": _dump(
            Contact.objects.filter(user=user),
            ["id", "conference__slug", "name", "met_where", "talked_about", "url"],
        ),
        "places": _dump(
            Visit.objects.filter(user=user),
            [
                "id",
                "conference__slug",
                "guide_place__slug",
                "name",
                "category",
                "url",
                "what_i_had",
                "notes",
            ],
        ),
        "photos": [
            {
                "id": photo.pk,
                "conference": photo.conference.slug,
                "file": f"photos/{photo.pk}.{photo.extension}",
                "caption": photo.caption,
                "credit": photo.credit,
                "session_id": photo.session_id,
                "moment_id": photo.moment_id,
                "place_id": photo.visit_id,
            }
            for photo in photos
        ],
        "recaps": _dump(
            Recap.objects.filter(user=user),
            [
                "conference__slug",
                "title",
                "intro",
                "label__name",
                "drafts_as_comments",
                "is_published",
            ],
        ),
        "share_links": _dump(
            ShareLink.objects.filter(user=user), ["conference__slug", "label__name", "created_at"]
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        for photo in photos:
            with private_storage().open(photo.image.name, "rb") as handle:
                archive.writestr(f"photos/{photo.pk}.{photo.extension}", handle.read())
    return buffer.getvalue()


@transaction.atomic
def delete_account(user) -> None:
    """Delete ``user`` with everything they made.

    Photo files are removed by the post_delete receiver in hallway.companion.signals once the
    deletion commits, for cascades too.
    """
    user.delete()
