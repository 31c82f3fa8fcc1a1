from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.program.models import Session


class VideoQuerySet(models.QuerySet):
    def for_review(self):
        """The admin's and the report's shape: session and conference joined."""
        return self.select_related("conference", "session")

    def confirmed(self):
        return self.filter(status=Video.Status.CONFIRMED)

    def waiting(self):
        """Videos an organizer still has to decide on: proposed or without a match."""
        return self.filter(status__in=[Video.Status.PROPOSED, Video.Status.UNMATCHED])


class Video(models.Model):
    """One video of an imported playlist and the session it was matched to."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        UNMATCHED = "unmatched", _("No match")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="videos")
    # The platform's id (a YouTube video id), or the URL itself for other hosts: the key that
    # makes re-importing a playlist add only what is new.
    video_id = models.CharField(_("video id"), max_length=300)
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("URL"), max_length=500)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position in the playlist"), default=0)
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replays",
        verbose_name=_("session"),
    )
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNMATCHED
    )
    source = models.CharField(_("imported from"), max_length=50, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = VideoQuerySet.as_manager()

    class Meta:
        ordering = ["conference", "position", "pk"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        constraints = [
            models.UniqueConstraint(fields=["conference", "video_id"], name="video_unique_id"),
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(status="confirmed"),
                name="video_one_confirmed_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__isnull=True)
                | models.Q(confidence__gte=0, confidence__lte=1),
                name="video_confidence_0_1",
            ),
        ]

    def __str__(self) -> str:
        return self.title
