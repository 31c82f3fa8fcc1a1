"""Serve a conference at ``/`` on its own host name, and answer renamed paths with 301."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponsePermanentRedirect

from hallway.core import cache_keys

HOST_CACHE_SECONDS = 60


def conference_id_for_host(host: str) -> int | None:
    """The id of the conference mapped to ``host`` (cached briefly; 0 means none)."""
    from hallway.conferences.models import Conference

    key = cache_keys.HOST.format(host=host)
    conference_id = cache.get(key)
    if conference_id is None:
        conference_id = (
            Conference.objects.filter(host=host).values_list("pk", flat=True).first() or 0
        )
        cache.set(key, conference_id, HOST_CACHE_SECONDS)
    return conference_id or None


class ConferenceHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.host_conference_id = conference_id_for_host(request.get_host().split(":")[0])
        if request.host_conference_id:
            request.urlconf = settings.HALLWAY_HOST_URLCONF
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self.redirect_for(request) or response
        return response

    def redirect_for(self, request):
        from hallway.conferences.models import Redirect

        path = request.path
        if request.host_conference_id:
            redirects = Redirect.objects.filter(conference_id=request.host_conference_id)
            prefix = ""
        else:
            slug, _, rest = path.lstrip("/").partition("/")
            if not slug:
                return None
            redirects = Redirect.objects.filter(conference__slug=slug)
            prefix, path = f"/{slug}", f"/{rest}"
        new_path = redirects.filter(old_path=path).values_list("new_path", flat=True).first()
        if new_path is None:
            return None
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(prefix + new_path + (f"?{query}" if query else ""))
