from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import absolute_url_from_anywhere, conference_reverse


def name_key(name: str) -> str:
    """A name as matching compares it: accents, case, punctuation and spacing ignored
    ("José  Müller-Ñúñez" and "jose muller nunez" are the same key)."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


class PersonQuerySet(models.QuerySet):
    def match(self, presenter: Presenter) -> Person | None:
        """The person ``presenter`` is, among those who presented at other conferences of the
        install: the same name (see :func:`name_key`), else the same presenter slug. A person
        who already presents at ``presenter``'s conference is someone else."""
        elsewhere = self.exclude(presenters__conference_id=presenter.conference_id)
        by_name = elsewhere.filter(name_key=name_key(presenter.name)).order_by("pk").first()
        if by_name is not None or not presenter.slug:
            return by_name
        return elsewhere.filter(presenters__slug=presenter.slug).order_by("pk").first()

    def with_presenter_count(self):
        return self.annotate(presenter_count=models.Count("presenters"))


class Person(models.Model):
    """One human across the conferences of the install: the presenters of each year who are
    that person link to it, so each year's presenter page lists their talks of every year.

    Presenters are matched when they are created (imports, the admin): see
    ``PersonQuerySet.match``. Organizers merge and split people in the admin.
    """

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(
        _("name for matching"), max_length=200, db_index=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)


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


# What imported sites put in a presenter's company when there is none ("None", "-", "Nill").
PLACEHOLDER_AFFILIATIONS = frozenset(
    {"none", "none currently", "nil", "nill", "null", "n/a", "na", "-", "--", "–", "—", ".", "tbd"}
)


def is_placeholder_affiliation(value: str) -> bool:
    """True for an empty company or one of the placeholders above (any case or spacing)."""
    return " ".join(value.split()).lower() in PLACEHOLDER_AFFILIATIONS | {""}


class Presenter(SocialLinks):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="presenters")
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="presenters",
        verbose_name=_("person"),
        help_text=_(
            "The same person at other conferences: their page lists the talks of every year. "
            "Empty: matched by name, then slug, when saved."
        ),
    )
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

    def save(self, *args, **kwargs):
        if self.person_id is None:
            self.person = Person.objects.match(self) or Person.objects.create(name=self.name)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "person" not in update_fields:
                # A partial save of a row written in bulk must keep the person it was given.
                kwargs["update_fields"] = [*update_fields, "person"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "people:presenter-detail", slug=self.slug)

    @property
    def affiliation(self) -> str:
        """The company to show: empty for a placeholder that an import or an edit let in."""
        return "" if is_placeholder_affiliation(self.company) else self.company

    def load_other_years(self) -> list[Presenter]:
        """The same person at the other public conferences of the install, newest first, each
        with ``listed_sessions`` (and ``url`` on each session with a page, and on the presenter,
        good from any conference's site). Two queries, however many years and talks."""
        if self.person_id is None:
            return []
        others = list(
            Presenter.objects.listed()
            .filter(person_id=self.person_id, conference__is_public=True)
            .exclude(pk=self.pk)
            .select_related("conference")
            .with_sessions()
            .order_by("-conference__starts_on", "pk")
        )
        for other in others:
            other.url = absolute_url_from_anywhere(other)
            for session in other.listed_sessions:
                session.url = absolute_url_from_anywhere(session) if session.has_page else ""
        return others

    def load_sessions(self) -> Presenter:
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
