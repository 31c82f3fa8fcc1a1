from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompanionConfig(AppConfig):
    name = "hallway.companion"
    verbose_name = _("Companion")

    def ready(self) -> None:
        from hallway.companion import signals  # noqa: F401 (connects the receivers)
        from hallway.core.seams import links, slots

        # The star button on every session card and page of the public programme.
        slots.register("session-actions", "companion/_star_button.html")
        slots.register("page-end", "companion/_star_form.html")
        links.register(
            "account",
            "companion:agenda",
            _("My agenda"),
            order=10,
            when=lambda request, conference: request.user.is_authenticated,
        )
