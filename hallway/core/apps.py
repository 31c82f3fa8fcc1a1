from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hallway.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from hallway.core import faults, signals

        signals.connect()
        faults.connect()
