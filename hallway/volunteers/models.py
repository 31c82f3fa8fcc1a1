"""Volunteering: roles (registration desk, session chair, swag stuffing…) and their shifts,
which attendees sign up for until each is full, then join its waiting list."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse


class RoleQuerySet(models.QuerySet):
    def for_board(self, conference: Conference, user) -> RoleQuerySet:
        """The volunteer page: the conference's roles in order, each with its shifts in time
        order in ``board_shifts`` (see ``ShiftQuerySet.for_board``). Two queries."""
        return (
            self.filter(conference=conference)
            .order_by("position", "name")
            .prefetch_related(
                Prefetch(
                    "shifts",
                    queryset=Shift.objects.for_board(user),
                    to_attr="board_shifts",
                )
            )
        )


class Role(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="volunteer_roles"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: what volunteers do in this role.")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "slug"], name="volunteer_role_unique_slug"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ShiftQuerySet(models.QuerySet):
    def with_taken(self) -> ShiftQuerySet:
        """Each shift's ``taken`` places (its confirmed sign-ups) and ``waiting`` (its waiting
        list), counted in the same query."""
        return self.annotate(
            taken=Count(
                "signups", filter=Q(signups__status=Signup.Status.CONFIRMED), distinct=True
            ),
            waiting=Count(
                "signups", filter=Q(signups__status=Signup.Status.WAITING), distinct=True
            ),
        )

    def for_board(self, user) -> ShiftQuerySet:
        """Shifts as the volunteer page shows them: taken places and the waiting list, whether
        ``user`` signed up (``is_mine``) or waits (``is_waiting``), with their session and room,
        in time order."""
        shifts = self.with_taken().select_related("session__room").order_by("starts_at", "pk")
        if user.is_authenticated:
            mine = Signup.objects.filter(shift=OuterRef("pk"), user=user)
            return shifts.annotate(
                is_mine=Exists(mine.filter(status=Signup.Status.CONFIRMED)),
                is_waiting=Exists(mine.filter(status=Signup.Status.WAITING)),
            )
        return shifts.annotate(is_mine=models.Value(False), is_waiting=models.Value(False))

    def for_roster(self, conference: Conference) -> ShiftQuerySet:
        """The organizers' roster: every shift with its role, session and volunteers (those
        signed up, then the waiting list, each oldest first, with their user) in
        ``roster_signups``. Two queries."""
        return (
            self.filter(role__conference=conference)
            .with_taken()
            .select_related("role", "session__room")
            .order_by("role__position", "role__name", "starts_at", "pk")
            .prefetch_related(
                Prefetch(
                    "signups",
                    queryset=Signup.objects.select_related("user").order_by(
                        "status", "created_at", "pk"
                    ),
                    to_attr="roster_signups",
                )
            )
        )


class Shift(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=1, help_text=_("How many volunteers this shift needs.")
    )
    location = models.CharField(
        _("location"),
        max_length=200,
        blank=True,
        help_text=_("Empty for a session chair: the session's room."),
    )
    session = models.ForeignKey(
        "program.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer_shifts",
        verbose_name=_("session"),
        help_text=_("For session chairs: the session they introduce."),
    )
    notes = models.TextField(_("notes for volunteers"), blank=True, help_text=_("Markdown."))

    objects = ShiftQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("volunteer shift")
        verbose_name_plural = _("volunteer shifts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="volunteer_shift_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="volunteer_shift_capacity"),
        ]
        indexes = [models.Index(fields=["role", "starts_at"])]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at, self.role.conference.tzinfo)
        return f"{self.role.name}, {start:%a %d %b %H:%M}"

    def get_absolute_url(self) -> str:
        return conference_reverse(self.role.conference, "volunteers:board") + f"#shift-{self.pk}"

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The shift ends before it starts.")
        if (
            self.session_id
            and self.role_id
            and self.session.conference_id != self.role.conference_id
        ):
            errors["session"] = _("This session belongs to another conference.")
        if errors:
            raise ValidationError(errors)

    @property
    def place(self) -> str:
        """Where volunteers go: the location, or the chaired session's room."""
        if self.location:
            return self.location
        if self.session_id and self.session.room_id:
            return self.session.room.name
        return ""

    @property
    def places_left(self) -> int:
        """Free places; needs ``taken`` (``ShiftQuerySet.with_taken``)."""
        return max(0, self.capacity - self.taken)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0


class Signup(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Signed up")
        WAITING = "waiting", _("Waiting list")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_signups"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("volunteer sign-up")
        verbose_name_plural = _("volunteer sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["shift", "user"], name="volunteer_signup_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.shift}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED
