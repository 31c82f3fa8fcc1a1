"""What the API reads (query parameters) and writes (JSON bodies).

Times are ISO 8601 in the conference's own time zone, with its offset, because that is the
clock attendees read. Absolute URLs are built from the request so they point at the host the
client used (a conference's own host name serves its pages at ``/``).
"""

import datetime as dt
import re
import uuid
from typing import Annotated, Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from ninja import Field, Schema
from pydantic import BeforeValidator, StringConstraints

from hallway.conferences.models import Conference
from hallway.program.models import ScheduleChange, Session, SessionPresenter

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

# Slugs as the models store them: anything else can match nothing, so it is a client error
# (and keeps NUL bytes, which PostgreSQL refuses, away from the database).
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=200)]

ISO_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_only(value: object) -> object:
    # Pydantic also reads "0" or "1727049600" as Unix timestamps; a day is YYYY-MM-DD only.
    if isinstance(value, str) and not ISO_DATE_RE.fullmatch(value):
        raise ValueError("Input should be a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]
SearchText = Annotated[
    str, StringConstraints(pattern=r"^[^\x00]*$", strip_whitespace=True, max_length=200)
]


# Literals rather than the TextChoices: both are called "Kind", and in the OpenAPI components
# one would silently replace the other.
SessionKind = Literal[tuple(Session.Kind.values)]
ChangeKind = Literal[tuple(ScheduleChange.Kind.values)]


# Values one repeated filter may have: a bound on the size of the query.
MAX_VALUES = 20


def _local(value: dt.datetime | None, conference: Conference) -> dt.datetime | None:
    return value.astimezone(conference.tzinfo) if value else None


def _absolute(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


class Error(Schema):
    """Every error the API answers with (4xx), so a client can always read ``detail``."""

    detail: str = Field(..., examples=["No public conference with the slug 'nope'."])
    errors: list["ParameterError"] = Field(
        default_factory=list, description="One entry per bad parameter (422 only)."
    )


class ParameterError(Schema):
    parameter: str = Field(..., examples=["page_size"])
    location: str = Field(..., examples=["query"])
    message: str = Field(..., examples=["Input should be less than or equal to 200"])


Error.model_rebuild()


class SessionFilters(Schema):
    """The filters of the session list: all optional, combined with AND.

    ``room``, ``track``, ``tag`` and ``kind`` may be repeated to match any of the values
    (``?kind=talk&kind=keynote``).
    """

    day: IsoDate | None = Field(
        None, description="Conference-local date, YYYY-MM-DD.", examples=["2024-09-23"]
    )
    room: list[Slug] | None = Field(
        None, max_length=MAX_VALUES, description="Room slug; repeat for any of several."
    )
    track: list[Slug] | None = Field(
        None, max_length=MAX_VALUES, description="Track slug; repeat for any of several."
    )
    tag: list[Slug] | None = Field(
        None, max_length=MAX_VALUES, description="Tag slug; repeat for any of several."
    )
    kind: list[SessionKind] | None = Field(
        None, max_length=MAX_VALUES, description="Session kind; repeat for any of several."
    )
    q: SearchText | None = Field(
        None, description="Words in the title, the abstract or a presenter's name."
    )

    def filter(self, sessions: QuerySet[Session], conference: Conference) -> QuerySet[Session]:
        """``sessions`` narrowed to those matching every given filter."""
        condition = Q()
        if self.day is not None:
            # A range on start (not start__date) so the index is used and the day boundary is
            # the conference's midnight whatever the server's time zone.
            midnight = dt.datetime.combine(self.day, dt.time.min, tzinfo=conference.tzinfo)
            next_midnight = dt.datetime.combine(
                self.day + dt.timedelta(days=1), dt.time.min, tzinfo=conference.tzinfo
            )
            condition &= Q(start__gte=midnight, start__lt=next_midnight)
        if self.room:
            condition &= Q(room__slug__in=self.room)
        if self.track:
            condition &= Q(track__slug__in=self.track)
        if self.tag:
            # Exists rather than a join, so a session with two of the tags stays one row.
            tagged = Session.tags.through.objects.filter(
                session=OuterRef("pk"), tag__slug__in=self.tag
            )
            condition &= Q(Exists(tagged))
        if self.kind:
            condition &= Q(kind__in=self.kind)
        if self.q:
            # Exists rather than a join, so a session with two matching presenters stays one row;
            # hidden presenters are not searchable, or a search would reveal them.
            presenter_match = SessionPresenter.objects.filter(
                session=OuterRef("pk"),
                presenter__is_hidden=False,
                presenter__name__icontains=self.q,
            )
            condition &= (
                Q(title__icontains=self.q)
                | Q(abstract__icontains=self.q)
                | Q(Exists(presenter_match))
            )
        return sessions.filter(condition)


class TrackOut(Schema):
    slug: str
    name: str
    color: str


class TagOut(Schema):
    slug: str
    name: str


class ConferenceLinks(Schema):
    sessions: str
    presenters: str
    rooms: str
    changes: str


class ConferenceOut(Schema):
    slug: str
    name: str
    tagline: str
    starts_on: dt.date
    ends_on: dt.date
    days: list[dt.date]
    time_zone: str = Field(..., examples=["America/New_York"])
    city: str
    venue_name: str
    phase: Conference.Phase
    website_url: str
    url: str = Field(..., description="The conference's home page.")
    api: ConferenceLinks

    @staticmethod
    def resolve_url(obj: Conference, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_api(obj: Conference, context) -> dict[str, str]:
        return {
            name: _absolute(context, reverse(f"api:{name}", kwargs={"slug": obj.slug}))
            for name in ("sessions", "presenters", "rooms", "changes")
        }


class ConferenceDetailOut(ConferenceOut):
    description: str = Field(..., description="Markdown source.")
    venue_address: str
    tracks: list[TrackOut]
    tags: list[TagOut]

    @staticmethod
    def resolve_tracks(obj: Conference) -> list:
        return obj.tracks.all()

    @staticmethod
    def resolve_tags(obj: Conference) -> list:
        return obj.tags.all()


class RoomOut(Schema):
    slug: str
    name: str
    description: str
    is_online: bool
    guid: uuid.UUID | None


class PresenterRef(Schema):
    slug: str
    name: str


class SessionOut(Schema):
    guid: uuid.UUID = Field(..., description="Stable across edits, re-imports and exports.")
    slug: str
    title: str
    kind: SessionKind
    start: dt.datetime | None = Field(
        ...,
        description="In the conference's time zone, with its offset; null if unscheduled.",
        examples=["2024-09-23T09:00:00-04:00"],
    )
    end: dt.datetime | None = Field(..., description="Like start.")
    duration_minutes: int | None
    room: str | None = Field(..., description="Room slug.")
    track: str | None = Field(..., description="Track slug.")
    tags: list[str] = Field(..., description="Tag slugs.")
    presenters: list[PresenterRef]
    level: str
    language: str
    abstract: str = Field(..., description="Markdown source.")
    url: str | None = Field(
        ..., description="The session's page; null for breaks, meals and other logistics."
    )
    video_url: str
    slides_url: str
    is_cancelled: bool = Field(..., description="Cancelled sessions stay listed, marked.")

    @staticmethod
    def resolve_start(obj: Session) -> dt.datetime | None:
        return _local(obj.start, obj.conference)

    @staticmethod
    def resolve_end(obj: Session) -> dt.datetime | None:
        return _local(obj.end, obj.conference)

    @staticmethod
    def resolve_room(obj: Session) -> str | None:
        return obj.room.slug if obj.room else None

    @staticmethod
    def resolve_track(obj: Session) -> str | None:
        return obj.track.slug if obj.track else None

    @staticmethod
    def resolve_tags(obj: Session) -> list[str]:
        return [tag.slug for tag in obj.tags.all()]

    @staticmethod
    def resolve_presenters(obj: Session) -> list:
        return [link.presenter for link in obj.listed_presenter_links]

    @staticmethod
    def resolve_url(obj: Session, context) -> str | None:
        return _absolute(context, obj.get_absolute_url()) if obj.has_page else None


class SessionRef(Schema):
    guid: uuid.UUID
    slug: str
    title: str


class PresenterSessionOut(SessionRef):
    start: dt.datetime | None
    end: dt.datetime | None


class PresenterOut(Schema):
    slug: str
    name: str
    pronouns: str
    company: str
    role: str
    bio: str = Field(..., description="Markdown source.")
    photo_url: str | None
    links: dict[str, str] = Field(
        ..., description="Profile URLs by network.", examples=[{"github": "https://github.com/x"}]
    )
    url: str
    sessions: list[PresenterSessionOut]

    @staticmethod
    def resolve_company(obj) -> str:
        # Not an imported placeholder ("None", "-"), as on the presenter's page.
        return obj.affiliation

    @staticmethod
    def resolve_photo_url(obj, context) -> str | None:
        return _absolute(context, obj.photo.url) if obj.photo else None

    @staticmethod
    def resolve_links(obj) -> dict[str, str]:
        return {network: url for network, _label, url in obj.social_links}

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_sessions(obj) -> list[dict]:
        return [
            {
                "guid": session.guid,
                "slug": session.slug,
                "title": session.title,
                "start": _local(session.start, obj.conference),
                "end": _local(session.end, obj.conference),
            }
            for session in obj.listed_sessions
        ]


class ChangeOut(Schema):
    id: int
    kind: ChangeKind
    created_at: dt.datetime
    session: SessionRef | None = Field(..., description="Null once the session is deleted.")
    session_title: str = Field(..., description="The title when the change was made.")
    field: str
    old_value: str
    new_value: str

    @staticmethod
    def resolve_created_at(obj: ScheduleChange) -> dt.datetime | None:
        return _local(obj.created_at, obj.conference)
