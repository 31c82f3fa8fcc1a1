from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReplaysConfig(AppConfig):
    """Talk recordings: a playlist imported, each video matched to its session, confirmed by an
    organizer, then shown through the session's ``video_url`` (page, exports, API, recaps)."""

    name = "hallway.replays"
    verbose_name = _("Replays")
