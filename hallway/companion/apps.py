from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _starred_session_ids(user, conference_id: int):
    from hallway.companion.models import Star

    return Star.objects.filter(user=user, session__conference_id=conference_id).values_list(
        "session_id", flat=True
    )


class CompanionConfig(AppConfig):
    name = "hallway.companion"
    verbose_name = _("Companion")

    def ready(self) -> None:
        from hallway.companion import signals  # noqa: F401 (connects the receivers)
        from hallway.companion.models import Attendance, Label, Note, ShareLink, Star
        from hallway.core import members
        from hallway.core.seams import links, slots

        # Pages shared by signed-in attendees show each one's stars (hallway/core/members.py).
        members.visitor_state.register("stars", _starred_session_ids)
        # What an attendee's agenda shows, kept per attendee (page_cache.kept_per_member).
        for model in (Star, Label, Attendance, Note, ShareLink):
            members.track(model)

        # The star button on every session card and page of the public programme.
        slots.register("session-actions", "companion/_star_button.html")
        slots.register("page-end", "companion/_star_form.html")
        links.register(
            "account",
            "companion:agenda",
            _("My agenda"),
            order=10,
            when=lambda request, conference: request.user.is_authenticated,
        )
