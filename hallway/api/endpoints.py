"""The read-only endpoints. Each one: the conference (from the caching layer), one query
shape from ``queries``, optional filters, pagination; ninja turns the rows into JSON."""

import uuid

from django.http import Http404, HttpRequest, JsonResponse
from ninja import Path, Query, Router
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from hallway.api import queries
from hallway.api.caching import cached_response
from hallway.api.pagination import PageNumberPagination
from hallway.api.schemas import (
    ChangeOut,
    ConferenceDetailOut,
    ConferenceOut,
    Error,
    PresenterOut,
    RoomOut,
    SessionFilters,
    SessionOut,
    Slug,
)

router = Router()

ERRORS = {404: Error, 422: Error}
CONFERENCE_SLUG = Path(..., description="Conference slug.", examples=["djangocon-us-2024"])


def conference_not_found(request: HttpRequest, slug: str) -> JsonResponse:
    """The 404 of every operation for a conference that is unknown or not public."""
    detail = f"No public conference with the slug {slug!r}."
    return JsonResponse({"detail": detail, "errors": []}, status=404)


cached = decorate_view(cached_response(conference_not_found))


@router.get(
    "/conferences/",
    response={200: list[ConferenceOut], 422: Error},
    url_name="conferences",
    summary="List public conferences",
)
@cached
@paginate(PageNumberPagination)
def list_conferences(request: HttpRequest):
    return queries.public_conferences()


@router.get(
    "/conferences/{slug}/",
    response={200: ConferenceDetailOut, **ERRORS},
    url_name="conference",
    summary="One conference, with its tracks and tags",
)
@cached
def get_conference(request: HttpRequest, slug: str = CONFERENCE_SLUG):
    return queries.conference_detail(request.conference)


@router.get(
    "/conferences/{slug}/sessions/",
    response={200: list[SessionOut], **ERRORS},
    url_name="sessions",
    summary="List a conference's sessions",
    description="In time order; unscheduled sessions come last. Filters combine with AND.",
)
@cached
@paginate(PageNumberPagination)
def list_sessions(
    request: HttpRequest, filters: Query[SessionFilters], slug: str = CONFERENCE_SLUG
):
    conference = request.conference
    return filters.filter(queries.sessions(conference), conference)


@router.get(
    "/conferences/{slug}/sessions/{guid}/",
    response={200: SessionOut, **ERRORS},
    url_name="session",
    summary="One session, by its GUID",
)
@cached
def get_session(request: HttpRequest, guid: uuid.UUID, slug: str = CONFERENCE_SLUG):
    session = queries.sessions(request.conference).filter(guid=guid).first()
    if session is None:
        raise Http404(f"No session with the GUID {guid}.")
    return session


@router.get(
    "/conferences/{slug}/presenters/",
    response={200: list[PresenterOut], **ERRORS},
    url_name="presenters",
    summary="List a conference's presenters",
)
@cached
@paginate(PageNumberPagination)
def list_presenters(request: HttpRequest, slug: str = CONFERENCE_SLUG):
    return queries.presenters(request.conference)


@router.get(
    "/conferences/{slug}/presenters/{presenter_slug}/",
    response={200: PresenterOut, **ERRORS},
    url_name="presenter",
    summary="One presenter, with their sessions",
)
@cached
def get_presenter(request: HttpRequest, presenter_slug: Slug, slug: str = CONFERENCE_SLUG):
    presenter = queries.presenters(request.conference).filter(slug=presenter_slug).first()
    if presenter is None:
        raise Http404(f"No presenter with the slug {presenter_slug!r}.")
    return presenter


@router.get(
    "/conferences/{slug}/rooms/",
    response={200: list[RoomOut], **ERRORS},
    url_name="rooms",
    summary="List a conference's rooms",
)
@cached
@paginate(PageNumberPagination)
def list_rooms(request: HttpRequest, slug: str = CONFERENCE_SLUG):
    return queries.rooms(request.conference)


@router.get(
    "/conferences/{slug}/changes/",
    response={200: list[ChangeOut], **ERRORS},
    url_name="changes",
    summary="List changes to the schedule, newest first",
)
@cached
@paginate(PageNumberPagination)
def list_changes(request: HttpRequest, slug: str = CONFERENCE_SLUG):
    return queries.changes(request.conference)
