"""Visa invitation letters: an attendee's or speaker's request, its review, and the letter.

Passport data (name as in the passport, nationality, passport number, date of birth) is the
most sensitive data Hallway holds. It is shown only to the requester and to organizers with the
``visas.review_visarequest`` permission, is never part of an export, the API or the static
build, and is erased ``HALLWAY_VISA_RETENTION_DAYS`` after the conference, leaving the decision.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference

FEATURE_KEY = "visa-letter"
# How far before the first day and after the last day the stay may reach.
TRAVEL_WINDOW_DAYS = 30
PASSPORT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")
# Passport fields erased after the conference; the decision (status, dates, who) stays.
PASSPORT_FIELDS = (
    "passport_name",
    "nationality",
    "passport_number",
    "birth_date",
    "arrival_date",
    "departure_date",
    "registration_reference",
    "requester_note",
)


def normalize_passport_number(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "").upper()


def validate_latin_name(value: str) -> None:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError as error:
        raise ValidationError(
            _(
                "Write your name in Latin letters, as in the machine-readable lines of your "
                "passport."
            )
        ) from error


class VisaSettings(models.Model):
    """The letterhead and signatory of one conference's letters."""

    conference = models.OneToOneField(
        Conference, on_delete=models.CASCADE, related_name="visa_settings"
    )
    organization_name = models.CharField(
        _("organization"), max_length=200, help_text=_("e.g. Defna (DjangoCon US organizers).")
    )
    organization_address = models.TextField(_("organization address"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=200)
    signatory_title = models.CharField(_("signatory's title"), max_length=200)
    purpose = models.TextField(
        _("purpose of the visit"),
        default=_(
            "to attend the conference, a community event about the Django web framework with "
            "talks, tutorials and development sprints"
        ),
        help_text=_("Completes the sentence “… is invited …”."),
    )

    class Meta:
        verbose_name = _("visa letter settings")
        verbose_name_plural = _("visa letter settings")

    def __str__(self) -> str:
        return str(self.conference)


class VisaRequestQuerySet(models.QuerySet):
    def for_review(self):
        """The admin changelist's shape."""
        return self.select_related("conference", "user", "decided_by")

    def due_for_erasure(self, today: dt.date, retention_days: int):
        """Requests whose conference ended more than ``retention_days`` before ``today``."""
        return self.filter(
            erased_at__isnull=True,
            conference__ends_on__lt=today - dt.timedelta(days=retention_days),
        )


class VisaRequest(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, waiting for review")
        MORE_INFO = "more-info", _("More information needed")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    class Role(models.TextChoices):
        ATTENDEE = "attendee", _("Registered attendee")
        SPEAKER = "speaker", _("Speaker")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="visa_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visa_requests"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    passport_name = models.CharField(
        _("full name as in the passport"),
        max_length=200,
        blank=True,
        validators=[validate_latin_name],
    )
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival"), null=True, blank=True)
    departure_date = models.DateField(_("departure"), null=True, blank=True)
    role = models.CharField(
        _("you come as"), max_length=20, choices=Role.choices, default=Role.ATTENDEE
    )
    registration_reference = models.CharField(
        _("ticket or order number"),
        max_length=100,
        blank=True,
        help_text=_("Speakers may leave it empty."),
    )
    requester_note = models.TextField(_("note to the organizers"), blank=True)
    organizer_message = models.TextField(
        _("message to the requester"),
        blank=True,
        help_text=_("Required to decline (the reason) or to ask for more information."),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    letter_sent_at = models.DateTimeField(_("letter e-mailed"), null=True, blank=True)
    erased_at = models.DateTimeField(_("passport data erased"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VisaRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("visa letter request")
        verbose_name_plural = _("visa letter requests")
        permissions = [
            ("review_visarequest", _("Can see passport data and decide visa letter requests"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "user"], name="visarequest_one_per_attendee"
            ),
            models.CheckConstraint(
                condition=Q(departure_date__isnull=True)
                | Q(arrival_date__isnull=True)
                | Q(departure_date__gte=F("arrival_date")),
                name="visarequest_departure_after_arrival",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.conference}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        self.passport_number = normalize_passport_number(self.passport_number)
        if self.passport_number and not PASSPORT_NUMBER.match(self.passport_number):
            errors["passport_number"] = _(
                "A passport number has 5 to 20 letters and digits (spaces and dashes are ignored)."
            )
        today = timezone.localdate()
        if self.birth_date and self.birth_date >= today:
            errors["birth_date"] = _("The date of birth must be in the past.")
        elif self.birth_date and self.birth_date.year < 1900:
            errors["birth_date"] = _("Check the year of the date of birth.")
        conference = self.conference if self.conference_id else None
        if self.arrival_date and self.departure_date:
            if self.departure_date < self.arrival_date:
                errors["departure_date"] = _("The departure is before the arrival.")
            elif conference is not None:
                window = dt.timedelta(days=TRAVEL_WINDOW_DAYS)
                if self.arrival_date > conference.ends_on:
                    errors["arrival_date"] = _("You would arrive after the conference ends.")
                elif self.departure_date < conference.starts_on:
                    errors["departure_date"] = _("You would leave before the conference starts.")
                elif self.arrival_date < conference.starts_on - window:
                    errors["arrival_date"] = _(
                        "The arrival is more than %(days)s days before the conference."
                    ) % {"days": TRAVEL_WINDOW_DAYS}
                elif self.departure_date > conference.ends_on + window:
                    errors["departure_date"] = _(
                        "The departure is more than %(days)s days after the conference."
                    ) % {"days": TRAVEL_WINDOW_DAYS}
        if (
            self.role == self.Role.ATTENDEE
            and not self.erased_at
            and not self.registration_reference.strip()
        ):
            errors["registration_reference"] = _(
                "Give the number of your ticket or order: letters go to registered attendees."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        """The requester may still change it: not decided yet, or answering a question."""
        return self.status in (self.Status.SUBMITTED, self.Status.MORE_INFO) and not self.erased_at

    @property
    def has_letter(self) -> bool:
        return self.status == self.Status.APPROVED and not self.erased_at
