import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import HallwayModelAdmin, formfield_for
from hallway.conferences.models import (
    THEME_TOKENS,
    Conference,
    Feature,
    Redirect,
    Room,
    Series,
    Tag,
    Track,
)
from hallway.conferences.urls_helpers import conference_reverse


class PrettyJSONField(forms.JSONField):
    """A JSON textarea that shows its value indented, one key a line."""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, cls=self.encoder)


def theme_help() -> str:
    tokens = ", ".join(THEME_TOKENS)
    return _(
        'A JSON object of the tokens to override, e.g. {"color-brand": "#44b78b"}. '
        "Tokens not given keep their defaults. Known tokens: %(tokens)s."
    ) % {"tokens": tokens}


class ConferenceAdminForm(forms.ModelForm):
    theme = PrettyJSONField(
        label=_("theme tokens"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60, "spellcheck": "false"}),
    )
    links = PrettyJSONField(
        label=_("links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60, "spellcheck": "false"}),
    )

    class Meta:
        model = Conference
        # The admin builds the real field list from its fieldsets.
        fields = ["host", "theme", "links"]
        formfield_callback = formfield_for

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].help_text = theme_help()
        self.fields["links"].help_text = _(
            'Named links, e.g. {"tickets": "https://ti.to/...", "videos": "https://youtube..."}.'
        )

    def clean_theme(self):
        return self.cleaned_data["theme"] or {}

    def clean_links(self):
        return self.cleaned_data["links"] or {}

    def clean_host(self):
        # Host names are case-insensitive; an empty one means "no own host" (NULL, so
        # several conferences can have none despite the unique constraint).
        host = (self.cleaned_data.get("host") or "").strip().lower().rstrip(".")
        return host or None


class FeatureInline(admin.TabularInline):
    """The workflows around the programme this conference has switched on, and when."""

    model = Feature
    extra = 0
    fields = ["key", "is_enabled", "opens_at", "closes_at"]


@admin.register(Series)
class SeriesAdmin(HallwayModelAdmin):
    list_display = ["name", "slug", "year_count", "page_link"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "website_url"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(year_count=Count("conferences"))

    @admin.display(description=_("years"), ordering="year_count")
    def year_count(self, series):
        return series.year_count

    @admin.display(description=_("page"))
    def page_link(self, series):
        return format_html('<a href="{}">{}</a>', series.get_absolute_url(), _("View"))


@admin.register(Conference)
class ConferenceAdmin(HallwayModelAdmin):
    form = ConferenceAdminForm
    inlines = [FeatureInline]
    list_display = [
        "name",
        "slug",
        "series",
        "starts_on",
        "ends_on",
        "city",
        "phase",
        "is_public",
        "host",
    ]
    list_filter = ["series", "phase", "is_public"]
    list_select_related = ["series"]
    autocomplete_fields = ["series"]
    search_fields = ["name", "slug", "host", "city"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "starts_on"
    readonly_fields = ["style_guide_link", "version", "created_at", "updated_at"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "series", "tagline", "description", "acronym"]}),
        (
            _("When and where"),
            {
                "fields": [
                    "starts_on",
                    "ends_on",
                    "time_zone",
                    "venue_name",
                    "venue_address",
                    "city",
                    "venue_latitude",
                    "venue_longitude",
                ]
            },
        ),
        (
            _("Website"),
            {"fields": ["phase", "is_public", "language", "host", "website_url", "links"]},
        ),
        (_("Theme"), {"fields": ["logo", "theme", "style_guide_link"]}),
        (
            _("Bookkeeping"),
            {"fields": ["version", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    @admin.action(description=_("Publish the selected conferences"))
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description=_("Unpublish the selected conferences (back to drafts)"))
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, value: bool) -> None:
        # save() one by one: each save bumps the conference's version, so cached pages,
        # API answers and the sitemap follow at once.
        changed = 0
        for conference in queryset.exclude(is_public=value):
            conference.is_public = value
            conference.save(update_fields=["is_public", "updated_at"])
            changed += 1
        if value:
            message = _("%(count)d conference(s) published.")
        else:
            message = _("%(count)d conference(s) back to drafts.")
        self.message_user(request, message % {"count": changed})

    @admin.display(description=_("preview"))
    def style_guide_link(self, conference):
        if conference.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            conference_reverse(conference, "conferences:style-guide"),
            _("The style guide shows every token and component with this theme."),
        )


class ConferencePartAdmin(HallwayModelAdmin):
    """Rooms, tracks and tags: small lists per conference."""

    list_display = ["name", "slug", "conference"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Room)
class RoomAdmin(ConferencePartAdmin):
    list_display = ["name", "slug", "conference", "position", "is_online"]
    list_editable = ["position"]
    list_filter = ["conference", "is_online"]
    ordering = ["conference", "position", "name"]


@admin.register(Track)
class TrackAdmin(ConferencePartAdmin):
    list_display = ["name", "slug", "conference", "color", "position"]
    list_editable = ["position"]
    ordering = ["conference", "position", "name"]


@admin.register(Tag)
class TagAdmin(ConferencePartAdmin):
    ordering = ["conference", "name"]


class RedirectAdminForm(forms.ModelForm):
    class Meta:
        model = Redirect
        fields = ["conference", "old_path", "new_path"]

    def clean(self):
        cleaned = super().clean()
        old_path, new_path = cleaned.get("old_path"), cleaned.get("new_path")
        errors = {}
        for name, path in (("old_path", old_path), ("new_path", new_path)):
            if path and not (path.startswith("/") and not path.startswith("//")):
                errors[name] = _("Give a path inside the conference, starting with /.")
        if old_path and old_path == new_path:
            errors["new_path"] = _("A redirect must lead somewhere else.")
        if errors:
            raise ValidationError(errors)
        return cleaned


@admin.register(Redirect)
class RedirectAdmin(HallwayModelAdmin):
    form = RedirectAdminForm
    autocomplete_fields = ["conference"]
    list_display = ["old_path", "new_path", "conference", "created_at"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["old_path", "new_path"]
    date_hierarchy = "created_at"
    ordering = ["conference", "old_path"]
