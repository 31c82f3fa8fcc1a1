"""Following a live programme: the URL a conference's schedule is pulled from, and each pull."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference


class ScheduleSource(models.Model):
    """A schedule URL (pretalx, frab, any schedule JSON/XML export) that a conference follows:
    ``sync_schedules`` pulls it with conditional requests and applies what changed."""

    # Pulls and their bookkeeping show nowhere on public pages (the sessions they change do).
    affects_public_pages = False

    conference = models.OneToOneField(
        Conference,
        on_delete=models.CASCADE,
        related_name="schedule_source",
        verbose_name=_("conference"),
    )
    url = models.URLField(
        _("URL"),
        max_length=1000,
        help_text=_(
            "An http(s) URL of a schedule export, e.g. https://pretalx.com/democon/schedule/export/schedule.json"
        ),
    )
    is_enabled = models.BooleanField(
        _("follow"), default=True, help_text=_("Untick to stop pulling without forgetting.")
    )
    keep_missing = models.BooleanField(
        _("keep missing sessions"),
        default=False,
        help_text=_(
            "Keep sessions that are no longer in the source. By default they are removed, or "
            "kept as cancelled when attendees starred them or took notes."
        ),
    )
    # The validators of the last answer, sent back as If-None-Match / If-Modified-Since.
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)
    # For servers without validators: the same bytes again are "not modified" too.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    last_pulled_at = models.DateTimeField(_("last pulled"), null=True, blank=True, editable=False)
    last_result = models.CharField(_("last result"), max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["conference__slug"]
        verbose_name = _("schedule source")
        verbose_name_plural = _("schedule sources")
        permissions = [("import_schedule", _("Can import schedules and pull followed sources"))]

    def __str__(self) -> str:
        return f"{self.conference} ← {self.url}"


class ScheduleSync(models.Model):
    """One pull of a followed schedule: when, what it answered, what changed, or why not."""

    affects_public_pages = False

    class Result(models.TextChoices):
        OK = "ok", _("Imported")
        NOT_MODIFIED = "not-modified", _("Not modified")
        ERROR = "error", _("Error")

    class Trigger(models.TextChoices):
        COMMAND = "command", _("Command")
        TASK = "task", _("Background task")
        ADMIN = "admin", _("Admin")

    source = models.ForeignKey(
        ScheduleSource, on_delete=models.CASCADE, related_name="syncs", verbose_name=_("source")
    )
    started_at = models.DateTimeField(_("started"), db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    trigger = models.CharField(_("by"), max_length=10, choices=Trigger.choices)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # What attendees are told: [{"kind", "session", "old", "new"}], in the change log's words.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("schedule pull")
        verbose_name_plural = _("schedule pulls")

    def __str__(self) -> str:
        when = f"{self.started_at:%Y-%m-%d %H:%M}"
        return f"{self.source.conference} · {when} · {self.get_result_display()}"
