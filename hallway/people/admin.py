from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hallway.conferences.admin_helpers import HallwayModelAdmin, ImagePreviewMixin
from hallway.people.models import Organizer, Person, Presenter
from hallway.people.photos import make_thumbnails_on_commit
from hallway.people.services import PeopleError, merge_people, split_presenters

SOCIAL_FIELDS = ["website", "bluesky", "mastodon", "github", "linkedin", "instagram", "twitter"]


class PhotoThumbnailsMixin:
    """Makes a new photo's thumbnails once the save commits, not on the first page view."""

    thumbnail_folder: str

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "photo" in form.changed_data and obj.photo:
            make_thumbnails_on_commit(obj.photo.name, obj.conference.slug, self.thumbnail_folder)


class PresenterInline(admin.TabularInline):
    """A person's presenters, one per conference: read-only (edit them under Presenters)."""

    model = Presenter
    fields = ["conference", "name", "slug", "company"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-conference__starts_on"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("conference")


@admin.register(Person)
class PersonAdmin(HallwayModelAdmin):
    list_display = ["name", "conference_list", "presenter_count"]
    search_fields = ["name", "presenters__name", "presenters__slug"]
    fields = ["name"]
    inlines = [PresenterInline]
    actions = ["merge"]

    def get_queryset(self, request):
        presenters = Presenter.objects.select_related("conference").order_by(
            "-conference__starts_on"
        )
        return (
            super()
            .get_queryset(request)
            .with_presenter_count()
            .prefetch_related(Prefetch("presenters", queryset=presenters, to_attr="every_year"))
        )

    @admin.display(description=_("presenters"), ordering="presenter_count")
    def presenter_count(self, person):
        return person.presenter_count

    @admin.display(description=_("conferences"))
    def conference_list(self, person):
        return format_html_join(
            ", ", "{} ({})", ((p.conference.name, p.name) for p in person.every_year)
        )

    @admin.action(description=_("Merge the selected people into one"), permissions=["change"])
    def merge(self, request, queryset):
        try:
            person = merge_people(queryset)
        except PeopleError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            _("Merged into %(name)s: one page lists their talks of every year.")
            % {"name": person.name},
            messages.SUCCESS,
        )


@admin.register(Presenter)
class PresenterAdmin(PhotoThumbnailsMixin, ImagePreviewMixin, HallwayModelAdmin):
    thumbnail_folder = "presenters"
    list_display = ["thumbnail", "name", "company", "conference", "person", "is_hidden"]
    list_display_links = ["thumbnail", "name"]
    list_filter = ["conference", "is_hidden"]
    list_select_related = ["conference", "person"]
    search_fields = ["name", "slug", "company"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["conference", "person"]
    readonly_fields = ["preview", "source_key", "created_at", "updated_at"]
    actions = ["split"]
    fieldsets = [
        (None, {"fields": ["conference", "name", "slug", "person", "pronouns", "company", "role"]}),
        (None, {"fields": ["photo", "preview", "bio", "is_hidden"]}),
        (_("Social profiles"), {"fields": SOCIAL_FIELDS}),
        (
            _("Bookkeeping"),
            {"fields": ["guid", "source_key", "created_at", "updated_at"], "classes": ["collapse"]},
        ),
    ]

    @admin.action(
        description=_("Split off: a person of their own for each selected presenter"),
        permissions=["change"],
    )
    def split(self, request, queryset):
        people = split_presenters(queryset.select_related("person"))
        self.message_user(
            request,
            ngettext(
                "%(count)d presenter is now a person of their own.",
                "%(count)d presenters are now people of their own.",
                len(people),
            )
            % {"count": len(people)},
            messages.SUCCESS,
        )


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
