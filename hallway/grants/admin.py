"""Deciders (``grants.decide_grantapplication``) decide applications here, with every score
in view. Reviewers score on the site's reviewer pages, where others' scores wait for theirs."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.conferences.urls_helpers import conference_reverse
from hallway.grants import services
from hallway.grants.models import GrantApplication, GrantReview

DECIDE_PERMISSION = "grants.decide_grantapplication"


def _decider(request) -> bool:
    return request.user.is_active and request.user.has_perm(DECIDE_PERMISSION)


class GrantApplicationAdminForm(forms.ModelForm):
    class Meta:
        model = GrantApplication
        fields = ["status", "amount_granted", "decision_message"]

    def clean(self):
        cleaned = super().clean()
        if "status" in self.changed_data and cleaned.get("status") == (
            GrantApplication.Status.SUBMITTED
        ):
            self.add_error("status", _("Choose granted or declined."))
        return cleaned


class GrantReviewInline(admin.TabularInline):
    model = GrantReview
    extra = 0
    fields = ["reviewer", "score", "comment", "updated_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reviewer")


@admin.register(GrantApplication)
class GrantApplicationAdmin(HallwayModelAdmin):
    form = GrantApplicationAdminForm
    inlines = [GrantReviewInline]
    list_display = [
        "user",
        "conference",
        "amount_requested",
        "average",
        "reviews",
        "status",
        "amount_granted",
    ]
    list_filter = ["status", "conference", "covers_travel", "covers_lodging"]
    list_select_related = ["conference", "user", "decided_by"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name"]
    readonly_fields = [
        "conference",
        "user",
        "covers_ticket",
        "covers_travel",
        "covers_lodging",
        "travelling_from",
        "amount_requested",
        "reason",
        "decided_at",
        "decided_by",
        "created_at",
    ]
    fieldsets = [
        (
            _("Application"),
            {
                "fields": [
                    "conference",
                    "user",
                    ("covers_ticket", "covers_travel", "covers_lodging"),
                    "travelling_from",
                    "amount_requested",
                    "reason",
                    "created_at",
                ]
            },
        ),
        (
            _("Decision"),
            {
                "fields": [
                    "status",
                    "amount_granted",
                    "decision_message",
                    "decided_at",
                    "decided_by",
                ],
                "description": _("Saving a decision e-mails the applicant."),
            },
        ),
    ]

    def has_module_permission(self, request):
        return _decider(request)

    def has_view_permission(self, request, obj=None):
        return _decider(request)

    def has_change_permission(self, request, obj=None):
        return _decider(request)

    def has_delete_permission(self, request, obj=None):
        return _decider(request)

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    @admin.display(description=_("average score"), ordering="average_score")
    def average(self, obj):
        return f"{obj.average_score:.1f}" if obj.average_score is not None else "–"

    @admin.display(description=_("reviews"), ordering="review_count")
    def reviews(self, obj):
        return obj.review_count

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data or "amount_granted" in form.changed_data:
            services.decide(
                obj,
                status=obj.status,
                amount_granted=obj.amount_granted,
                message=obj.decision_message,
                by=request.user,
                page_url=request.build_absolute_uri(
                    conference_reverse(obj.conference, "grants:apply")
                ),
            )
        else:
            obj.save(update_fields=["decision_message", "updated_at"])
