from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse


def person_photo_path(instance, filename: str) -> str:
    folder = instance._meta.model_name + "s"
    return f"conferences/{instance.conference.slug}/{folder}/{filename}"


class SocialLinks(models.Model):
    """Social profiles: handles where the network has one, URLs otherwise."""

    bluesky = models.CharField(_("Bluesky handle"), max_length=200, blank=True)
    github = models.CharField(_("GitHub user"), max_length=100, blank=True)
    instagram = models.CharField(_("Instagram handle"), max_length=100, blank=True)
    linkedin = models.URLField(_("LinkedIn URL"), blank=True)
    mastodon = models.URLField(_("Mastodon URL"), blank=True)
    twitter = models.CharField(_("X/Twitter handle"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        abstract = True

    @property
    def social_links(self) -> list[tuple[str, str, str]]:
        """(network key, label, URL) for every profile that is set."""
        links = []
        if self.bluesky:
            links.append(("bluesky", "Bluesky", f"https://bsky.app/profile/{self.bluesky}"))
        if self.github:
            links.append(("github", "GitHub", f"https://github.com/{self.github}"))
        if self.instagram:
            links.append(("instagram", "Instagram", f"https://instagram.com/{self.instagram}"))
        if self.linkedin:
            links.append(("linkedin", "LinkedIn", self.linkedin))
        if self.mastodon:
            links.append(("mastodon", "Mastodon", self.mastodon))
        if self.twitter:
            links.append(("twitter", "X (Twitter)", f"https://x.com/{self.twitter}"))
        if self.website:
            links.append(("website", _("Website"), self.website))
        return links


def sessions_prefetch() -> Prefetch:
    """The prefetch of ``PresenterQuerySet.with_sessions()``: listed sessions (with rooms) in
    time order as ``listed_sessions``.

    Sessions belong to the program app, a layer above: the model is reached through the
    relation it declares, not imported."""
    session_model = Presenter._meta.get_field("sessions").related_model
    return Prefetch(
        "sessions",
        queryset=session_model.objects.listed()
        .select_related("room", "conference")
        .order_by("start"),
        to_attr="listed_sessions",
    )


class PresenterQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_hidden=False)

    def with_sessions(self):
        """Each presenter's listed sessions (with rooms) in time order, in one extra query."""
        return self.prefetch_related(sessions_prefetch())


class Presenter(SocialLinks):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="presenters")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    photo = models.ImageField(_("photo"), upload_to=person_photo_path, blank=True)
    company = models.CharField(_("company"), max_length=300, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=300, blank=True)
    bio = models.TextField(_("bio"), blank=True, help_text=_("Markdown."))
    is_hidden = models.BooleanField(_("hidden"), default=False)
    guid = models.UUIDField(_("GUID"), null=True, blank=True)
    source_key = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PresenterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("presenter")
        verbose_name_plural = _("presenters")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="presenter_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "people:presenter-detail", slug=self.slug)

    def load_sessions(self) -> "Presenter":
        """This presenter with what ``with_sessions()`` prefetches, fetched now unless it already
        is. Pages call it inside their cached fragments, so a fragment-cache hit costs no query."""
        prefetch_related_objects([self], sessions_prefetch())
        return self


class OrganizerQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_hidden=False)


class Organizer(SocialLinks):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="organizers")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    photo = models.ImageField(_("photo"), upload_to=person_photo_path, blank=True)
    role = models.CharField(_("role"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    source_key = models.CharField(max_length=300, blank=True, editable=False)

    objects = OrganizerQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("organizer")
        verbose_name_plural = _("organizers")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="organizer_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name
