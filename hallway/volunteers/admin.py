import zoneinfo

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import (
    ConferenceTimeZoneMixin,
    HallwayModelAdmin,
    formfield_for,
)
from hallway.conferences.models import Conference
from hallway.volunteers import services
from hallway.volunteers.models import Role, Shift, Signup


class ShiftInline(admin.TabularInline):
    model = Shift
    fields = ["starts_at", "ends_at", "capacity", "location", "session"]
    autocomplete_fields = ["session"]
    extra = 0
    show_change_link = True


@admin.register(Role)
class RoleAdmin(ConferenceTimeZoneMixin, HallwayModelAdmin):
    list_display = ["name", "conference", "position", "shift_count"]
    list_editable = ["position"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["conference"]
    inlines = [ShiftInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(shift_total=Count("shifts"))

    @admin.display(description=_("shifts"), ordering="shift_total")
    def shift_count(self, role) -> int:
        return role.shift_total


class SignupInline(admin.TabularInline):
    """The volunteers of a shift: names and e-mails, so only for staff who may view sign-ups
    (Django's inline permissions check ``volunteers.view_signup``)."""

    model = Signup
    fields = ["user", "email", "status", "created_at"]
    readonly_fields = ["email", "status", "created_at"]
    autocomplete_fields = ["user"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.display(description=_("e-mail"))
    def email(self, signup) -> str:
        return signup.user.email


class ShiftAdminForm(forms.ModelForm):
    class Meta:
        model = Shift
        # The admin builds the real field list from its fieldsets.
        fields = ["role", "session"]
        formfield_callback = formfield_for

    def clean(self):
        cleaned = super().clean()
        role, session = cleaned.get("role"), cleaned.get("session")
        if role and session and session.conference_id != role.conference_id:
            raise ValidationError({"session": _("This session belongs to another conference.")})
        return cleaned


@admin.register(Shift)
class ShiftAdmin(ConferenceTimeZoneMixin, HallwayModelAdmin):
    form = ShiftAdminForm
    time_zone_fields = ("starts_at", "ends_at")
    list_display = [
        "role",
        "starts_at",
        "ends_at",
        "place_display",
        "capacity",
        "taken_display",
        "waiting_display",
    ]
    list_filter = ["role__conference", "role"]
    list_select_related = ["role__conference", "session__room"]
    search_fields = ["role__name", "location", "session__title"]
    autocomplete_fields = ["role", "session"]
    date_hierarchy = "starts_at"
    ordering = ["starts_at"]
    inlines = [SignupInline]
    fieldsets = [
        (None, {"fields": ["role", "starts_at", "ends_at", "capacity"]}),
        (_("Where"), {"fields": ["location", "session", "notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_taken()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # More places (or a sign-up deleted here) let the waiting list move up.
        shift = form.instance
        transaction.on_commit(lambda: services.fill_places(shift))

    def conference_time_zone(self, request, object_id=None):
        """A shift is on its role's conference's clock (the mixin looks for a direct
        ``conference``): the edited shift's, the chosen role's, or the filtered conference's."""
        name = None
        role_id = request.POST.get("role") or request.GET.get("role")
        conference_id = request.GET.get("role__conference__id__exact")
        if object_id:
            shifts = Shift.objects.filter(pk=unquote(object_id))
            name = shifts.values_list("role__conference__time_zone", flat=True).first()
        elif role_id and role_id.isdigit():
            roles = Role.objects.filter(pk=role_id)
            name = roles.values_list("conference__time_zone", flat=True).first()
        elif conference_id and conference_id.isdigit():
            conferences = Conference.objects.filter(pk=conference_id)
            name = conferences.values_list("time_zone", flat=True).first()
        return zoneinfo.ZoneInfo(name) if name else None

    @admin.display(description=_("location"))
    def place_display(self, shift) -> str:
        return shift.place

    @admin.display(description=_("signed up"), ordering="taken")
    def taken_display(self, shift) -> int:
        return shift.taken

    @admin.display(description=_("waiting"), ordering="waiting")
    def waiting_display(self, shift) -> int:
        return shift.waiting


@admin.register(Signup)
class SignupAdmin(HallwayModelAdmin):
    list_display = ["user", "email", "shift", "status", "created_at"]
    list_filter = ["status", "shift__role__conference", "shift__role"]
    list_select_related = ["user", "shift__role__conference"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "shift"]
    date_hierarchy = "created_at"

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, signup) -> str:
        return signup.user.email
