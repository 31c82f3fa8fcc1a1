from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import (
    ConferenceTimeZoneMixin,
    HallwayModelAdmin,
    formfield_for,
)
from hallway.events import services
from hallway.events.models import Event, Rsvp


class RsvpInline(admin.TabularInline):
    """Who answered, in order: only for staff who may view RSVPs (``events.view_rsvp``)."""

    model = Rsvp
    fields = ["user", "email", "status", "created_at", "promoted_at"]
    readonly_fields = ["user", "email", "status", "created_at", "promoted_at"]
    extra = 0
    can_delete = True
    ordering = ["status", "created_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request, obj=None) -> bool:
        # Answers come from attendees through the site, where capacity is enforced.
        return False

    @admin.display(description=_("e-mail"))
    def email(self, rsvp) -> str:
        return rsvp.user.email


class EventAdminForm(forms.ModelForm):
    class Meta:
        model = Event
        # The admin builds the real field list from its fieldsets.
        fields = ["conference", "place", "sponsor"]
        formfield_callback = formfield_for

    def clean(self):
        cleaned = super().clean()
        conference = cleaned.get("conference")
        errors = {}
        for name in ("place", "sponsor"):
            value = cleaned.get(name)
            if conference and value is not None and value.conference_id != conference.pk:
                errors[name] = _("This belongs to another conference.")
        if errors:
            raise ValidationError(errors)
        return cleaned


@admin.register(Event)
class EventAdmin(ConferenceTimeZoneMixin, HallwayModelAdmin):
    form = EventAdminForm
    time_zone_fields = ("starts_at", "ends_at")
    list_display = [
        "title",
        "starts_at",
        "host",
        "capacity",
        "confirmed_display",
        "waiting_display",
        "conference",
        "is_published",
    ]
    list_filter = ["conference", "is_published"]
    list_select_related = ["conference", "place", "sponsor"]
    search_fields = ["title", "slug", "host", "address", "place__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conference", "place", "sponsor"]
    date_hierarchy = "starts_at"
    ordering = ["starts_at"]
    inlines = [RsvpInline]
    fieldsets = [
        (None, {"fields": ["conference", "title", "slug", "host", "description", "is_published"]}),
        (_("When and where"), {"fields": ["starts_at", "ends_at", "place", "address"]}),
        (_("Places"), {"fields": ["capacity", "sponsor"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A larger capacity (or an RSVP deleted here) frees places: the waiting list moves up.
        event = form.instance
        transaction.on_commit(lambda: services.fill_places(event))

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed_display(self, event) -> int:
        return event.confirmed_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting_display(self, event) -> int:
        return event.waiting_count


@admin.register(Rsvp)
class RsvpAdmin(HallwayModelAdmin):
    list_display = ["user", "email", "event", "status", "created_at", "promoted_at"]
    list_filter = ["event__conference", "status", "event"]
    list_select_related = ["user", "event"]
    search_fields = ["user__username", "user__email", "event__title"]
    readonly_fields = ["event", "user", "status", "created_at", "promoted_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, rsvp) -> str:
        return rsvp.user.email
