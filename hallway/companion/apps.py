from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompanionConfig(AppConfig):
    name = "hallway.companion"
    verbose_name = _("Companion")

    def ready(self) -> None:
        from hallway.companion import signals  # noqa: F401 (connects the receivers)
