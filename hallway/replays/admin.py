from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.conferences.models import Conference
from hallway.replays import services
from hallway.replays.forms import PlaylistImportForm, VideoAdminForm
from hallway.replays.models import Video


@admin.register(Video)
class VideoAdmin(HallwayModelAdmin):
    form = VideoAdminForm
    list_display = ["title", "confidence_display", "session", "status", "conference"]
    list_filter = ["status", "conference", "source"]
    list_select_related = ["conference", "session"]
    search_fields = ["title", "video_id", "session__title"]
    ordering = ["conference", "status", "-confidence", "position"]
    autocomplete_fields = ["session"]
    actions = ["confirm_selected", "reject_selected"]
    readonly_fields = [
        "conference",
        "title",
        "url",
        "video_id",
        "published_at",
        "confidence",
        "status",
        "source",
        "imported_at",
        "decided_at",
        "decided_by",
    ]
    fieldsets = [
        (None, {"fields": ["conference", "title", "url", "published_at"]}),
        (_("Match"), {"fields": ["session", "confidence", "status", "confirm"]}),
        (
            _("Bookkeeping"),
            {
                "fields": ["video_id", "source", "imported_at", "decided_at", "decided_by"],
                "classes": ["collapse"],
            },
        ),
    ]
    change_list_template = "admin/replays/video/change_list.html"

    def has_add_permission(self, request):
        return False  # videos come from a playlist import

    @admin.display(description=_("confidence"), ordering="confidence")
    def confidence_display(self, obj):
        return "—" if obj.confidence is None else f"{obj.confidence:.2f}"

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if "session" in form.changed_data:
                previous = Video.objects.select_related("session").get(pk=obj.pk)
                if previous.status == Video.Status.CONFIRMED:
                    services.reject_video(previous, user=request.user)
                obj.status = Video.Status.PROPOSED if obj.session_id else Video.Status.UNMATCHED
                obj.confidence = None  # chosen by hand
            super().save_model(request, obj, form, change)
            if form.cleaned_data.get("confirm"):
                services.confirm_video(obj, user=request.user)

    def _decide(self, request, queryset, decide, done_message) -> None:
        done, errors = 0, []
        for video in queryset.select_related("session"):
            try:
                decide(video, user=request.user)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for error in errors:
            self.message_user(request, error, messages.ERROR)

    @admin.action(description=_("Confirm the selected matches"), permissions=["change"])
    def confirm_selected(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.confirm_video,
            lambda n: ngettext("Confirmed %d video.", "Confirmed %d videos.", n) % n,
        )

    @admin.action(description=_("Reject the selected matches"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide(
            request,
            queryset,
            services.reject_video,
            lambda n: ngettext("Rejected %d video.", "Rejected %d videos.", n) % n,
        )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="replays_video_import",
            ),
            path(
                "report/<int:conference_id>/",
                self.admin_site.admin_view(self.report_view),
                name="replays_video_report",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = PlaylistImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = services.import_playlist(
                form.cleaned_data["conference"],
                form.cleaned_data["playlist"],
                confirm_above=form.cleaned_data["confirm_above"],
                user=request.user,
            )
            self.message_user(request, report.summary(), messages.SUCCESS)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a playlist"),
            "form": form,
            "report": report,
        }
        return TemplateResponse(request, "admin/replays/video/import.html", context)

    def report_view(self, request, conference_id: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        conference = get_object_or_404(Conference, pk=conference_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Videos and sessions of %(conference)s") % {"conference": conference},
            "conference": conference,
            "waiting": conference.videos.waiting().for_review().order_by("status", "position"),
            "sessions": services.sessions_without_video(conference),
            "changelist_url": reverse("admin:replays_video_changelist"),
        }
        return TemplateResponse(request, "admin/replays/video/report.html", context)

    def changelist_view(self, request, extra_context=None):
        conferences = (
            Conference.objects.filter(videos__isnull=False).distinct().order_by("-starts_on")
        )
        return super().changelist_view(
            request, {**(extra_context or {}), "report_conferences": conferences}
        )
