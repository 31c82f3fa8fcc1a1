from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisasConfig(AppConfig):
    name = "hallway.visas"
    verbose_name = _("Visa letters")

    def ready(self) -> None:
        from hallway.conferences.versioning import private_app

        # Requests show on no public page: saving one must not empty the conference's cache.
        private_app(self.label)
