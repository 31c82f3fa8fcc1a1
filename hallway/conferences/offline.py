"""The service worker of a conference's site (see core/static/core/sw.js).

It is served from the root of the conference (``/<slug>/sw.js``, or ``/sw.js`` on its own host
name) because a service worker only controls pages under its own path.
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view


@cache
def _script() -> bytes:
    with open(finders.find("core/sw.js"), "rb") as file:
        return file.read()


@require_safe
@conference_view
def service_worker(request, conference):
    response = HttpResponse(_script(), content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker at most daily anyway; never let a proxy pin an old one.
    response["Cache-Control"] = "no-cache"
    return response
