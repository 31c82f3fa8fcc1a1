from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _menu_label(request, conference) -> str:
    """ "Notifications", with the unread count when the cache holds it (no query)."""
    from hallway.notifications.services import cached_unread

    count = cached_unread(request.user.pk, conference.pk)
    if count:
        return _("Notifications (%(count)d)") % {"count": count}
    return str(_("Notifications"))


class NotificationsConfig(AppConfig):
    name = "hallway.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from hallway.conferences.versioning import private_app
        from hallway.core.seams import links
        from hallway.notifications import receivers

        # Notifications and announcements show on no cached public page.
        private_app(self.label)
        receivers.connect()
        links.register(
            "account",
            "notifications:list",
            _menu_label,
            order=20,
            sections=("list", "settings", "announcement", "announcements"),
            when=lambda request, conference: request.user.is_authenticated,
        )
