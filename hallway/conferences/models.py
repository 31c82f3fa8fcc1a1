from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallway.conferences.urls_helpers import (
    conference_reverse,
    conference_url_from_anywhere,
)


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("%(value)s is not an IANA time zone name (for example America/New_York)."),
            params={"value": value},
        ) from error


# Theme tokens an organizer may set per conference; shape and spacing stay fixed in the CSS.
THEME_TOKENS = {
    "color-brand": "#0c4b33",
    "color-brand-contrast": "#ffffff",
    "color-accent": "#b8471a",
    "color-text": "#1b1b1b",
    "color-muted": "#505050",
    "color-background": "#ffffff",
    "color-surface": "#f4f4f0",
    "color-border": "#c8c8c0",
    "dark-color-brand": "#7fd1a8",
    "dark-color-brand-contrast": "#0b1a13",
    "dark-color-accent": "#ffab7a",
    "dark-color-text": "#ececec",
    "dark-color-muted": "#b8b8b8",
    "dark-color-background": "#111412",
    "dark-color-surface": "#1d221f",
    "dark-color-border": "#3b423e",
    "font-body": 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    "font-heading": 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
}


def validate_theme(value: dict) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("The theme must be a mapping of token names to values."))
    unknown = sorted(set(value) - set(THEME_TOKENS))
    if unknown:
        raise ValidationError(
            _("Unknown theme tokens: %(tokens)s."), params={"tokens": ", ".join(unknown)}
        )
    for key, token in value.items():
        if not isinstance(token, str) or any(c in token for c in ";{}<>"):
            raise ValidationError(
                _("Theme token %(key)s has an unsafe value."), params={"key": key}
            )


class Series(models.Model):
    """A conference series ("DjangoCon US"): every year of it in one install, listed on one
    page, each year linking to the previous and the next."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    website_url = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The install's root URLs: the series page is not inside any conference's site.
        return reverse("series:detail", kwargs={"slug": self.slug}, urlconf=settings.ROOT_URLCONF)


class _KeyList(models.Aggregate):
    """The aggregated values joined with commas (GROUP_CONCAT; STRING_AGG on PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = models.CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s, ',')",
            **extra,
        )


class ConferenceQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def for_series_page(self):
        """The public years of a series, oldest first, with what the series page shows."""
        return self.public().order_by("starts_on", "pk")

    def with_feature_keys(self):
        """Each conference with the keys of its switched-on features, in the same query
        (read by ``Conference.enabled_features``: menus ask it on every page)."""
        keys = (
            Feature.objects.filter(conference=models.OuterRef("pk"), is_enabled=True)
            .order_by()
            .values("conference")
            .annotate(keys=_KeyList("key"))
            .values("keys")
        )
        return self.annotate(enabled_feature_keys=models.Subquery(keys))


