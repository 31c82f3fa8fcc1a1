from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Plumbing with no domain: base template, seams, markdown, caching helpers, media."""

    name = "hallway.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from hallway.core import faults, members

        faults.connect()
        # A new password, a deactivated or promoted account: pages shared by attendees are no
        # longer answered from what the cache knew of them.
        members.track(get_user_model(), "pk")
