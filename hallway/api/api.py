"""The Hallway read API: one NinjaAPI, mounted at /api/ by hallway.api.urls.

The schema is at /api/openapi.json and a reference page made from it at /api/docs/ (ninja's
own Swagger and Redoc pages load from a CDN, which Hallway never does); docs/api.md is the
guide.
"""

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from hallway.api.endpoints import router
from hallway.api.reference import ReferencePage

api = NinjaAPI(
    title="Hallway API",
    version="1",
    description=(
        "Read-only, public data of the conferences Hallway serves: sessions, presenters, "
        "rooms and schedule changes. Lists are paginated; errors are JSON with a detail message."
    ),
    urls_namespace="api",
    docs=ReferencePage(),
    docs_url="/docs/",
)
api.add_router("", router)


def parameter_name(loc: tuple | list) -> str:
    """The parameter an error is about, from pydantic's location of it.

    ``("query", "page_size")``, ``("path", "guid")``, or ``("query", "filters", "kind", 2)``
    for the third value of a repeated filter: the last name, never a list index.
    """
    names = [part for part in loc[1:] if isinstance(part, str)]
    return names[-1] if names else ""


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 naming each bad parameter, e.g. ``page_size: Input should be less than or equal...``."""
    errors = [
        {
            "parameter": parameter_name(error.get("loc", ())),
            "location": str(error["loc"][0]) if error.get("loc") else "",
            "message": str(error.get("msg", "Invalid value.")),
        }
        for error in exc.errors
    ]
    detail = "Invalid parameters: " + "; ".join(
        f"{error['parameter']}: {error['message']}" for error in errors
    )
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or "Not found.", "errors": []}, status=404
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "errors": []}, status=exc.status_code
    )
