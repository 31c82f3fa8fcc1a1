from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FEATURE = "venue-proposal"


class ProposalsConfig(AppConfig):
    """Venue proposals: cities and venues offer to host a future edition of the conference."""

    name = "hallway.proposals"
    verbose_name = _("Venue proposals")

    def ready(self) -> None:
        from hallway.core.seams import links

        links.register(
            "footer",
            "proposals:proposal-form",
            _("Host the conference"),
            order=60,
            when=lambda request, conference: FEATURE in conference.enabled_features,
        )
