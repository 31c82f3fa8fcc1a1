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

        from django.db.models.signals import post_delete, post_save

        from hallway.content.navigation import page_menu_items, refresh_menu_links
        from hallway.core.seams import links

        links.register_source("content-pages", page_menu_items)

        def refresh(sender, instance, **kwargs):
            refresh_menu_links(instance.conference_id)

        post_save.connect(refresh, sender=Page, weak=False, dispatch_uid="content-menu-links-save")
        post_delete.connect(
            refresh, sender=Page, weak=False, dispatch_uid="content-menu-links-delete"
        )
