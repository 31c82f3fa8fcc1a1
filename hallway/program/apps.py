from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "hallway.program"
    verbose_name = _("Program")
