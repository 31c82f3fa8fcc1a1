from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "hallway.events"
    verbose_name = _("Side events")

    def ready(self) -> None:
        from hallway.companion.extras import agenda_extras
        from hallway.conferences.versioning import private_app
        from hallway.core import members
        from hallway.core.seams import links
        from hallway.events import receivers
        from hallway.events.agenda import rsvps_for_agenda
        from hallway.events.models import Rsvp

        # RSVPs show on no cached public page (the events pages are never cached): an answer
        # must not throw away the cache of the whole conference.
        private_app(self.label)
        receivers.connect()
        agenda_extras.register("side-events", rsvps_for_agenda)
        # RSVPs show in the attendee's agenda, kept per attendee (hallway/core/members.py).
        members.track(Rsvp)
        links.register(
            "main",
            "events:event-list",
            _("Events"),
            order=60,
            sections=("event-list", "event-detail"),
            when=lambda request, conference: "events" in conference.enabled_features,
        )
