"""The attendee's notifications page, their switches, the announcements they received, and
the digest's unsubscribe link (which needs no sign-in: the signed token is the proof)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from hallway.conferences.decorators import conference_view
from hallway.core.access import uncached
from hallway.notifications import links, services
from hallway.notifications.forms import SettingsForm
from hallway.notifications.models import Announcement, Notification

PAGE_SIZE = 100


@require_GET
@login_required
@conference_view
def notification_list(request, conference):
    """Newest first, the kinds switched on; opening the page marks them read."""
    switches = services.settings_for(request.user)
    notes = list(
        Notification.objects.for_page(request.user, conference, switches.kinds_on)[:PAGE_SIZE]
    )
    root = conference.get_absolute_url().rstrip("/")
    for note in notes:
        note.href = root + note.url if note.url else ""
    unread = {note.pk for note in notes if note.read_at is None}
    if unread:
        services.mark_read(request.user, conference)
    context = {"conference": conference, "notes": notes, "unread": unread, "switches": switches}
    return uncached(render(request, "notifications/list.html", context))


@require_http_methods(["GET", "POST"])
@login_required
@conference_view
def settings_view(request, conference):
    form = SettingsForm(request.POST or None, instance=services.settings_for(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        services.refresh_unread([request.user.pk], conference.pk)
        messages.success(request, _("Your notification settings are saved."))
        return redirect(conference.reverse("notifications:settings"))
    context = {"conference": conference, "form": form}
    return uncached(render(request, "notifications/settings.html", context))


@require_GET
@login_required
@conference_view
def announcement_list(request, conference):
    announcements = list(Announcement.objects.for_recipient(request.user, conference))
    context = {"conference": conference, "announcements": announcements}
    return uncached(render(request, "notifications/announcement_list.html", context))


@require_GET
@login_required
@conference_view
def announcement_detail(request, conference, pk: int):
    # Only its recipients see it: anyone else gets the same 404 as for no announcement.
    announcement = get_object_or_404(
        Announcement.objects.for_recipient(request.user, conference), pk=pk
    )
    context = {"conference": conference, "announcement": announcement}
    return uncached(render(request, "notifications/announcement_detail.html", context))


# Mail clients post RFC 8058's one-click unsubscribe without any cookie or CSRF token; the
# signed token in the address is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
@conference_view
def unsubscribe(request, conference, token: str):
    user_id = links.user_id_from_token(token)
    if user_id is None:
        context = {"conference": conference, "invalid": True}
        return uncached(render(request, "notifications/unsubscribe.html", context, status=400))
    if request.method == "POST":
        if not services.unsubscribe(user_id):
            raise Http404("No such account.")
        context = {"conference": conference, "done": True}
        return uncached(render(request, "notifications/unsubscribe.html", context))
    context = {"conference": conference, "token": token}
    return uncached(render(request, "notifications/unsubscribe.html", context))
