from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site assembly, at the top of the layers: the conference site's URLs, its navigation
    and the demo loader. It is the only app that names the apps built on the domain."""

    name = "hallway.site"
    label = "hallway_site"
    verbose_name = _("Site")

    def ready(self) -> None:
        from hallway.site import addresses, navigation

        navigation.register()
        addresses.register()
