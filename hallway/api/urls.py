"""/api/: the ninja API's URLs, then a JSON 404 for every other path under /api/."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, URLPattern, path, re_path, resolve, reverse
from django.views.decorators.http import require_safe

from hallway.api.api import api

app_name = "api"


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Where to start: the schema and the list of conferences."""
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "conferences": request.build_absolute_uri(reverse("api:conferences")),
        }
    )


def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Clients of a JSON API get JSON errors, even for a path that names nothing.

    Being a catch-all, this view hides paths from CommonMiddleware's APPEND_SLASH, so it makes
    the same redirect itself.
    """
    if request.method in ("GET", "HEAD") and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/", getattr(request, "urlconf", None))
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": "Not found.", "errors": []}, status=404)


def head_as_get(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer HEAD like GET, as Django's own views do; ninja only routes declared methods.

    The server (and Django's test client) drops the body; the headers, ETag included, stay.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            return view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"

    return wrapper


ninja_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    # Before ninja's own root view, which only raises an HTML 404.
    path("", index, name="index"),
    *(
        URLPattern(p.pattern, head_as_get(p.callback), p.default_args, p.name)
        for p in ninja_patterns
    ),
    re_path(r"^(?P<path>.*)$", not_found, name="not-found"),
]
