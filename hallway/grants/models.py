"""Opportunity grants: an attendee's application, reviewers' scores, the decision.

Reviewers (``grants.review_grantapplication``) score and comment on the reviewer pages and see
the other reviewers' scores of an application only once they have scored it themselves.
Deciders (``grants.decide_grantapplication``) set the decision and the amount in the admin.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference

FEATURE_KEY = "grants"
MAX_SCORE = 5


def currency() -> str:
    return getattr(settings, "HALLWAY_GRANTS_CURRENCY", "USD")


class GrantApplicationQuerySet(models.QuerySet):
    def for_reviewer(self, user):
        """The reviewer list's shape: each application with its requester, how many scored it,
        whether ``user`` did, and (only then) the average score."""
        mine = GrantReview.objects.filter(application=OuterRef("pk"), reviewer=user)
        return (
            self.select_related("user")
            .annotate(
                review_count=Count("reviews", distinct=True),
                average_score=Avg("reviews__score"),
                reviewed_by_me=Exists(mine),
            )
            .prefetch_related(
                Prefetch(
                    "reviews",
                    queryset=GrantReview.objects.filter(reviewer=user),
                    to_attr="my_reviews",
                )
            )
        )

    def for_admin(self):
        return self.select_related("conference", "user", "decided_by").annotate(
            review_count=Count("reviews", distinct=True), average_score=Avg("reviews__score")
        )


class GrantApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, under review")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="grant_applications"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_applications"
    )
    covers_ticket = models.BooleanField(_("ticket"), default=False)
    covers_travel = models.BooleanField(_("travel"), default=False)
    covers_lodging = models.BooleanField(_("lodging"), default=False)
    travelling_from = models.CharField(
        _("travelling from"), max_length=200, blank=True, help_text=_("City and country.")
    )
    amount_requested = models.DecimalField(
        _("amount asked"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("1"))],
    )
    reason = models.TextField(
        _("why you are asking"),
        help_text=_(
            "What attending would mean to you and to your community; at most 3,000 characters."
        ),
        max_length=3000,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    amount_granted = models.DecimalField(
        _("amount granted"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    decision_message = models.TextField(
        _("message to the applicant"),
        blank=True,
        help_text=_("Sent by e-mail with the decision and shown on the applicant's page."),
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
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = GrantApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        permissions = [
            ("review_grantapplication", _("Can score and comment on grant applications")),
            ("decide_grantapplication", _("Can decide grant applications and amounts")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "user"], name="grantapplication_one_per_attendee"
            ),
            models.CheckConstraint(
                condition=Q(covers_ticket=True) | Q(covers_travel=True) | Q(covers_lodging=True),
                name="grantapplication_covers_something",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                name="grantapplication_granted_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.conference}"

    def clean(self) -> None:
        if not (self.covers_ticket or self.covers_travel or self.covers_lodging):
            raise ValidationError(
                {"covers_ticket": _("Tick what the grant should cover: ticket, travel or lodging.")}
            )
        if self.status == self.Status.GRANTED and not self.amount_granted:
            raise ValidationError({"amount_granted": _("Give the amount granted.")})
        if self.status != self.Status.GRANTED and self.amount_granted:
            raise ValidationError(
                {"amount_granted": _("Only a granted application has an amount.")}
            )

    @property
    def covers(self) -> list[str]:
        return [
            str(label)
            for flag, label in (
                (self.covers_ticket, _("ticket")),
                (self.covers_travel, _("travel")),
                (self.covers_lodging, _("lodging")),
            )
            if flag
        ]

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.SUBMITTED


class GrantReview(models.Model):
    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_reviews"
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SCORE)],
        help_text=_("1 (weak) to 5 (strong)."),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("grant review")
        verbose_name_plural = _("grant reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="grantreview_one_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=MAX_SCORE), name="grantreview_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}: {self.score}"
