"""Side events outside the programme (a social at a brewery, a leadership summit, board games)
with RSVPs and a waiting list."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def with_counts(self) -> EventQuerySet:
        """``confirmed_count`` and ``waiting_count`` in the same query."""
        return self.annotate(
            confirmed_count=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.CONFIRMED)),
            waiting_count=Count("rsvps", filter=Q(rsvps__status=Rsvp.Status.WAITING)),
        )

    def for_listing(self, user) -> EventQuerySet:
        """The events page and an event's page: published events in time order with their
        place, sponsor and counts, and ``my_status`` (the user's RSVP status, or None). One
        query."""
        events = (
            self.published()
            .with_counts()
            .select_related("place", "sponsor")
            .order_by("starts_at", "title")
        )
        if user.is_authenticated:
            mine = Rsvp.objects.filter(event=OuterRef("pk"), user=user).values("status")[:1]
            return events.annotate(my_status=Subquery(mine))
        return events.annotate(my_status=models.Value(None, output_field=models.CharField()))


class Event(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="side_events")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    host = models.CharField(
        _("host"), max_length=200, blank=True, help_text=_("Who runs it: a person or a group.")
    )
    place = models.ForeignKey(
        "content.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="side_events",
        verbose_name=_("place from the local guide"),
    )
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("Where it is, when the place is not in the local guide (or to add a room)."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit. When it is full, new RSVPs join the waiting list."),
    )
    sponsor = models.ForeignKey(
        "content.Sponsor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="side_events",
        verbose_name=_("sponsor"),
    )
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Unpublished events show to nobody.")
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "title"]
        verbose_name = _("side event")
        verbose_name_plural = _("side events")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="side_event_unique_slug"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="side_event_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "events:event-detail", slug=self.slug)

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event ends before it starts.")
        if not self.place_id and not self.address.strip():
            errors["address"] = _("Choose a place from the local guide or give an address.")
        for name in ("place", "sponsor"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if (
                related is not None
                and self.conference_id
                and (related.conference_id != self.conference_id)
            ):
                errors[name] = _("This belongs to another conference.")
        if errors:
            raise ValidationError(errors)

    @property
    def location(self) -> str:
        """The place's name and address, or the free address."""
        if self.place_id:
            parts = [self.place.name, self.address or self.place.address]
            return ", ".join(part for part in parts if part)
        return self.address

    @property
    def places_left(self) -> int | None:
        """Free places (needs ``confirmed_count``); None when there is no limit."""
        if self.capacity is None:
            return None
        return max(0, self.capacity - self.confirmed_count)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0


class Rsvp(models.Model):
    """One attendee's answer to a side event: a place, or a place in the waiting list.

    The waiting list is served in order of arrival (``created_at``, then ``pk``)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_rsvps"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)
    promoted_at = models.DateTimeField(
        _("moved up from the waiting list"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="rsvp_once")]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED
