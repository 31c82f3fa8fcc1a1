from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.people.models import Presenter
from hallway.speakers import services
from hallway.speakers.models import ProfileEdit, SessionLink, SpeakerAccess


def _send_links(modeladmin, request, accesses) -> int:
    base_url = request.build_absolute_uri("/").rstrip("/")
    sent = 0
    for access in accesses:
        services.send_sign_in_link(access, base_url=base_url)
        sent += 1
    if sent:
        modeladmin.message_user(
            request,
            ngettext(
                "Sent %d sign-in link (it works once, for %d days).",
                "Sent %d sign-in links (each works once, for %d days).",
                sent,
            )
            % (sent, services.link_max_age().days),
            messages.SUCCESS,
        )
    return sent


@admin.action(description=_("Send a sign-in link to edit their page"))
def send_sign_in_links(modeladmin, request, queryset):
    """On the presenters' change list: mail a link to those with a speaker address."""
    presenters = list(queryset.select_related("conference", "speaker_access"))
    with_access = [p.speaker_access for p in presenters if hasattr(p, "speaker_access")]
    _send_links(modeladmin, request, with_access)
    missing = [p.name for p in presenters if not hasattr(p, "speaker_access")]
    if missing:
        modeladmin.message_user(
            request,
            _(
                "No e-mail address for %(names)s: add one under Speakers › Speaker access, "
                "then send again."
            )
            % {"names": ", ".join(missing)},
            messages.WARNING,
        )


def add_presenter_action() -> None:
    """Offer ``send_sign_in_links`` on the presenters' change list (people's admin stays
    unaware of this app, as with the template slots)."""
    presenter_admin = admin.site.get_model_admin(Presenter)
    actions = list(presenter_admin.actions or [])
    if send_sign_in_links not in actions:
        presenter_admin.actions = [*actions, send_sign_in_links]


@admin.register(SpeakerAccess)
class SpeakerAccessAdmin(HallwayModelAdmin):
    list_display = ["presenter", "email", "user", "sent_at", "used_at", "conference"]
    list_filter = ["presenter__conference"]
    list_select_related = ["presenter__conference", "user"]
    search_fields = ["presenter__name", "email", "user__username", "user__email"]
    autocomplete_fields = ["presenter", "user"]
    readonly_fields = ["sent_at", "used_at"]
    actions = ["send_links"]

    @admin.display(description=_("conference"), ordering="presenter__conference")
    def conference(self, obj):
        return obj.presenter.conference

    @admin.action(description=_("Send a sign-in link"), permissions=["change"])
    def send_links(self, request, queryset):
        _send_links(self, request, queryset.select_related("presenter__conference"))


@admin.register(SessionLink)
class SessionLinkAdmin(HallwayModelAdmin):
    list_display = ["title", "url", "session", "position"]
    list_filter = ["session__conference"]
    list_select_related = ["session"]
    search_fields = ["title", "url", "session__title"]
    autocomplete_fields = ["session"]


@admin.register(ProfileEdit)
class ProfileEditAdmin(HallwayModelAdmin):
    list_display = ["created_at", "target_display", "field", "change", "editor", "reverted"]
    list_filter = ["conference", "field", ("reverted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["conference", "presenter", "session", "editor", "reverted_by"]
    search_fields = ["presenter__name", "session__title", "field", "old_value", "new_value"]
    date_hierarchy = "created_at"
    actions = ["revert_selected"]
    readonly_fields = [
        "conference",
        "presenter",
        "session",
        "editor",
        "field",
        "old_value",
        "new_value",
        "created_at",
        "reverted_at",
        "reverted_by",
    ]

    def has_add_permission(self, request):
        return False  # the log is written by the edits themselves

    def has_change_permission(self, request, obj=None):
        # Read-only rows; the revert action asks for this permission by name.
        return obj is None and super().has_change_permission(request, obj)

    @admin.display(description=_("page"))
    def target_display(self, obj):
        return obj.presenter if obj.presenter_id else obj.session

    @admin.display(description=_("change"))
    def change(self, obj):
        return format_html(
            "<del>{}</del> → <ins>{}</ins>",
            _shorten(obj.old_value) or "∅",
            _shorten(obj.new_value) or "∅",
        )

    @admin.display(description=_("reverted"), boolean=True)
    def reverted(self, obj):
        return obj.reverted_at is not None

    @admin.action(description=_("Revert the selected edits"), permissions=["change"])
    def revert_selected(self, request, queryset):
        done, errors = 0, []
        # Newest first: reverting a field's two edits in one go ends at the oldest value.
        for edit in queryset.order_by("-created_at", "-pk"):
            try:
                services.revert_edit(edit, user=request.user)
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("Reverted %d edit.", "Reverted %d edits.", done) % done,
                messages.SUCCESS,
            )
        for error in errors:
            self.message_user(request, error, messages.ERROR)


def _shorten(value: str, length: int = 80) -> str:
    return value if len(value) <= length else value[: length - 1] + "…"
