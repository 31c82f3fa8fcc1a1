from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "hallway.content"
    verbose_name = _("Content")

    def ready(self) -> None:
        from hallway.conferences.signals import keep_old_paths
        from hallway.content.models import Page, Post

        keep_old_paths(Post)
        keep_old_paths(Page)
