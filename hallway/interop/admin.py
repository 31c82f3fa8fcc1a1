"""Followed schedules and their pulls, and the import of a schedule by upload or URL with a
preview of what would change before anything is written.

Fetching, previewing, importing and pulling run in the tasks worker
(``hallway.interop.tasks``), never in the admin's request: the admin queues the work and shows a
page that reloads itself until the worker's result is there."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.conferences.models import Conference
from hallway.core.storage import private_storage
from hallway.interop.forms import ScheduleImportForm
from hallway.interop.models import ScheduleSource, ScheduleSync
from hallway.interop.sync import DEFAULT_MAX_BYTES
from hallway.interop.tasks import (
    apply_schedule_import,
    preview_schedule_import,
    pull_followed_schedule,
    store_schedule_file,
)

IMPORT_PERMISSION = "interop.import_schedule"

# The waiting page reloads itself (no JavaScript needed) until the worker has answered.
WAIT_REFRESH_SECONDS = 2
RECENT_PULLS = 20


@admin.register(ScheduleSource)
class ScheduleSourceAdmin(HallwayModelAdmin):
    list_display = ["conference", "url", "is_enabled", "last_pulled_at", "last_result"]
    list_filter = ["is_enabled", "last_result"]
    list_select_related = ["conference"]
    search_fields = ["conference__name", "conference__slug", "url"]
    autocomplete_fields = ["conference"]
    fields = [
        "conference",
        "url",
        "is_enabled",
        "keep_missing",
        "last_pulled_at",
        "last_result",
        "etag",
        "last_modified",
        "recent_pulls",
    ]
    readonly_fields = ["last_pulled_at", "last_result", "etag", "last_modified", "recent_pulls"]
    actions = ["pull_now"]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="interop_schedulesource_import",
            ),
            path(
                "import/preview/<str:result_id>/",
                self.admin_site.admin_view(self.import_preview_view),
                name="interop_schedulesource_import_preview",
            ),
            path(
                "import/applied/<str:result_id>/",
                self.admin_site.admin_view(self.import_applied_view),
                name="interop_schedulesource_import_applied",
            ),
            *super().get_urls(),
        ]

    def has_import_schedule_permission(self, request) -> bool:
        return request.user.has_perm(IMPORT_PERMISSION)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_schedule_permission(request),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("recent pulls"))
    def recent_pulls(self, source):
        if source.pk is None:
            return "—"
        syncs = source.syncs.all()[:RECENT_PULLS]
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(sync.started_at).strftime("%Y-%m-%d %H:%M:%S"),
                    sync.get_result_display(),
                    sync.http_status or "",
                    sync.error or sync.summary,
                )
                for sync in syncs
            ),
        )
        if not rows:
            return _("Not pulled yet.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("when"),
            _("result"),
            _("HTTP"),
            _("what happened"),
            rows,
        )

    @admin.action(description=_("Pull now and apply what changed"), permissions=["import_schedule"])
    def pull_now(self, request, queryset):
        for source in queryset.select_related("conference"):
            pull_followed_schedule.enqueue(source.pk, ScheduleSync.Trigger.ADMIN)
            self.message_user(
                request,
                _(
                    "%(conference)s: the pull is queued; its result shows under “recent pulls” "
                    "once the worker has run it."
                )
                % {"conference": source.conference},
                messages.SUCCESS,
            )

    def import_view(self, request):
        """Import a schedule, step 1: the form. A valid one queues the preview."""
        if not self.has_import_schedule_permission(request):
            raise PermissionDenied
        form = ScheduleImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            limit = getattr(settings, "HALLWAY_SCHEDULE_MAX_BYTES", DEFAULT_MAX_BYTES)
            if upload and upload.size > limit:
                form.add_error("file", f"{upload.name}: larger than {limit} bytes.")
            else:
                result = preview_schedule_import.enqueue(
                    request.user.pk,
                    data["conference"].pk,
                    url=data["url"],
                    name=store_schedule_file(upload.name, upload.read()) if upload else "",
                    origin=upload.name if upload else data["url"],
                    keep_missing=data["keep_missing"],
                    follow=data["follow"],
                )
                return redirect("admin:interop_schedulesource_import_preview", result.id)
        return self._form_page(request, form)

    def _form_page(self, request, form, error: str = ""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a schedule"),
            "form": form,
            "import_error": error,
        }
        return TemplateResponse(request, "admin/interop/import_schedule.html", context)

    def _own_result(self, request, task, result_id: str):
        """The task result ``result_id`` of ``task``, if this user queued it; else 404."""
        if not self.has_import_schedule_permission(request):
            raise PermissionDenied
        try:
            result = task.get_result(result_id)
        except (TaskResultDoesNotExist, TaskResultMismatch):
            raise Http404("No such import.") from None
        if not result.args or result.args[0] != request.user.pk:
            raise Http404("No such import.")
        return result

    def _waiting_page(self, request, result, title):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "failed": result.status == TaskResultStatus.FAILED,
            "refresh_seconds": WAIT_REFRESH_SECONDS,
        }
        return TemplateResponse(request, "admin/interop/import_waiting.html", context)

    def import_preview_view(self, request, result_id: str):
        """Step 2: wait for the preview, show it, and queue the import on "Apply"."""
        result = self._own_result(request, preview_schedule_import, result_id)
        if result.status != TaskResultStatus.SUCCESSFUL:
            return self._waiting_page(request, result, _("Preparing the preview"))
        preview, options = result.return_value, result.kwargs
        conference = Conference.objects.get(pk=result.args[1])
        if not preview["ok"]:
            form = ScheduleImportForm(
                initial={"conference": conference.pk, "url": options.get("url", "")}
            )
            return self._form_page(request, form, preview["error"])
        if request.method == "POST" and "apply" in request.POST:
            if not private_storage().exists(preview["name"]):
                self.message_user(
                    request,
                    _("This preview was applied already: import the schedule again."),
                    messages.ERROR,
                )
                return redirect("admin:interop_schedulesource_import")
            applying = apply_schedule_import.enqueue(
                request.user.pk,
                conference.pk,
                name=preview["name"],
                url=options.get("url", ""),
                etag=preview["etag"],
                last_modified=preview["last_modified"],
                keep_missing=options.get("keep_missing", False),
                follow=options.get("follow", False),
            )
            return redirect("admin:interop_schedulesource_import_applied", applying.id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview: what the import would change"),
            "conference": conference,
            "preview": preview,
            "pending": options,
        }
        return TemplateResponse(request, "admin/interop/import_preview.html", context)

    def import_applied_view(self, request, result_id: str):
        """Step 3: wait for the import, then go to the conference's sessions."""
        result = self._own_result(request, apply_schedule_import, result_id)
        if result.status != TaskResultStatus.SUCCESSFUL:
            return self._waiting_page(request, result, _("Importing the schedule"))
        outcome = result.return_value
        if not outcome["ok"]:
            self.message_user(request, outcome["error"], messages.ERROR)
            return redirect("admin:interop_schedulesource_import")
        self.message_user(request, f"Imported {outcome['summary']}", messages.SUCCESS)
        url = reverse("admin:program_session_changelist")
        return redirect(f"{url}?conference__id__exact={result.args[1]}")


@admin.register(ScheduleSync)
class ScheduleSyncAdmin(HallwayModelAdmin):
    list_display = ["started_at", "conference", "result", "http_status", "change_count", "what"]
    list_filter = ["result", "trigger", "source__conference"]
    list_select_related = ["source__conference"]
    search_fields = ["source__conference__name", "summary", "error"]
    date_hierarchy = "started_at"
    fields = [
        "source",
        "started_at",
        "finished_at",
        "trigger",
        "result",
        "http_status",
        "summary",
        "change_list",
        "error",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("conference"), ordering="source__conference__name")
    def conference(self, sync):
        return sync.source.conference

    @admin.display(description=_("changes"))
    def change_count(self, sync):
        return len(sync.changes)

    @admin.display(description=_("what happened"))
    def what(self, sync):
        return sync.error or sync.summary

    @admin.display(description=_("changes"))
    def change_list(self, sync):
        if not sync.changes:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong>: {} {} → {}</li>",
                (
                    (change["session"], change["kind"], change["old"], change["new"])
                    for change in sync.changes
                ),
            ),
        )
