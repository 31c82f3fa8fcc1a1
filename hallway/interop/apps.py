from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "hallway.interop"
    verbose_name = _("Interop")

    def ready(self) -> None:
        from hallway.interop import registry

        registry.register_builtins()
