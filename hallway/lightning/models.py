from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from hallway.program.models import Session


class LightningTalkQuerySet(models.QuerySet):
    def accepted(self) -> "LightningTalkQuerySet":
        """Accepted talks in the order the organizers gave them."""
        return self.filter(status=LightningTalk.Status.ACCEPTED).order_by("position", "pk")


class LightningTalk(models.Model):
    """A five-minute talk an attendee signed up to give in a lightning-talk session."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="lightning_talks",
        limit_choices_to={"kind": Session.Kind.LIGHTNING},
        verbose_name=_("session"),
    )
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lightning_talks",
        verbose_name=_("speaker's account"),
    )
    speaker_name = models.CharField(
        _("speaker"), max_length=200, help_text=_("Shown with the talk once it is accepted.")
    )
    title = models.CharField(_("title"), max_length=150)
    summary = models.CharField(_("one-line summary"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    position = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Accepted talks are given in this order.")
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LightningTalkQuerySet.as_manager()

    class Meta:
        ordering = ["session", "position", "created_at"]
        verbose_name = _("lightning talk")
        verbose_name_plural = _("lightning talks")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "speaker"], name="lightningtalk_one_per_speaker"
            )
        ]

    def __str__(self) -> str:
        return self.title


def lightning_sessions(conference, user=None):
    """The conference's listed lightning-talk sessions in time order, each with its accepted
    talks (``accepted_talks``) and, for a signed-in ``user``, their own sign-ups
    (``my_talks``): three queries whatever the number of sessions and talks."""
    prefetches = [
        Prefetch(
            "lightning_talks", queryset=LightningTalk.objects.accepted(), to_attr="accepted_talks"
        )
    ]
    if user is not None and user.is_authenticated:
        prefetches.append(
            Prefetch(
                "lightning_talks",
                queryset=LightningTalk.objects.filter(speaker=user),
                to_attr="my_talks",
            )
        )
    return (
        conference.sessions.listed()
        .filter(Q(kind=Session.Kind.LIGHTNING), is_cancelled=False)
        .select_related("room")
        .prefetch_related(*prefetches)
        .order_by("start", "title")
    )
