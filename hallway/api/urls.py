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
    """Where to start: the schema, its reference page and the list of conferences."""
    return JsonResponse(
        {
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
            "docs": request.build_absolute_uri(reverse("api:openapi-view")),
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
        if match is not None and match.url_name != "not-found":
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return JsonResponse({"detail": "Not found.", "errors": []}, status=404)


def public_api_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """What every API answer shares, on top of what ninja does.

    - HEAD is answered like GET, as Django's own views do (ninja only routes declared
      methods); the server, or Django's test client, drops the body and keeps the headers.
    - Any web page may read the API (CORS ``*``): the data is public and no request carries
      credentials, so a room display or a badge printer can run from another origin.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        response["Access-Control-Allow-Origin"] = "*"
        # So a script can revalidate with If-None-Match.
        response["Access-Control-Expose-Headers"] = "ETag"
        return response

    return wrapper


ninja_patterns, _app_name, _namespace = api.urls

urlpatterns = [
    # Before ninja's own root view, which only raises an HTML 404.
    path("", public_api_view(index), name="index"),
    *(
        URLPattern(p.pattern, public_api_view(p.callback), p.default_args, p.name)
        for p in ninja_patterns
    ),
    re_path(r"^(?P<path>.*)$", public_api_view(not_found), name="not-found"),
]
