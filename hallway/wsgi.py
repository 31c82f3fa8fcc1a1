"""WSGI entry point: ``gunicorn hallway.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.settings")

application = get_wsgi_application()
