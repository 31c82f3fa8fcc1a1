from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.core.mail import enqueue_on_commit
from hallway.notifications import tasks
from hallway.notifications.models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(HallwayModelAdmin):
    """Organizers write an announcement, then send it with the "Send" action: the task
    worker stores it for every recipient, who sees it on the site and in their next digest."""

    list_display = ["title", "conference", "audience", "created_at", "sent_at", "recipient_count"]
    list_filter = ["conference", "audience"]
    list_select_related = ["conference"]
    search_fields = ["title", "body"]
    autocomplete_fields = ["conference", "session", "event"]
    readonly_fields = ["sent_at", "recipient_count"]
    fields = [
        "conference",
        "title",
        "body",
        "audience",
        "session",
        "event",
        "sent_at",
        "recipient_count",
    ]
    actions = ["send"]

    @admin.action(description=_("Send the selected announcements"))
    def send(self, request, queryset):
        count = 0
        for announcement in queryset:
            enqueue_on_commit(tasks.send_announcement, announcement.pk)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d announcement will be sent by the background task; "
                "sending it again reaches only those it has not reached yet.",
                "%(count)d announcements will be sent by the background task; "
                "sending them again reaches only those they have not reached yet.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
