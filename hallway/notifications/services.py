"""Writing notifications, sending announcements and e-mail digests.

Every writer stores one row per attendee and piece of news under a ``key``; the unique
``(user, key)`` constraint makes writing the same news twice (a retried task, a signal sent
again) a no-op. The digest takes each attendee's pending rows at most once an hour and marks
them in the same transaction that queues the e-mail, so running it twice never sends twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hallway.companion.models import Attendance, Star
from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import serving_on_host
from hallway.core import members
from hallway.core.cache_keys import NOTIFICATIONS_UNREAD
from hallway.core.mail import enqueue_on_commit, render_email, send_email
from hallway.core.markdown import render_markdown
from hallway.events.models import Rsvp
from hallway.notifications import links
from hallway.notifications.models import (
    Announcement,
    Audience,
    Kind,
    Notification,
    NotificationSettings,
)
from hallway.program.models import ScheduleChange, Session

DIGEST_INTERVAL = dt.timedelta(hours=1)
UNREAD_SECONDS = 7 * 24 * 3600
# The schedule changes attendees are told about (added/removed sessions were never starred).
TOLD_CHANGES = (
    ScheduleChange.Kind.RETIMED,
    ScheduleChange.Kind.MOVED,
    ScheduleChange.Kind.CANCELLED,
    ScheduleChange.Kind.REINSTATED,
)


# Writing -----------------------------------------------------------------------------------


def inside_site(url: str) -> str:
    """A path made by ``conference_reverse`` (``/djangocon-us-2024/talks/x/``, or ``/talks/x/``
    on the conference's own host name) as a path inside the conference's site
    (``/talks/x/``), which the page and the e-mail put behind the right root."""
    if not url.startswith("/") or serving_on_host():
        return url
    return "/" + url.split("/", 2)[2] if url.count("/") >= 2 else "/"


def notify(
    user_ids: Iterable[int],
    *,
    conference_id: int,
    kind: str,
    key: str,
    title: str,
    text: str = "",
    url: str = "",
    announcement: Announcement | None = None,
) -> list[int]:
    """Store one notification per user (those who already have ``key`` keep theirs) and
    refresh their unread counts. Returns the users, sorted."""
    users = sorted(set(user_ids))
    if not users:
        return users
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=user_id,
                conference_id=conference_id,
                kind=kind,
                key=key,
                title=title[:300],
                text=text,
                url=inside_site(url)[:500],
                announcement=announcement,
            )
            for user_id in users
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    transaction.on_commit(lambda: refresh_unread(users, conference_id))
    return users


def _starrers(session_id: int, *, before=None) -> list[int]:
    stars = Star.objects.filter(session_id=session_id)
    if before is not None:
        stars = stars.filter(created_at__lte=before)
    return list(stars.values_list("user_id", flat=True).distinct())


def change_line(change: ScheduleChange) -> tuple[str, str]:
    """The title and the line that tell an attendee about a schedule change."""
    kinds = ScheduleChange.Kind
    title = change.session_title
    if change.kind == kinds.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": title}, ""
    if change.kind == kinds.REINSTATED:
        return _("Back on the schedule: %(title)s") % {"title": title}, ""
    if change.kind == kinds.MOVED:
        line = _("Now in %(new)s (was %(old)s).") % {
            "new": change.new_value or _("no room"),
            "old": change.old_value or _("no room"),
        }
        return _("New room: %(title)s") % {"title": title}, line
    line = _("Now %(new)s (was %(old)s).") % {
        "new": change.new_value or _("unscheduled"),
        "old": change.old_value or _("unscheduled"),
    }
    return _("New time: %(title)s") % {"title": title}, line


def notify_schedule_changes(session_id: int) -> int:
    """Tell those who had starred the session about its logged changes (moved, new time,
    cancelled, reinstated). Idempotent; returns how many (change, attendee) pairs it saw."""
    session = Session.objects.filter(pk=session_id).select_related("conference").first()
    if session is None:
        return 0
    seen = 0
    changes = ScheduleChange.objects.filter(session_id=session_id, kind__in=TOLD_CHANGES)
    for change in changes.order_by("pk"):
        # Stored text: in the conference's language, whoever made the change.
        with translation.override(session.conference.language):
            title, line = change_line(change)
        users = notify(
            _starrers(session_id, before=change.created_at),
            conference_id=change.conference_id,
            kind=Kind.SCHEDULE,
            key=f"change:{change.pk}",
            title=title,
            text=line,
            url=session.get_absolute_url(),
        )
        seen += len(users)
    return seen


def notify_session_media(session_id: int, *, kind: str, url: str, title: str) -> int:
    """Tell those who starred the session that its video, slides or a link is online."""
    session = Session.objects.filter(pk=session_id).select_related("conference").first()
    if session is None:
        return 0
    with translation.override(session.conference.language):
        headline = {
            "video": _("Video online: %(title)s"),
            "slides": _("Slides online: %(title)s"),
        }.get(kind, _("New link: %(title)s")) % {"title": session.title}
    digest = hashlib.sha256(url.encode()).hexdigest()[:24]
    users = notify(
        _starrers(session_id),
        conference_id=session.conference_id,
        kind=Kind.MEDIA,
        key=f"media:{session_id}:{kind}:{digest}",
        title=headline,
        text=title if title and title != session.title else "",
        url=session.get_absolute_url(),
    )
    return len(users)


def notify_rsvps_promoted(rsvp_ids: list[int]) -> int:
    """Tell attendees who moved up from a side event's waiting list."""
    told = 0
    rsvps = Rsvp.objects.filter(pk__in=rsvp_ids, status=Rsvp.Status.CONFIRMED).select_related(
        "event__conference"
    )
    for item in rsvps:
        with translation.override(item.event.conference.language):
            title = _("You have a place at %(title)s") % {"title": item.event.title}
            text = _("You moved up from the waiting list.")
        told += len(
            notify(
                [item.user_id],
                conference_id=item.event.conference_id,
                kind=Kind.PLANS,
                key=f"rsvp-promoted:{item.pk}",
                title=title,
                text=text,
                url=item.event.get_absolute_url(),
            )
        )
    return told


def notify_plan_change(
    user_ids: Iterable[int], *, conference_id: int, key: str, title: str, text: str, url: str
) -> int:
    """Tell the RSVPs of a side event, or the volunteers of a shift, that it changed."""
    return len(
        notify(
            user_ids,
            conference_id=conference_id,
            kind=Kind.PLANS,
            key=key,
            title=title,
            text=text,
            url=url,
        )
    )


# Announcements -----------------------------------------------------------------------------


def announcement_recipients(announcement: Announcement) -> list[int]:
    """The accounts an announcement goes to, by its audience."""
    if announcement.audience == Audience.STARRED:
        return _starrers(announcement.session_id)
    if announcement.audience == Audience.RSVPS:
        return list(
            Rsvp.objects.filter(event_id=announcement.event_id)
            .values_list("user_id", flat=True)
            .distinct()
        )
    conference_id = announcement.conference_id
    attending = set(
        Attendance.objects.filter(conference_id=conference_id).values_list("user_id", flat=True)
    )
    starring = Star.objects.filter(session__conference_id=conference_id)
    return sorted(attending | set(starring.values_list("user_id", flat=True).distinct()))


def send_announcement(announcement_id: int) -> int:
    """Store the announcement for each recipient (they see it on the site and in their next
    digest) and mark it sent. Running it again adds only recipients who were not reached
    yet; nobody receives it twice. Returns the number of recipients."""
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().filter(pk=announcement_id).first()
        if announcement is None:
            return 0
        users = notify(
            announcement_recipients(announcement),
            conference_id=announcement.conference_id,
            kind=Kind.ANNOUNCEMENT,
            key=f"announcement:{announcement.pk}",
            title=announcement.title,
            url=announcement.get_absolute_url(),
            announcement=announcement,
        )
        announcement.recipient_count = Notification.objects.filter(
            announcement=announcement
        ).count()
        if announcement.sent_at is None:
            announcement.sent_at = timezone.now()
        announcement.save(update_fields=["sent_at", "recipient_count"])
    return len(users)


# Settings and unread counts ----------------------------------------------------------------


def settings_for(user) -> NotificationSettings:
    """``user``'s switches (all on until they change one); saved on first change only."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def _wanted(kinds_prefix: str = "") -> Q:
    """Notifications whose kind their owner has not switched off (no settings: all on)."""
    condition = Q()
    for kind in Kind.values:
        switched_off = Q(**{f"{kinds_prefix}user__notification_settings__{kind}": False})
        condition |= Q(**{f"{kinds_prefix}kind": kind}) & ~switched_off
    return condition


def unread_key(user_id: int, conference_id: int) -> str:
    return NOTIFICATIONS_UNREAD.format(user=user_id, conference=conference_id)


def refresh_unread(user_ids: list[int], conference_id: int) -> dict[int, int]:
    """Count the unread notifications (of the kinds switched on) of ``user_ids`` and keep the
    counts in the shared cache for the account menu, which then costs no query. One query."""
    counts = dict.fromkeys(user_ids, 0)
    rows = (
        Notification.objects.filter(
            user_id__in=user_ids, conference_id=conference_id, read_at__isnull=True
        )
        .filter(_wanted())
        .values("user_id")
        .annotate(count=Count("pk"))
        .values_list("user_id", "count")
    )
    counts.update(dict(rows))
    cache.set_many(
        {unread_key(user_id, conference_id): count for user_id, count in counts.items()},
        UNREAD_SECONDS,
    )
    # The count shows in their account menu, which pages shared by attendees keep per member.
    members.bump(counts)
    return counts


def cached_unread(user_id: int, conference_id: int) -> int | None:
    """The unread count the cache holds, or None when it holds none (no query either way)."""
    return cache.get(unread_key(user_id, conference_id))


def mark_read(user, conference: Conference) -> int:
    """Mark every notification of ``user`` at ``conference`` read; the menu count drops to 0."""
    marked = Notification.objects.filter(
        user=user, conference=conference, read_at__isnull=True
    ).update(read_at=timezone.now())
    cache.set(unread_key(user.pk, conference.pk), 0, UNREAD_SECONDS)
    members.bump([user.pk])
    return marked


def unsubscribe(user_id: int) -> bool:
    """Switch ``user_id``'s e-mail digest off. False when the account is gone."""
    if not get_user_model().objects.filter(pk=user_id).exists():
        return False
    NotificationSettings.objects.update_or_create(user_id=user_id, defaults={"email": False})
    return True


# The digest --------------------------------------------------------------------------------


def _digest_email(user, notes: list[Notification]) -> dict:
    conferences: dict[int, Conference] = {}
    groups: dict[int, list[Notification]] = {}
    roots: dict[int, str] = {}
    for note in notes:
        conferences.setdefault(note.conference_id, note.conference)
        groups.setdefault(note.conference_id, []).append(note)
        if note.conference_id not in roots:
            roots[note.conference_id] = links.absolute(note.conference, "conferences:home")
        note.link = roots[note.conference_id].rstrip("/") + note.url if note.url else ""
        note.body_html = render_markdown(note.announcement.body) if note.announcement else ""
    first = next(iter(conferences.values()))
    names = ", ".join(conference.name for conference in conferences.values())
    unsubscribe_url = links.absolute(
        first, "notifications:unsubscribe", token=links.unsubscribe_token(user)
    )
    context = {
        "user": user,
        "name": user.get_full_name() or user.get_username(),
        "conference_names": names,
        "count": len(notes),
        "groups": [
            {
                "conference": conferences[pk],
                "notes": items,
                "page_url": links.absolute(conferences[pk], "notifications:list"),
            }
            for pk, items in groups.items()
        ],
        "settings_url": links.absolute(first, "notifications:settings"),
        "unsubscribe_url": unsubscribe_url,
    }
    # Sent by a background task: in the (first) conference's language.
    with translation.override(first.language):
        message = render_email("notifications/email/digest", context)
        values = {"conference": names, "title": notes[0].title, "count": len(notes)}
        if len(notes) == 1:
            message["subject"] = _("%(conference)s: %(title)s") % values
        else:
            message["subject"] = (
                ngettext(
                    "%(conference)s: %(count)d update",
                    "%(conference)s: %(count)d updates",
                    len(notes),
                )
                % values
            )
    return {
        **message,
        "to": [user.email],
        "from_email": formataddr((first.name, settings.DEFAULT_FROM_EMAIL)),
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


def send_digest(user_id: int, *, now: dt.datetime | None = None) -> bool:
    """One attendee's digest: every pending notification of the kinds they want, in one
    e-mail, unless they had one in the last hour (the notifications then wait for the next
    run). Pending notifications they do not want are marked and never sent. Returns whether
    an e-mail was queued."""
    now = now or timezone.now()
    with transaction.atomic():
        switches, _created = NotificationSettings.objects.select_for_update().get_or_create(
            user_id=user_id
        )
        if switches.last_digest_at and now - switches.last_digest_at < DIGEST_INTERVAL:
            return False
        pending = list(
            Notification.objects.pending()
            .filter(user_id=user_id, created_at__lte=now)
            .select_related("conference", "announcement", "user")
            .order_by("conference_id", "created_at", "pk")
        )
        if not pending:
            return False
        Notification.objects.filter(pk__in=[note.pk for note in pending]).update(digested_at=now)
        user = pending[0].user
        wanted = [note for note in pending if switches.wants(note.kind)]
        if not (switches.email and wanted and user.email and user.is_active):
            return False
        enqueue_on_commit(send_email, **_digest_email(user, wanted))
        switches.last_digest_at = now
        switches.save(update_fields=["last_digest_at"])
    return True


def send_digests(*, now: dt.datetime | None = None) -> int:
    """Every attendee's digest that is due (see :func:`send_digest`); returns how many
    e-mails were queued. Safe to run as often as you like: cron or the task worker runs it."""
    now = now or timezone.now()
    users = (
        Notification.objects.pending()
        .filter(created_at__lte=now)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    return sum(send_digest(user_id, now=now) for user_id in list(users))
