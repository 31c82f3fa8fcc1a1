from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "hallway.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from hallway.conferences.signals import keep_old_paths
        from hallway.people.models import Presenter

        keep_old_paths(Presenter)
