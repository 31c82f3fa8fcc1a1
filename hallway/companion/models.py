"""The attendee companion: labelled stars, notes, moments, photos, people met, places and recaps.

Everything here belongs to one user and is private to them: views find rows through
``<Model>.objects.owned_by(user)`` so another attendee (or an organizer) gets a 404, never data.
Rows that point at a Session use plain ForeignKeys: ``program.services.remove_sessions`` keeps
sessions with attendee data as cancelled instead of deleting them.
"""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse

# The labels every attendee starts with; they can rename and remove them (and add their own).
DEFAULT_LABELS = ["Agenda", "Personal", "Deep dive", "Less relevant", "Online"]
PHOTO_WIDTHS = (320, 960, 1600)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, user):
        """Rows of ``user``; none for anonymous visitors."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def for_conference(self, conference: Conference):
        return self.filter(conference=conference)


class LabelQuerySet(OwnedQuerySet):
    pass


class Label(models.Model):
    """One of an attendee's buckets for starred sessions ("Agenda", "Deep dive"...)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="labels"
    )
    name = models.CharField(_("name"), max_length=60)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = LabelQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="label_unique_name")]

    def __str__(self) -> str:
        return self.name


class StarQuerySet(OwnedQuerySet):
    def for_conference(self, conference: Conference):
        return self.filter(session__conference=conference)

    def for_agenda(self, user, conference: Conference):
        """The shape of "My agenda": sessions with room and label, in time order, one query."""
        return (
            self.owned_by(user)
            .for_conference(conference)
            .select_related("session", "session__room", "label")
            .order_by("session__start", "session__end", "session__title", "label__position")
        )


class Star(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stars"
    )
    session = models.ForeignKey("program.Session", on_delete=models.CASCADE, related_name="stars")
    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="stars")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StarQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("star")
        verbose_name_plural = _("stars")
        constraints = [
            models.UniqueConstraint(fields=["label", "session"], name="star_unique_label_session")
        ]
        indexes = [models.Index(fields=["user", "session"])]

    def __str__(self) -> str:
        return f"{self.session} ({self.label})"


class Attendance(models.Model):
    """One attendee at one conference: the secret of their calendar feed, what they have seen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendances")
    feed_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Schedule changes before this moment were already shown (and dismissed) on "My agenda".
    changes_seen_at = models.DateTimeField(null=True, blank=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["user", "conference"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.conference}"

    def get_feed_url(self) -> str:
        return conference_reverse(self.conference, "companion:agenda-feed", token=self.feed_token)


class ShareLink(models.Model):
    """A revocable read-only link to an attendee's agenda (or one label of it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    label = models.ForeignKey(
        Label, on_delete=models.CASCADE, null=True, blank=True, related_name="share_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")

    def __str__(self) -> str:
        label = self.label or _("whole agenda")
        return f"{self.user} / {label}"

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "companion:shared-agenda", token=self.token)


class Finishable:
    """For writing with a ``body`` and an ``is_draft`` flag: what the recap leaves out."""

    @property
    def is_finished(self) -> bool:
        return bool(self.body.strip()) and not self.is_draft


class Note(Finishable, models.Model):
    """An attendee's "points of interest" for one session (Markdown)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    session = models.ForeignKey("program.Session", on_delete=models.CASCADE, related_name="notes")
    body = models.TextField(_("points of interest"), blank=True, help_text=_("Markdown."))
    is_draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Drafts stay out of the recap.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["session__start"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="note_unique")]

    def __str__(self) -> str:
        return f"{self.session}"


class Moment(Finishable, models.Model):
    """Something worth remembering that is not a session: a dinner, a social, a summit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moments"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    body = models.TextField(_("notes"), blank=True, help_text=_("Markdown."))
    is_draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Drafts stay out of the recap.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["date", "time", "title"]
        verbose_name = _("moment")
        verbose_name_plural = _("moments")

    def __str__(self) -> str:
        return self.title


