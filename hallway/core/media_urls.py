"""Public uploads (presenter photos, logos, covers) served by Hallway itself.

Only ``conferences/`` is public; attendees' private files live elsewhere under MEDIA_ROOT and are
served by permission-checked views in the companion app.
"""

from django.urls import re_path

from hallway.core.views import public_media

urlpatterns = [re_path(r"^(?P<path>conferences/.+)$", public_media, name="public-media")]
