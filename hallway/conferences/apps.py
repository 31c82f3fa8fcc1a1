from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "hallway.conferences"
    verbose_name = _("Conferences")

    def ready(self) -> None:
        from hallway.conferences import signals, versioning
        from hallway.core.seams import slots

        signals.connect()
        versioning.connect()
        # The previous and next years of a series, in every conference page's footer.
        slots.register("conference-footer", "conferences/_series_nav.html")
