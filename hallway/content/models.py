from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse


def content_upload_path(instance, filename: str) -> str:
    folder = instance._meta.model_name + "s"
    return f"conferences/{instance.conference.slug}/{folder}/{filename}"


class ListedQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_hidden=False)


class SponsorLevelQuerySet(models.QuerySet):
    def for_sponsor_page(self) -> "SponsorLevelQuerySet":
        """The sponsors page: levels in order, each with its visible sponsors (oldest first)
        in ``listed_sponsors``; levels without a visible sponsor are left out. Two queries."""
        visible = Sponsor.objects.filter(is_hidden=False)
        return (
            self.filter(models.Exists(visible.filter(level=models.OuterRef("pk"))))
            .order_by("position", "name")
            .prefetch_related(
                Prefetch(
                    "sponsors",
                    queryset=visible.order_by(models.F("added_on").asc(nulls_last=True), "name"),
                    to_attr="listed_sponsors",
                )
            )
        )


class SponsorLevel(models.Model):
    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="sponsor_levels"
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = SponsorLevelQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("sponsor level")
        verbose_name_plural = _("sponsor levels")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="sponsorlevel_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Sponsor(models.Model):
    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="sponsors")
    level = models.ForeignKey(SponsorLevel, on_delete=models.PROTECT, related_name="sponsors")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    logo = models.FileField(_("logo"), upload_to=content_upload_path, blank=True)
    logo_orientation = models.CharField(
        _("logo orientation"),
        max_length=10,
        choices=Orientation.choices,
        default=Orientation.LANDSCAPE,
    )
    url = models.URLField(_("website"), blank=True)
    url_label = models.CharField(_("website label"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    hiring_url = models.URLField(_("hiring page"), blank=True)
    added_on = models.DateField(_("added on"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    source_key = models.CharField(max_length=300, blank=True, editable=False)

    objects = ListedQuerySet.as_manager()

    class Meta:
        ordering = ["level__position", "added_on", "name"]
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="sponsor_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class PostQuerySet(ListedQuerySet):
    def published(self) -> "PostQuerySet":
        return self.listed().filter(published_at__lte=timezone.now())

    def scheduled(self) -> "PostQuerySet":
        """Visible posts whose publication time has not come yet."""
        return self.listed().filter(published_at__gt=timezone.now())

    def for_news(self) -> "PostQuerySet":
        """The news page and feed: published posts, newest first, with their conference
        (which ``get_absolute_url`` reads) in the same query."""
        return self.published().select_related("conference").order_by("-published_at", "-pk")


class Post(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200)
    author = models.CharField(_("author"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("published"), db_index=True)
    cover = models.ImageField(
        _("cover image"),
        upload_to=content_upload_path,
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
    )
    # Filled by the ImageField on upload, so pages can size the image without opening it.
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(_("cover description"), max_length=300, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True, help_text=_("Markdown."))
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    is_hidden = models.BooleanField(_("hidden"), default=False)
    source_key = models.CharField(max_length=300, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="post_unique_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "content:post-detail", slug=self.slug)


class PlaceQuerySet(ListedQuerySet):
    def for_guide(self) -> "PlaceQuerySet":
        """The local guide: visible places grouped by category (in the order of
        ``Place.Category``), then in the organizers' order."""
        category_order = models.Case(
            *[
                models.When(category=value, then=models.Value(index))
                for index, value in enumerate(Place.Category.values)
            ],
            default=models.Value(len(Place.Category.values)),
        )
        return self.listed().order_by(category_order, "position", "name")


class Place(models.Model):
    """A place of the conference's local guide: somewhere to eat, drink or see."""

    class Category(models.TextChoices):
        FOOD = "food", _("Food")
        COFFEE = "coffee", _("Coffee")
        SWEETS = "sweets", _("Ice cream and sweets")
        DRINKS = "drinks", _("Bars and drinks")
        SIGHT = "sight", _("Sightseeing")
        OTHER = "other", _("Other")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.OTHER
    )
    photo = models.ImageField(
        _("photo"),
        upload_to=content_upload_path,
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("With the longitude: the place on the guide's map and its distance."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    distance = models.CharField(
        _("distance"),
        max_length=200,
        blank=True,
        help_text=_("Shown when the place or the venue has no coordinates."),
    )
    map_url = models.URLField(_("map link"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    position = models.PositiveIntegerField(_("position"), default=0)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    source_key = models.CharField(max_length=300, blank=True, editable=False)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="place_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "content:place-list") + f"#{self.slug}"

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PageQuerySet(ListedQuerySet):
    def in_navigation(self) -> "PageQuerySet":
        """Visible pages the organizers put in the footer navigation, in their order."""
        return self.listed().filter(in_navigation=True).order_by("position", "title")


class Page(models.Model):
    """A free page: code of conduct, venue, travel, visa letters, childcare..."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="pages")
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, help_text=_("The page is at /<slug>/."))
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    position = models.PositiveIntegerField(_("position"), default=0)
    in_navigation = models.BooleanField(
        _("in the footer"), default=False, help_text=_("Linked from the footer of every page.")
    )
    in_header = models.BooleanField(
        _("in the main menu"),
        default=False,
        help_text=_("Linked from the main menu at the top of every page (keep it short)."),
    )
    is_hidden = models.BooleanField(_("hidden"), default=False)
    source_key = models.CharField(max_length=300, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="page_unique_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return conference_reverse(self.conference, "content:page-detail", slug=self.slug)

    def clean(self) -> None:
        # Built-in pages are matched before free pages: a page at /schedule/ would never show.
        match = None
        if self.slug:
            try:
                match = resolve(f"/{self.slug}/", urlconf=settings.HALLWAY_HOST_URLCONF)
            except Resolver404:
                match = None
        if match is not None and match.view_name != "content:page-detail":
            message = _("/%(slug)s/ is a built-in address; choose another slug.")
            raise ValidationError({"slug": ValidationError(message, params={"slug": self.slug})})
