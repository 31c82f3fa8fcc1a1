from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

FEATURE = "sprints"


class SprintsConfig(AppConfig):
    """Sprint projects that maintainers list and attendees sign up for."""

    name = "hallway.sprints"
    verbose_name = _("Sprints")

    def ready(self) -> None:
        from hallway.core.seams import links

        links.register(
            "main",
            "sprints:project-list",
            _("Sprints"),
            order=35,
            sections=("project-list", "project-new", "project-edit"),
            when=lambda request, conference: FEATURE in conference.enabled_features,
        )
