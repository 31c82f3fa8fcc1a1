from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "hallway.program"
    verbose_name = _("Program")

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save

        from hallway.conferences.signals import keep_old_paths
        from hallway.program import changes
        from hallway.program.models import Session

        keep_old_paths(Session)
        # The schedule change log (see hallway/program/changes.py).
        pre_save.connect(
            changes.session_pre_save, sender=Session, dispatch_uid="schedule-changes-pre"
        )
        post_save.connect(
            changes.session_post_save, sender=Session, dispatch_uid="schedule-changes-post"
        )
