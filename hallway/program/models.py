import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Prefetch, Q, When, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference, Room, Tag, Track
from hallway.conferences.urls_helpers import conference_reverse


def people_prefetches() -> list[Prefetch]:
    """The prefetches of ``SessionQuerySet.with_people()``: sorted tags, and listed presenters in
    billing order as ``ordered_presenters``."""
    from hallway.people.models import Presenter

    return [
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
        Prefetch(
            "presenters",
            queryset=Presenter.objects.listed().order_by("sessionpresenter__position", "name"),
            to_attr="ordered_presenters",
        ),
    ]


class SessionQuerySet(models.QuerySet):
    def listed(self):
        """Sessions shown to the public: not hidden (cancelled ones stay, marked)."""
        return self.filter(is_hidden=False)

    def scheduled(self):
        return self.filter(start__isnull=False, end__isnull=False)

    def with_people(self):
        """Room, track, tags and ordered presenters in a constant number of queries."""
        return self.select_related("room", "track").prefetch_related(*people_prefetches())

    def for_schedule(self):
        """The shape of the schedule page: listed, scheduled, with people, in time order."""
        return self.listed().scheduled().with_people().order_by("start", "end", "room__position")

    def for_schedule_day(self, date: dt.date, tz: dt.tzinfo) -> "SessionQuerySet":
        """The schedule of one local day: sessions starting on ``date`` on the ``tz`` clock.

        The day's bounds are converted to UTC here, so the database never groups by a UTC date.
        """
        start = dt.datetime.combine(date, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return self.for_schedule().filter(start__gte=start, start__lt=end)

    def local_dates(self, tz: dt.tzinfo) -> list[dt.date]:
        """The distinct local dates (on the ``tz`` clock) that listed sessions start on."""
        return [
            moment.date()
            for moment in self.listed().scheduled().datetimes("start", "day", tzinfo=tz)
        ]

    def happening_at(self, now: dt.datetime) -> "SessionQuerySet":
        """Listed sessions running at ``now``, in room order."""
        return (
            self.listed()
            .filter(start__lte=now, end__gt=now)
            .with_people()
            .order_by("room__position", "start")
        )

    def starting_after(self, now: dt.datetime) -> "SessionQuerySet":
        """Listed sessions that start after ``now``, soonest first."""
        return self.listed().filter(start__gt=now).with_people().order_by("start", "room__position")

    def featured(self) -> "SessionQuerySet":
        """Recorded programme items for an archive's recap: keynotes first, then by time."""
        return (
            self.listed()
            .filter(is_cancelled=False, kind__in=Session.PROGRAM_KINDS)
            .exclude(video_url="")
            .with_people()
            .annotate(keynote_first=Case(When(kind=Session.Kind.KEYNOTE, then=0), default=1))
            .order_by("keynote_first", "start")
        )


class Session(models.Model):
    class Kind(models.TextChoices):
        TALK = "talk", _("Talk")
        TUTORIAL = "tutorial", _("Tutorial")
        KEYNOTE = "keynote", _("Keynote")
        LIGHTNING = "lightning", _("Lightning talks")
        PANEL = "panel", _("Panel")
        SPRINT = "sprint", _("Sprint")
        REMARKS = "remarks", _("Opening or closing remarks")
        ORIENTATION = "orientation", _("Orientation")
        BREAK = "break", _("Break")
        MEAL = "meal", _("Meal")
        REGISTRATION = "registration", _("Registration")
        SOCIAL = "social", _("Social event")
        OTHER = "other", _("Other")

    # Kinds that are part of the programme (have presenters and a page) rather than logistics.
    PROGRAM_KINDS = frozenset(
        {"talk", "tutorial", "keynote", "lightning", "panel", "sprint", "remarks", "orientation"}
    )

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TALK)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    abstract = models.TextField(_("abstract"), blank=True, help_text=_("Markdown."))
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    start = models.DateTimeField(_("start"), null=True, blank=True, db_index=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    track = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="sessions")
    presenters = models.ManyToManyField(
        "people.Presenter", through="SessionPresenter", blank=True, related_name="sessions"
    )
    level = models.CharField(_("audience level"), max_length=50, blank=True)
    language = models.CharField(_("language"), max_length=10, default="en")
    video_url = models.URLField(_("video"), blank=True)
    slides_url = models.URLField(_("slides"), blank=True)
    link_url = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        help_text=_("Where a schedule item without its own page links to (e.g. a menu page)."),
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    # Stable identity across edits, exports and re-imports (frab/pretalx "guid"). Unique per
    # conference, not globally: importing a schedule into a second conference keeps its GUIDs.
    guid = models.UUIDField(_("GUID"), default=uuid.uuid4, editable=False)
    # Where an import found this session (e.g. "talks/error-culture"), for idempotent re-imports.
    source_key = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["start", "end", "title"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="session_unique_slug"),
            models.UniqueConstraint(fields=["conference", "guid"], name="session_unique_guid"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gt=F("start")),
                name="session_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["conference", "start"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return conference_reverse(
            self.conference, "program:session-detail", section=self.url_section, slug=self.slug
        )

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The session ends before it starts.")})
        if bool(self.start) != bool(self.end):
            raise ValidationError(_("Give both a start and an end, or neither."))

    @property
    def url_section(self) -> str:
        """The first path segment of the session's page, as the old site had it."""
        return {"tutorial": "tutorials", "sprint": "sprints"}.get(self.kind, "talks")

    def load_people(self) -> "Session":
        """This session with what ``with_people()`` prefetches, fetched now unless it already is.

        Pages call it inside their cached fragments, so a fragment-cache hit costs none of these
        queries.
        """
        prefetch_related_objects([self], *people_prefetches())
        return self

    @property
    def has_page(self) -> bool:
        return self.kind in self.PROGRAM_KINDS

    @property
    def duration(self):
        if self.start and self.end:
            return self.end - self.start
        return None

    @property
    def duration_minutes(self) -> int | None:
        duration = self.duration
        return int(duration.total_seconds() // 60) if duration is not None else None

    @property
    def local_start(self):
        return self.start.astimezone(self.conference.tzinfo) if self.start else None

    @property
    def local_end(self):
        return self.end.astimezone(self.conference.tzinfo) if self.end else None


class SessionPresenter(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE)
    presenter = models.ForeignKey("people.Presenter", on_delete=models.CASCADE)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "presenter"], name="session_presenter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.presenter} @ {self.session}"


class ScheduleChangeQuerySet(models.QuerySet):
    def for_feed(self):
        return self.select_related("session", "session__conference").order_by("-created_at", "-pk")


class ScheduleChange(models.Model):
    """One change to a published session, kept so attendees can see what moved."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        MOVED = "moved", _("Moved to another room")
        RETIMED = "retimed", _("New time")
        CANCELLED = "cancelled", _("Cancelled")
        REINSTATED = "reinstated", _("Reinstated")
        REMOVED = "removed", _("Removed")
        RETITLED = "retitled", _("New title")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="schedule_changes"
    )
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    session_title = models.CharField(_("session"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    field = models.CharField(_("field"), max_length=50, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    source = models.CharField(_("source"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ScheduleChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("schedule change")
        verbose_name_plural = _("schedule changes")

    def __str__(self) -> str:
        return f"{self.session_title}: {self.get_kind_display()}"
