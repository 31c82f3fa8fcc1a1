from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import (
    ConferenceTimeZoneMixin,
    HallwayModelAdmin,
    formfield_for,
)
from hallway.people.models import Presenter
from hallway.program.models import ScheduleChange, Session, SessionPresenter


class SessionPresenterInline(admin.TabularInline):
    model = SessionPresenter
    autocomplete_fields = ["presenter"]
    extra = 0
    ordering = ["position"]


class SessionAdminForm(forms.ModelForm):
    class Meta:
        model = Session
        # The admin builds the real field list from its fieldsets.
        fields = ["conference", "room", "track", "tags"]
        formfield_callback = formfield_for

    def clean(self):
        """Rooms, tracks and tags come from the session's own conference."""
        cleaned = super().clean()
        conference = cleaned.get("conference")
        if conference is None:
            return cleaned
        errors = {}
        for name in ("room", "track"):
            value = cleaned.get(name)
            if value is not None and value.conference_id != conference.pk:
                errors[name] = _("This belongs to another conference.")
        tags = cleaned.get("tags")
        if tags is not None and any(tag.conference_id != conference.pk for tag in tags):
            errors["tags"] = _("Some of these tags belong to another conference.")
        if errors:
            raise ValidationError(errors)
        return cleaned


@admin.register(Session)
class SessionAdmin(ConferenceTimeZoneMixin, HallwayModelAdmin):
    form = SessionAdminForm
    time_zone_fields = ("start", "end")
    inlines = [SessionPresenterInline]
    list_display = [
        "title",
        "presenter_names",
        "kind",
        "local_start_display",
        "room",
        "track",
        "conference",
        "is_hidden",
        "is_cancelled",
    ]
    list_filter = ["conference", "kind", "is_hidden", "is_cancelled"]
    list_select_related = ["conference", "room", "track"]
    search_fields = ["title", "slug", "presenters__name"]
    ordering = ["start", "end", "title"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conference", "room", "track", "tags"]
    readonly_fields = ["guid", "source_key", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["conference", "kind", "title", "slug", "abstract", "description"]}),
        (_("When and where"), {"fields": ["start", "end", "room", "track", "tags"]}),
        (
            _("Details"),
            {
                "fields": [
                    "level",
                    "language",
                    "video_url",
                    "slides_url",
                    "link_url",
                    "is_hidden",
                    "is_cancelled",
                ]
            },
        ),
        (
            _("Bookkeeping"),
            {
                "fields": ["guid", "source_key", "created_at", "updated_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        # Presenters for the change list in one extra query, whatever the number of rows.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "presenters",
                    queryset=Presenter.objects.order_by("sessionpresenter__position", "name"),
                    to_attr="admin_presenters",
                )
            )
        )

    actions = ["cancel_sessions", "reinstate_sessions", "hide_sessions", "show_sessions"]

    def _set_flag(self, request, queryset, field: str, value: bool, message: str) -> None:
        # One save per session, not QuerySet.update(): saves send the signals that log the
        # schedule change for attendees, keep redirects and refresh cached pages.
        with transaction.atomic():
            sessions = list(queryset.filter(**{field: not value}).select_related("conference"))
            for session in sessions:
                setattr(session, field, value)
                session.save(update_fields=[field, "updated_at"])
        self.message_user(request, message % {"count": len(sessions)}, messages.SUCCESS)

    @admin.action(description=_("Mark the selected sessions cancelled"))
    def cancel_sessions(self, request, queryset):
        self._set_flag(request, queryset, "is_cancelled", True, _("Cancelled %(count)d sessions."))

    @admin.action(description=_("Reinstate the selected cancelled sessions"))
    def reinstate_sessions(self, request, queryset):
        self._set_flag(
            request, queryset, "is_cancelled", False, _("Reinstated %(count)d sessions.")
        )

    @admin.action(description=_("Hide the selected sessions from the public site"))
    def hide_sessions(self, request, queryset):
        self._set_flag(request, queryset, "is_hidden", True, _("Hid %(count)d sessions."))

    @admin.action(description=_("Show the selected sessions on the public site"))
    def show_sessions(self, request, queryset):
        self._set_flag(request, queryset, "is_hidden", False, _("Showed %(count)d sessions."))

    def get_list_display(self, request):
        # Filtered to one conference (as organizers work), its name in every row is noise
        # that pushed the list past a 1280 px window.
        columns = super().get_list_display(request)
        if request.GET.get("conference__id__exact"):
            columns = [column for column in columns if column != "conference"]
        return columns

    @admin.display(description=_("presenters"))
    def presenter_names(self, session):
        return ", ".join(presenter.name for presenter in session.admin_presenters) or "—"

    @admin.display(description=_("start (local time)"), ordering="start")
    def local_start_display(self, session):
        local = session.local_start
        return local.strftime("%a %Y-%m-%d %H:%M") if local else "—"


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(ConferenceTimeZoneMixin, HallwayModelAdmin):
    """The change log is history: organizers read it, nobody edits it."""

    list_display = [
        "created_at",
        "session_title",
        "kind",
        "field",
        "old_value",
        "new_value",
        "source",
        "conference",
    ]
    list_filter = ["conference", "kind", "source"]
    list_select_related = ["conference"]
    search_fields = ["session_title", "old_value", "new_value"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
