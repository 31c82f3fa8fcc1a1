from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpeakersConfig(AppConfig):
    """Presenters keep their own pages: a signed sign-in link by e-mail, then their bio, photo,
    pronouns and links, and their sessions' slides and extra links; every edit logged and
    revertable by organizers."""

    name = "hallway.speakers"
    verbose_name = _("Speakers")

    def ready(self) -> None:
        from hallway.core.seams import links, slots
        from hallway.speakers import admin as speakers_admin
        from hallway.speakers.services import SESSION_KEY

        # Extra links under a session's abstract (public data, in the page's cached body).
        slots.register("session-after-abstract", "speakers/_session_links.html")
        links.register(
            "account",
            "speakers:dashboard",
            _("My speaker pages"),
            order=20,
            sections=("dashboard", "profile-edit", "session-edit"),
            when=lambda request, conference: (
                request.user.is_authenticated
                and conference.pk in request.session.get(SESSION_KEY, ())
            ),
        )
        speakers_admin.add_presenter_action()
