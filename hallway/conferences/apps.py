from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferencesConfig(AppConfig):
    name = "hallway.conferences"
    verbose_name = _("Conferences")

    def ready(self) -> None:
        from hallway.conferences import signals, versioning

        signals.connect()
        versioning.connect()
