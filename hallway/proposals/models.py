from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference


class VenueProposal(models.Model):
    """A city or venue offering to host a future edition ("bring the conference to your city").

    Kept for the organizers only: the contact details are personal data, shown in the admin to
    staff with the ``view_venueproposal`` permission and nowhere else.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        REVIEWING = "reviewing", _("Under review")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        DECLINED = "declined", _("Declined")
        CHOSEN = "chosen", _("Chosen")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="venue_proposals"
    )
    city = models.CharField(_("city"), max_length=120)
    venue_name = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        validators=[MinValueValidator(1)],
        help_text=_("How many attendees the main room seats."),
    )
    possible_dates = models.CharField(
        _("possible dates"),
        max_length=300,
        help_text=_("For example: 8–12 September 2025, or any week in October."),
    )
    cost_estimate = models.DecimalField(
        _("cost estimate"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The venue's cost for the whole conference, roughly."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="USD", help_text=_("Three letters, e.g. USD or EUR.")
    )
    details = models.TextField(
        _("anything else"),
        blank=True,
        help_text=_("Catering, accessibility, transport, hotels nearby, local community…"),
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="venue_proposals",
        verbose_name=_("submitted by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("venue proposal")
        verbose_name_plural = _("venue proposals")

    def __str__(self) -> str:
        return f"{self.venue_name}, {self.city}"


class VenueProposalComment(models.Model):
    """An organizer's note on a proposal, kept with it (visit report, quote, follow-up)."""

    proposal = models.ForeignKey(VenueProposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author or '—'}: {self.body[:40]}"
