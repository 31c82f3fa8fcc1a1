from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference


class SprintProjectQuerySet(models.QuerySet):
    def listed(self) -> "SprintProjectQuerySet":
        return self.filter(is_hidden=False)

    def for_sprints_page(self, user=None) -> "SprintProjectQuerySet":
        """The sprints page's shape: listed projects by name, each with ``contributor_count``
        and, for a signed-in ``user``, ``joined`` and ``is_mine``; one query in all."""
        projects = (
            self.listed()
            .select_related("maintainer")
            .annotate(contributor_count=Count("signups"))
            .order_by("name", "pk")
        )
        if user is not None and user.is_authenticated:
            projects = projects.annotate(
                joined=Exists(SprintSignup.objects.filter(project=OuterRef("pk"), user=user))
            )
        return projects


class SprintProject(models.Model):
    """A project that a maintainer will sprint on, for contributors to join."""

    class Level(models.TextChoices):
        ANY = "any", _("Everyone welcome")
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="sprint_projects"
    )
    name = models.CharField(_("project"), max_length=120)
    repository_url = models.URLField(
        _("repository"),
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Where contributors find the code, e.g. https://github.com/django/django."),
    )
    description = models.TextField(
        _("what contributors will do"),
        help_text=_("Issues to pick up, what to install beforehand, who will help."),
    )
    skill_level = models.CharField(
        _("skill level"), max_length=20, choices=Level.choices, default=Level.ANY
    )
    maintainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sprint_projects",
        verbose_name=_("maintainer"),
    )
    maintainer_name = models.CharField(
        _("maintainer's name"), max_length=200, help_text=_("Shown on the sprints page.")
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SprintProjectQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sprint project")
        verbose_name_plural = _("sprint projects")
        constraints = [
            models.UniqueConstraint(fields=["conference", "name"], name="sprintproject_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SprintSignup(models.Model):
    """An attendee who will sprint on a project. Only the count is public."""

    project = models.ForeignKey(SprintProject, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sprint_signups",
        verbose_name=_("attendee"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="sprintsignup_unique_user")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.project}"
