from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.lightning.models import LightningTalk


@admin.register(LightningTalk)
class LightningTalkAdmin(HallwayModelAdmin):
    """Sign-ups per session: accept or decline them and set their order (``position``) right
    in the list, filtered to one session."""

    list_display = ["title", "speaker_name", "summary", "session", "status", "position"]
    list_display_links = ["title"]
    list_editable = ["status", "position"]
    list_filter = ["session__conference", "status", "session"]
    list_select_related = ["session", "session__conference", "speaker"]
    search_fields = ["title", "summary", "speaker_name", "speaker__username", "speaker__email"]
    autocomplete_fields = ["speaker"]
    ordering = ["session__start", "position", "created_at"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["accept", "decline"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            kwargs["queryset"] = db_field.related_model.objects.filter(
                kind="lightning"
            ).select_related("conference")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Accept the selected talks"), permissions=["change"])
    def accept(self, request, queryset):
        self._set_status(request, queryset, LightningTalk.Status.ACCEPTED)

    @admin.action(description=_("Decline the selected talks"), permissions=["change"])
    def decline(self, request, queryset):
        self._set_status(request, queryset, LightningTalk.Status.DECLINED)

    def _set_status(self, request, queryset, status) -> None:
        # One save per talk rather than update(): the saves bump the conference version, so
        # the session's cached page shows the new list.
        talks = list(queryset)
        for talk in talks:
            talk.status = status
            talk.save(update_fields=["status", "updated_at"])
        self.message_user(
            request,
            ngettext(
                "%(count)d talk is now %(status)s.",
                "%(count)d talks are now %(status)s.",
                len(talks),
            )
            % {"count": len(talks), "status": LightningTalk.Status(status).label.lower()},
        )
