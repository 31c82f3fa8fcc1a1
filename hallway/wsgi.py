"""WSGI entry point: ``gunicorn hallway.wsgi:application``.

Cached public pages are answered before Django's request handling by
:class:`hallway.conferences.fast_path.CachedPageApp`; everything else goes to Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.settings")

django_application = get_wsgi_application()

from hallway.conferences.fast_path import CachedPageApp  # noqa: E402 (needs settings loaded)

application = CachedPageApp(django_application)
