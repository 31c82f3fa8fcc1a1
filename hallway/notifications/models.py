"""What an attendee is told: notifications, their switches, and organizers' announcements.

A :class:`Notification` is written once per attendee and event of interest (a starred session
moved, its video is online, an RSVP moved up, an announcement) and keeps its own text, so the
notifications page and the e-mail digest read one table. ``key`` makes every writer
idempotent: the same news for the same attendee is stored once, however often it is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse


class Kind(models.TextChoices):
    SCHEDULE = "schedule", _("A session I starred moved, changed room or was cancelled")
    MEDIA = "media", _("A session I starred has its video or slides online")
    PLANS = "plans", _("My side-event RSVPs and volunteer shifts changed")
    ANNOUNCEMENT = "announcement", _("Announcements from the organizers")


class NotificationSettings(models.Model):
    """One attendee's switches (for every conference); rows are created on first use."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    schedule = models.BooleanField(Kind.SCHEDULE.label, default=True)
    media = models.BooleanField(Kind.MEDIA.label, default=True)
    plans = models.BooleanField(Kind.PLANS.label, default=True)
    announcement = models.BooleanField(Kind.ANNOUNCEMENT.label, default=True)
    email = models.BooleanField(_("Send me an e-mail digest (at most one an hour)"), default=True)
    last_digest_at = models.DateTimeField(_("last digest sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str) -> bool:
        return bool(getattr(self, kind))

    @property
    def kinds_on(self) -> list[str]:
        return [kind for kind in Kind.values if self.wants(kind)]


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone signed in for the conference")
    STARRED = "starred", _("Those who starred a session")
    RSVPS = "rsvps", _("A side event's RSVPs")


class AnnouncementQuerySet(models.QuerySet):
    def for_recipient(self, user, conference: Conference) -> AnnouncementQuerySet:
        """Sent announcements of ``conference`` that reached ``user``, newest first."""
        reached = Notification.objects.filter(announcement=OuterRef("pk"), user=user)
        return (
            self.filter(conference=conference, sent_at__isnull=False)
            .filter(Exists(reached))
            .order_by("-sent_at", "-pk")
        )


class Announcement(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="announcements"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), help_text=_("Markdown."))
    audience = models.CharField(
        _("to"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    session = models.ForeignKey(
        "program.Session",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
        help_text=_("With “Those who starred a session”."),
    )
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("side event"),
        help_text=_("With “A side event's RSVPs”."),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(audience="everyone")
                    | Q(audience="starred", session__isnull=False)
                    | Q(audience="rsvps", event__isnull=False)
                ),
                name="announcement_audience_target",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "notifications:announcement", pk=self.pk)

    def clean(self) -> None:
        errors = {}
        if self.audience == Audience.STARRED and not self.session_id:
            errors["session"] = _("Choose the session whose stars receive it.")
        if self.audience == Audience.RSVPS and not self.event_id:
            errors["event"] = _("Choose the side event whose RSVPs receive it.")
        for name in ("session", "event"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if (
                related is not None
                and self.conference_id
                and related.conference_id != self.conference_id
            ):
                errors[name] = _("This belongs to another conference.")
        if errors:
            raise ValidationError(errors)


class NotificationQuerySet(models.QuerySet):
    def for_page(self, user, conference: Conference, kinds: list[str]) -> NotificationQuerySet:
        """The notifications page: ``user``'s notifications of ``conference`` of the kinds
        switched on, newest first, with their announcement. One query."""
        return (
            self.filter(user=user, conference=conference, kind__in=kinds)
            .select_related("announcement")
            .order_by("-created_at", "-pk")
        )

    def pending(self) -> NotificationQuerySet:
        """Not yet through a digest (e-mailed or skipped)."""
        return self.filter(digested_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the news is about, so that writing it twice stores it once ("change:42").
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("details"), blank=True)
    # A path inside the conference's site ("/talks/error-culture/"), shown under its root.
    url = models.CharField(_("link"), max_length=500, blank=True)
    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Set when a digest took it (sent, or skipped because its kind or e-mail was off).
    digested_at = models.DateTimeField(_("in a digest"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
        indexes = [
            models.Index(fields=["user", "conference", "created_at"]),
            models.Index(fields=["digested_at", "user"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.title}"
