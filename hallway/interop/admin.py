"""Followed schedules and their pulls, and the import of a schedule by upload or URL with a
preview of what would change before anything is written."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.conferences.models import Conference
from hallway.core import cache_keys
from hallway.interop.errors import ImportDataError
from hallway.interop.forms import ScheduleImportForm
from hallway.interop.models import ScheduleSource, ScheduleSync
from hallway.interop.sync import (
    DEFAULT_MAX_BYTES,
    Fetched,
    FetchError,
    apply_schedule,
    fetch,
    follow,
    pull,
)

IMPORT_PERMISSION = "interop.import_schedule"

PREVIEW_SECONDS = 3600
ADMIN_SOURCE = "admin import"
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
            sync = pull(source, trigger=ScheduleSync.Trigger.ADMIN)
            if sync.result == ScheduleSync.Result.ERROR:
                self.message_user(
                    request,
                    _("%(conference)s: nothing changed. %(error)s")
                    % {"conference": source.conference, "error": sync.error},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    f"{source.conference}: {sync.get_result_display()}. {sync.summary}",
                    messages.SUCCESS,
                )

    def import_view(self, request):
        """Import a schedule: the form, then a preview of what would change, then apply."""
        if not self.has_import_schedule_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "apply" in request.POST:
            return self._apply(request)
        form = ScheduleImportForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a schedule"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            preview = self._preview(request, form)
            if preview is not None:
                context.update(preview)
                context["title"] = _("Preview: what the import would change")
                return TemplateResponse(request, "admin/interop/import_preview.html", context)
        return TemplateResponse(request, "admin/interop/import_schedule.html", context)

    def _preview(self, request, form) -> dict | None:
        data = form.cleaned_data
        conference: Conference = data["conference"]
        fetched = None
        try:
            if data["url"]:
                fetched = fetch(data["url"])
                content = fetched.content
            else:
                limit = getattr(settings, "HALLWAY_SCHEDULE_MAX_BYTES", DEFAULT_MAX_BYTES)
                if data["file"].size > limit:
                    form.add_error("file", f"{data['file'].name}: larger than {limit} bytes.")
                    return None
                content = data["file"].read()
        except FetchError as error:
            form.add_error("url", str(error))
            return None
        try:
            applied = apply_schedule(
                content,
                slug=conference.slug,
                source=ADMIN_SOURCE,
                keep_missing=data["keep_missing"],
                dry_run=True,
            )
        except ImportDataError as error:
            field = "url" if data["url"] else "file"
            name = data["url"] or data["file"].name
            form.add_error(field, f"{name}: {error}")
            return None
        token = secrets.token_urlsafe(24)
        cache.set(
            cache_keys.SCHEDULE_PREVIEW.format(token=token),
            {
                "user": request.user.pk,
                "conference": conference.pk,
                "content": content,
                "url": data["url"],
                "etag": fetched.etag if fetched else "",
                "last_modified": fetched.last_modified if fetched else "",
                "keep_missing": data["keep_missing"],
                "follow": data["follow"],
            },
            PREVIEW_SECONDS,
        )
        return {"conference": conference, "applied": applied, "token": token, "pending": data}

    def _apply(self, request):
        key = cache_keys.SCHEDULE_PREVIEW.format(token=request.POST.get("token", ""))
        pending = cache.get(key)
        if pending is None or pending["user"] != request.user.pk:
            self.message_user(
                request, _("This preview has expired: import the schedule again."), messages.ERROR
            )
            return redirect("admin:interop_schedulesource_import")
        conference = Conference.objects.get(pk=pending["conference"])
        try:
            applied = apply_schedule(
                pending["content"],
                slug=conference.slug,
                source=ADMIN_SOURCE,
                keep_missing=pending["keep_missing"],
            )
        except ImportDataError as error:
            self.message_user(request, f"Nothing was imported: {error}", messages.ERROR)
            return redirect("admin:interop_schedulesource_import")
        cache.delete(key)
        if pending["follow"]:
            fetched = Fetched(200, pending["content"], pending["etag"], pending["last_modified"])
            source = follow(
                conference, pending["url"], fetched=fetched, keep_missing=pending["keep_missing"]
            )
            now = timezone.now()
            source.syncs.create(
                trigger=ScheduleSync.Trigger.ADMIN,
                result=ScheduleSync.Result.OK,
                started_at=now,
                finished_at=now,
                http_status=200,
                summary=applied.summary,
                changes=applied.changes,
            )
            source.last_pulled_at, source.last_result = now, ScheduleSync.Result.OK
            source.save(update_fields=["last_pulled_at", "last_result"])
        self.message_user(request, f"Imported {applied.summary}", messages.SUCCESS)
        url = reverse("admin:program_session_changelist")
        return redirect(f"{url}?conference__id__exact={conference.pk}")


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