class Conference(models.Model):
    class Phase(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        LIVE = "live", _("Live")
        ARCHIVED = "archived", _("Archived")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    venue_latitude = models.FloatField(
        _("venue latitude"),
        null=True,
        blank=True,
        help_text=_("With the longitude: the venue on the local guide's map, and distances."),
    )
    venue_longitude = models.FloatField(_("venue longitude"), null=True, blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to="conferences/logos/",
        blank=True,
        help_text=_("Shown in the header instead of the name (SVG or PNG, wide rather than tall)."),
    )
    phase = models.CharField(
        _("site phase"), max_length=10, choices=Phase.choices, default=Phase.UPCOMING
    )
    # A new conference (from the admin, import_schedule or import_site) is a draft: every
    # public page, feed, export, the API, the sitemap and the static build leave it out until
    # an organizer publishes it.
    is_public = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Off: a draft that only staff see; on: the site is public."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_(
            "The language of the site's interface. Visitors may still pick another one; "
            "the content (titles, abstracts, pages) is shown as written."
        ),
    )
    host = models.CharField(
        _("host name"),
        max_length=253,
        blank=True,
        null=True,
        unique=True,
        help_text=_("Serve this conference at / on this host name, e.g. 2024.djangocon.us."),
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conferences",
        verbose_name=_("series"),
        help_text=_("The years of a series link to each other and share presenters' pages."),
    )
    website_url = models.URLField(_("original website"), blank=True)
    acronym = models.CharField(
        _("acronym"),
        max_length=60,
        blank=True,
        help_text=_("Used in schedule exports; defaults to the slug with underscores."),
    )
    theme = models.JSONField(
        _("theme tokens"), default=dict, blank=True, validators=[validate_theme]
    )
    links = models.JSONField(
        _("links"), default=dict, blank=True, help_text=_("Tickets, photos, videos, social...")
    )
    # What higher apps put in this conference's menus (content: the pages organizers list in
    # the header or footer), kept here so that every page draws its menus without a query.
    menu_links = models.JSONField(default=list, blank=True, editable=False)
    # Bumped on every change to anything of this conference: the cache key of its pages.
    version = models.PositiveBigIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConferenceQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=F("starts_on")), name="conference_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return conference_reverse(self, "conferences:home")

    def reverse(self, name: str, **kwargs) -> str:
        """The URL of one of this conference's pages (``program:schedule``), under
        ``/<slug>/`` or on its own host name. Templates call it through ``{% conference_url %}``."""
        return conference_reverse(self, name, **kwargs)

    @property
    def card_url(self) -> str:
        """The conference's social card (the default ``og:image`` of its pages)."""
        return conference_reverse(self, "conferences:card")

    @property
    def service_worker_url(self) -> str:
        return conference_reverse(self, "offline:service-worker")

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day is before the first day.")})

    @cached_property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def days(self) -> list[dt.date]:
        count = (self.ends_on - self.starts_on).days + 1
        return [self.starts_on + dt.timedelta(days=n) for n in range(count)]

    @cached_property
    def series_years(self) -> list[Conference]:
        """The public years of this conference's series, oldest first (one query; none
        without a series). Pages show them with :attr:`previous_year` and :attr:`next_year`."""
        if self.series_id is None:
            return []
        years = list(
            Conference.objects.filter(series_id=self.series_id)
            .for_series_page()
            .select_related("series")
            .only(
                "name",
                "slug",
                "host",
                "starts_on",
                "ends_on",
                "city",
                "series__name",
                "series__slug",
            )
        )
        if years:
            # The same query brought the series: spare the page another one for its name.
            type(self).series.field.set_cached_value(self, years[0].series)
        return years

    @property
    def previous_year(self) -> Conference | None:
        years = self.series_years
        index = next((n for n, year in enumerate(years) if year.pk == self.pk), None)
        return years[index - 1] if index else None

    @property
    def next_year(self) -> Conference | None:
        years = self.series_years
        index = next((n for n, year in enumerate(years) if year.pk == self.pk), None)
        return years[index + 1] if index is not None and index + 1 < len(years) else None

    def url_from_anywhere(self, name: str = "conferences:home", **kwargs) -> str:
        """A page of this conference as linked from any site of the install (another year's
        page): ``//<host>/path`` when it has its own host name, ``/<slug>/path`` otherwise."""
        return conference_url_from_anywhere(self, name, **kwargs)

    @property
    def theme_tokens(self) -> dict[str, str]:
        return {**THEME_TOKENS, **(self.theme or {})}

    def theme_css(self) -> str:
        """The colour and font tokens as CSS custom properties (light and dark), plus one swatch
        class per token for the style guide (which has no inline styles).

        Pages inline it in their ``<style>``, so a value can never close that element: tokens
        are validated on save, and ``<`` is escaped here for data that skipped validation.
        """
        tokens = {
            name: str(value).replace("<", "\\3c ") for name, value in self.theme_tokens.items()
        }
        light = [f"  --{k}: {v};" for k, v in tokens.items() if not k.startswith("dark-")]
        dark = [
            f"    --{k.removeprefix('dark-')}: {v};"
            for k, v in tokens.items()
            if k.startswith("dark-")
        ]
        css = ":root {\n" + "\n".join(light) + "\n}\n"
        css += "@media (prefers-color-scheme: dark) {\n  :root {\n" + "\n".join(dark) + "\n  }\n}\n"
        for name, value in tokens.items():
            prop = "font-family" if name.startswith("font-") else "background"
            css += f".swatch--{name} {{ {prop}: {value}; }}\n"
        return css

    @cached_property
    def enabled_features(self) -> frozenset[str]:
        """The keys of the features switched on for this conference, for the menu links that
        show only while their feature is on: no query when the conference was fetched
        ``with_feature_keys()`` (as views get it), else one per instance."""
        if hasattr(self, "enabled_feature_keys"):
            return frozenset(filter(None, (self.enabled_feature_keys or "").split(",")))
        return frozenset(self.features.enabled().values_list("key", flat=True))

    @property
    def export_acronym(self) -> str:
        return self.acronym or self.slug.replace("-", "_")

    def bump_version(self) -> None:
        """Invalidate every cached page of this conference (once per transaction)."""
        from hallway.conferences.versioning import bump

        bump(self.pk)
        self.refresh_from_db(fields=["version"])


