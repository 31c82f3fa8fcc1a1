from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisasConfig(AppConfig):
    name = "hallway.visas"
    verbose_name = _("Visa letters")

    def ready(self) -> None:
        from hallway.conferences.versioning import private_app
        from hallway.core.seams import links
        from hallway.visas.models import FEATURE_KEY

        # Requests show on no public page: saving one must not empty the conference's cache.
        private_app(self.label)
        links.register(
            "footer",
            "visas:request",
            _("Visa letters"),
            order=40,
            sections=("request",),
            when=lambda request, conference: FEATURE_KEY in conference.enabled_features,
        )
