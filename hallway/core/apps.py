from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing with no domain: base template, seams, markdown, caching helpers, media."""

    name = "hallway.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from hallway.core import faults

        faults.connect()