class Room(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)
    description = models.TextField(_("description"), blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    guid = models.UUIDField(_("GUID"), null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="room_unique_slug"),
            models.UniqueConstraint(fields=["conference", "name"], name="room_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    color = models.CharField(_("colour"), max_length=20, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="track_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["conference", "slug"], name="tag_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name


class Redirect(models.Model):
    """An old path inside a conference that answers 301 to its new path (renamed slugs)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="redirects")
    old_path = models.CharField(_("old path"), max_length=300, help_text=_("e.g. /talks/old-slug/"))
    new_path = models.CharField(_("new path"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path"]
        verbose_name = _("redirect")
        verbose_name_plural = _("redirects")
        constraints = [
            models.UniqueConstraint(fields=["conference", "old_path"], name="redirect_unique_path")
        ]

    def __str__(self) -> str:
        return f"{self.old_path} → {self.new_path}"


class FeatureQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(is_enabled=True)


class Feature(models.Model):
    """A workflow around the programme (visa letters, grants, volunteering, side events…)
    switched on for one conference, with the dates between which its form takes entries.

    Feature apps name themselves with a ``key`` (``visa-letter``, ``grants``…); an app's pages
    answer 404 while its feature is off, and its forms refuse entries outside the dates.
    """

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="features")
    key = models.SlugField(_("feature"), max_length=50)
    is_enabled = models.BooleanField(_("switched on"), default=False)
    opens_at = models.DateTimeField(
        _("opens"), null=True, blank=True, help_text=_("Empty: open as soon as switched on.")
    )
    closes_at = models.DateTimeField(
        _("closes"), null=True, blank=True, help_text=_("Empty: open until switched off.")
    )

    objects = FeatureQuerySet.as_manager()

    class Meta:
        ordering = ["conference", "key"]
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        constraints = [
            models.UniqueConstraint(fields=["conference", "key"], name="feature_unique_key"),
            models.CheckConstraint(
                condition=models.Q(closes_at__isnull=True)
                | models.Q(opens_at__isnull=True)
                | models.Q(closes_at__gt=F("opens_at")),
                name="feature_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conference} · {self.key}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The call closes before it opens.")})

    @property
    def opens_later(self) -> bool:
        """Switched on, with an opening date still to come (pages say "opens on …")."""
        from django.utils import timezone

        return self.is_enabled and self.opens_at is not None and timezone.now() < self.opens_at

    def is_open(self, now: dt.datetime | None = None) -> bool:
        """Switched on, and now between the opening and closing dates (either may be empty)."""
        from django.utils import timezone

        now = now or timezone.now()
        return (
            self.is_enabled
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )
