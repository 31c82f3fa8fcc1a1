from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "hallway.grants"
    verbose_name = _("Opportunity grants")

    def ready(self) -> None:
        from hallway.conferences.versioning import private_app
        from hallway.core.seams import links
        from hallway.grants.models import FEATURE_KEY

        # Applications show on no public page: saving one must not empty the conference's cache.
        private_app(self.label)
        links.register(
            "footer",
            "grants:apply",
            _("Opportunity grants"),
            order=50,
            sections=("apply", "review-list", "review-detail"),
            when=lambda request, conference: FEATURE_KEY in conference.enabled_features,
        )
