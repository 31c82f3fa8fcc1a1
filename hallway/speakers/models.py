import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.people.models import Presenter
from hallway.program.models import Session


def new_key() -> str:
    return secrets.token_urlsafe(16)


class SpeakerAccess(models.Model):
    """Who may edit a presenter's page: the address sign-in links go to, and the account the
    first sign-in linked."""

    presenter = models.OneToOneField(
        Presenter,
        on_delete=models.CASCADE,
        related_name="speaker_access",
        verbose_name=_("presenter"),
    )
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_accesses",
        verbose_name=_("account"),
    )
    # Part of every sign-in link: a new key (a new link sent, or the link used) ends the old.
    key = models.CharField(max_length=40, default=new_key, editable=False)
    sent_at = models.DateTimeField(_("link sent"), null=True, blank=True)
    used_at = models.DateTimeField(_("last signed in"), null=True, blank=True)

    class Meta:
        ordering = ["presenter__name"]
        verbose_name = _("speaker access")
        verbose_name_plural = _("speaker access")

    def __str__(self) -> str:
        return f"{self.presenter} <{self.email}>"


class SessionLinkQuerySet(models.QuerySet):
    def for_session(self, session):
        return self.filter(session=session).order_by("position", "pk")


class SessionLink(models.Model):
    """A link a presenter adds to their session: a demo, a repository, a blog post."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="extra_links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("URL"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SessionLinkQuerySet.as_manager()

    class Meta:
        ordering = ["session", "position", "pk"]
        verbose_name = _("session link")
        verbose_name_plural = _("session links")

    def __str__(self) -> str:
        return self.title


class ProfileEditQuerySet(models.QuerySet):
    def for_review(self):
        return self.select_related("conference", "presenter", "session", "editor", "reverted_by")


class ProfileEdit(models.Model):
    """One change a presenter made to a field of their page or session: the change log that
    organizers read and revert from."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="profile_edits"
    )
    presenter = models.ForeignKey(
        Presenter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="edits",
        verbose_name=_("presenter"),
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="speaker_edits",
        verbose_name=_("session"),
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    field = models.CharField(_("field"), max_length=50)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    reverted_at = models.DateTimeField(_("reverted"), null=True, blank=True)
    reverted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reverted by"),
    )

    objects = ProfileEditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("speaker edit")
        verbose_name_plural = _("speaker edits")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(presenter__isnull=False, session__isnull=True)
                | models.Q(presenter__isnull=True, session__isnull=False),
                name="profile_edit_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.field}"

    @property
    def target(self):
        return self.presenter if self.presenter_id else self.session
