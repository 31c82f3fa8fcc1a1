from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FEATURE = "lightning-talks"


class LightningConfig(AppConfig):
    """Lightning talks: attendees sign up for a lightning-talk session, organizers accept and
    order them, and the accepted ones show with that session wherever it is written out."""

    name = "hallway.lightning"
    verbose_name = _("Lightning talks")

    def ready(self) -> None:
        from hallway.core.seams import links, session_extras, slots
        from hallway.lightning.extras import accepted_talks_by_session

        slots.register("session-extra", "lightning/_session_talks.html")
        session_extras.register("lightning", accepted_talks_by_session)
        links.register(
            "main",
            "lightning:session-list",
            _("Lightning talks"),
            order=25,
            when=lambda request, conference: FEATURE in conference.enabled_features,
        )
