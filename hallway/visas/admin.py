"""Organizers review visa requests here; only those with ``visas.review_visarequest``.

Django's own view/change permissions are not enough: passport data is shown only to users who
hold the review permission (superusers hold every permission), so staff with "view visa letter
request" alone get a 403 like any other staff member.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.conferences.urls_helpers import conference_reverse
from hallway.visas import services
from hallway.visas.models import VisaRequest, VisaSettings
from hallway.visas.views import pdf_response

REVIEW_PERMISSION = "visas.review_visarequest"


def page_url(request, visa_request: VisaRequest) -> str:
    return request.build_absolute_uri(conference_reverse(visa_request.conference, "visas:request"))


class VisaRequestAdminForm(forms.ModelForm):
    class Meta:
        model = VisaRequest
        fields = ["status", "organizer_message"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        message = (cleaned.get("organizer_message") or "").strip()
        if "status" in self.changed_data and status == VisaRequest.Status.SUBMITTED:
            self.add_error("status", _("Choose approve, decline or ask for more information."))
        elif "status" in self.changed_data and not message:
            if status == VisaRequest.Status.DECLINED:
                self.add_error("organizer_message", _("Give the reason for declining."))
            elif status == VisaRequest.Status.MORE_INFO:
                self.add_error("organizer_message", _("Say what information is missing."))
        if (
            "status" in self.changed_data
            and status == VisaRequest.Status.APPROVED
            and not VisaSettings.objects.filter(conference_id=self.instance.conference_id).exists()
        ):
            self.add_error("status", services.NO_SETTINGS)
        if self.instance.erased_at and self.changed_data:
            raise ValidationError(_("The passport data of this request was erased."))
        return cleaned


@admin.register(VisaRequest)
class VisaRequestAdmin(HallwayModelAdmin):
    form = VisaRequestAdminForm
    list_display = ["passport_name", "user", "conference", "role", "status", "created_at"]
    list_filter = ["status", "role", "conference"]
    list_select_related = ["conference", "user"]
    search_fields = ["passport_name", "user__username", "user__email"]
    date_hierarchy = "created_at"
    actions = ["approve"]
    readonly_fields = [
        "conference",
        "user",
        "passport_name",
        "nationality",
        "passport_number",
        "birth_date",
        "arrival_date",
        "departure_date",
        "role",
        "registration_reference",
        "requester_note",
        "decided_at",
        "decided_by",
        "letter_sent_at",
        "letter",
        "erased_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            _("Requester"),
            {"fields": ["conference", "user", "role", "registration_reference", "requester_note"]},
        ),
        (
            _("Passport"),
            {"fields": ["passport_name", "nationality", "passport_number", "birth_date"]},
        ),
        (_("Travel"), {"fields": ["arrival_date", "departure_date"]}),
        (
            _("Decision"),
            {
                "fields": ["status", "organizer_message", "decided_at", "decided_by"],
                "description": _(
                    "Approve to e-mail the letter; decline with a reason; or ask for more "
                    "information (the requester sees the message and can update the request)."
                ),
            },
        ),
        (
            _("Record"),
            {"fields": ["letter", "letter_sent_at", "erased_at", "created_at", "updated_at"]},
        ),
    ]

    # Passport data: only reviewers, whatever Django's model permissions say.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm(REVIEW_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm(REVIEW_PERMISSION)

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm(REVIEW_PERMISSION)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_perm(REVIEW_PERMISSION)

    def has_add_permission(self, request):
        return False  # requests come from the requesters themselves

    def get_queryset(self, request):
        return super().get_queryset(request).for_review()

    def get_urls(self):
        letter = self.admin_site.admin_view(self.letter_view)
        return [
            path("<int:pk>/letter/", letter, name="visas_visarequest_letter"),
            *super().get_urls(),
        ]

    def letter_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        visa_request = get_object_or_404(
            VisaRequest.objects.select_related("conference__visa_settings"), pk=pk
        )
        if not visa_request.has_letter:
            raise PermissionDenied
        return pdf_response(visa_request)

    @admin.display(description=_("letter"))
    def letter(self, obj):
        if not obj.pk or not obj.has_letter:
            return "–"
        url = reverse("admin:visas_visarequest_letter", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the letter (PDF)"))

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            services.decide(
                obj,
                status=obj.status,
                message=obj.organizer_message,
                by=request.user,
                page_url=page_url(request, obj),
            )
        else:
            obj.save(update_fields=["organizer_message", "updated_at"])

    @admin.action(description=_("Approve and e-mail the letters"))
    def approve(self, request, queryset):
        approved = 0
        for visa_request in queryset.exclude(status=VisaRequest.Status.APPROVED).filter(
            erased_at__isnull=True
        ):
            if not VisaSettings.objects.filter(conference_id=visa_request.conference_id).exists():
                self.message_user(
                    request, f"{visa_request}: {services.NO_SETTINGS}", messages.ERROR
                )
                continue
            services.decide(
                visa_request,
                status=VisaRequest.Status.APPROVED,
                message=visa_request.organizer_message,
                by=request.user,
                page_url=page_url(request, visa_request),
            )
            approved += 1
        self.message_user(
            request, _("%(count)d request(s) approved.") % {"count": approved}, messages.SUCCESS
        )


@admin.register(VisaSettings)
class VisaSettingsAdmin(HallwayModelAdmin):
    list_display = ["conference", "organization_name", "signatory_name", "signatory_title"]
    list_select_related = ["conference"]
    search_fields = ["conference__name", "organization_name", "signatory_name"]
    autocomplete_fields = ["conference"]
