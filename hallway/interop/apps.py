from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "hallway.interop"
    verbose_name = _("Interop")

    def ready(self) -> None:
        from hallway.core.seams import slots
        from hallway.interop import registry

        registry.register_builtins()
        # Downloads under the schedule, "Add to calendar" on session pages.
        slots.register("schedule-end", "interop/_export_links.html")
        slots.register("session-links", "interop/_session_ics_link.html")
