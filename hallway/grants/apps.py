from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "hallway.grants"
    verbose_name = _("Opportunity grants")

    def ready(self) -> None:
        from hallway.conferences.versioning import private_app

        # Applications show on no public page: saving one must not empty the conference's cache.
        private_app(self.label)
