from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "hallway.volunteers"
    verbose_name = _("Volunteers")

    def ready(self) -> None:
        from hallway.companion.extras import agenda_extras
        from hallway.conferences.versioning import private_app
        from hallway.core import members
        from hallway.core.seams import links
        from hallway.volunteers import receivers
        from hallway.volunteers.agenda import shifts_for_agenda
        from hallway.volunteers.models import Signup

        # Sign-ups show on no cached public page (the volunteer page is never cached): a
        # sign-up must not throw away the cache of the whole conference.
        private_app(self.label)
        receivers.connect()
        agenda_extras.register("volunteer-shifts", shifts_for_agenda)
        # Shifts show in the attendee's agenda, kept per attendee (hallway/core/members.py).
        members.track(Signup)
        links.register(
            "main",
            "volunteers:board",
            _("Volunteer"),
            order=70,
            sections=("board", "roster"),
            when=lambda request, conference: "volunteer" in conference.enabled_features,
        )
