from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import HallwayModelAdmin, ImagePreviewMixin
from hallway.people.models import Organizer, Presenter
from hallway.people.photos import make_thumbnails_on_commit

SOCIAL_FIELDS = ["website", "bluesky", "mastodon", "github", "linkedin", "instagram", "twitter"]


class PhotoThumbnailsMixin:
    """Makes a new photo's thumbnails once the save commits, not on the first page view."""

    thumbnail_folder: str

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data and obj.photo:
            make_thumbnails_on_commit(obj.photo.name, obj.conference.slug, self.thumbnail_folder)


@admin.register(Presenter)
class PresenterAdmin(PhotoThumbnailsMixin, ImagePreviewMixin, HallwayModelAdmin):
    thumbnail_folder = "presenters"
    list_display = ["thumbnail", "name", "company", "conference", "is_hidden"]
    list_display_links = ["thumbnail", "name"]
    list_filter = ["conference", "is_hidden"]
    list_select_related = ["conference"]
    search_fields = ["name", "slug", "company"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["conference"]
    readonly_fields = ["preview", "source_key", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["conference", "name", "slug", "pronouns", "company", "role"]}),
        (None, {"fields": ["photo", "preview", "bio", "is_hidden"]}),
        (_("Social profiles"), {"fields": SOCIAL_FIELDS}),
        (
            _("Bookkeeping"),
            {"fields": ["guid", "source_key", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]


@admin.register(Organizer)
class OrganizerAdmin(PhotoThumbnailsMixin, ImagePreviewMixin, HallwayModelAdmin):
    thumbnail_folder = "organizers"
    list_display = ["thumbnail", "name", "role", "position", "conference", "is_hidden"]
    list_display_links = ["thumbnail", "name"]
    list_editable = ["position"]
    list_filter = ["conference", "is_hidden"]
    list_select_related = ["conference"]
    search_fields = ["name", "slug", "role"]
    ordering = ["conference", "position", "name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["conference"]
    readonly_fields = ["preview", "source_key"]
    fieldsets = [
        (None, {"fields": ["conference", "name", "slug", "role", "position"]}),
        (None, {"fields": ["photo", "preview", "is_hidden"]}),
        (_("Social profiles"), {"fields": SOCIAL_FIELDS}),
        (_("Bookkeeping"), {"fields": ["source_key"], "classes": ["collapse"]}),
    ]