class Contact(models.Model):
    """Someone the attendee met (the hallway track)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    met_where = models.CharField(_("where we met"), max_length=200, blank=True)
    talked_about = models.TextField(_("what we talked about"), blank=True, help_text=_("Markdown."))
    url = models.URLField(_("link"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("person met")
        verbose_name_plural = _("people met")

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A place the attendee went to: from the conference's local guide or their own."""

    class Category(models.TextChoices):
        FOOD = "food", _("Food and drink")
        SIGHT = "sight", _("Sightseeing")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visits"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    guide_place = models.ForeignKey(
        "content.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("from the local guide"),
    )
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Leave empty to use the guide's name.")
    )
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.FOOD
    )
    url = models.URLField(_("link"), blank=True)
    what_i_had = models.CharField(_("what I had"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Markdown."))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("place visited")
        verbose_name_plural = _("places visited")

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        # Keep the guide's name: the visit (and its recap heading) survives the guide entry.
        if not self.name and self.guide_place_id:
            self.name = self.guide_place.name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        return self.guide_place.name if self.guide_place_id else ""

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        if self.guide_place_id:
            return self.guide_place.website or ""
        return ""


def photo_path(instance: Photo, filename: str) -> str:
    # Never under conferences/: that folder is served to everyone by hallway.core.media_urls.
    return f"private/photos/{instance.user_id}/{filename}"


class Photo(models.Model):
    """An attendee's photo, re-encoded without metadata, with WebP renditions for srcset."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="photos"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    image = models.FileField(_("image"), upload_to=photo_path, max_length=300)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    # Renditions made, as widths; their files sit beside the image: <stem>-<width>.webp.
    renditions = models.JSONField(default=list, editable=False)
    caption = models.CharField(_("caption"), max_length=300)
    credit = models.CharField(
        _("photo credit"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty for your own photos."),
    )
    session = models.ForeignKey(
        "program.Session",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("session"),
    )
    moment = models.ForeignKey(
        Moment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("moment"),
    )
    visit = models.ForeignKey(
        Visit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="photos",
        verbose_name=_("place"),
    )
    taken_position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["taken_position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(session__isnull=False, moment__isnull=True, visit__isnull=True)
                    | Q(session__isnull=True, moment__isnull=False, visit__isnull=True)
                    | Q(session__isnull=True, moment__isnull=True, visit__isnull=False)
                ),
                name="photo_attached_to_one_thing",
                violation_error_message=_(
                    "Attach the photo to exactly one session, moment or place."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.caption

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "companion:photo-file", pk=self.pk, size="full")

    @property
    def extension(self) -> str:
        return PurePosixPath(self.image.name).suffix.lstrip(".")

    def rendition_name(self, width: int) -> str:
        path = PurePosixPath(self.image.name)
        return str(path.with_name(f"{path.stem}-{width}.webp"))

    @property
    def file_names(self) -> list[str]:
        """Every stored file of this photo (the image and its renditions)."""
        return [self.image.name, *(self.rendition_name(w) for w in self.renditions)]

    def get_rendition_url(self, width: int) -> str:
        return conference_reverse(self.conference, "companion:photo-file", pk=self.pk, size=width)

    @property
    def srcset(self) -> str:
        return ", ".join(f"{self.get_rendition_url(w)} {w}w" for w in self.renditions)

    @property
    def thumbnail_url(self) -> str:
        if self.renditions:
            return self.get_rendition_url(self.renditions[0])
        return self.get_absolute_url()


class Recap(models.Model):
    """How an attendee wants their recap of one conference, and whether it is public."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recaps"
    )
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    intro = models.TextField(_("intro"), blank=True, help_text=_("Markdown."))
    label = models.ForeignKey(
        Label,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sessions I attended are those starred as"),
        help_text=_("Sessions with finished notes are always included."),
    )
    drafts_as_comments = models.BooleanField(
        _("keep unfinished notes as HTML comments"),
        default=False,
        help_text=_("Otherwise they are left out of the Markdown entirely."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recap")
        verbose_name_plural = _("recaps")
        constraints = [models.UniqueConstraint(fields=["user", "conference"], name="recap_unique")]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or f"{self.conference.name} Recap"

    def get_public_url(self) -> str:
        return conference_reverse(
            self.conference, "companion:recap-public", username=self.user.get_username()
        )
