"""The query shape of each API response: public rows only, every relation fetched up front.

Each function starts from the conference (``conference.sessions``...), so Django already knows
every row's conference and the serializers can use it without a query.
"""

from django.db.models import F, Prefetch, QuerySet, prefetch_related_objects

from hallway.conferences.models import Conference, Room, Tag
from hallway.people.models import Presenter
from hallway.program.models import ScheduleChange, Session, SessionPresenter


def public_conferences() -> QuerySet[Conference]:
    return Conference.objects.public().order_by("-starts_on", "slug")


def conference_detail(conference: Conference) -> Conference:
    """``conference`` with its tracks and tags (two queries)."""
    # On the instance the caching layer already loaded, rather than loading it again.
    prefetch_related_objects([conference], "tracks", Prefetch("tags", Tag.objects.order_by("name")))
    return conference


def sessions(conference: Conference) -> QuerySet[Session]:
    """Listed sessions in time order (unscheduled last) with room, track, tags, presenters.

    Presenter links come as ``listed_presenter_links`` (hidden presenters left out), which is
    why this does not reuse ``with_people()``.
    """
    return (
        conference.sessions.listed()
        .select_related("room", "track")
        .prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name")),
            Prefetch(
                "sessionpresenter_set",
                queryset=SessionPresenter.objects.filter(presenter__is_hidden=False)
                .select_related("presenter")
                .order_by("position", "presenter__name"),
                to_attr="listed_presenter_links",
            ),
        )
        .order_by(F("start").asc(nulls_last=True), "end", "room__position", "title", "pk")
    )


def presenters(conference: Conference) -> QuerySet[Presenter]:
    return conference.presenters.listed().with_sessions().order_by("name", "pk")


def rooms(conference: Conference) -> QuerySet[Room]:
    return conference.rooms.order_by("position", "name", "pk")


def changes(conference: Conference) -> QuerySet[ScheduleChange]:
    """Newest first; changes to hidden sessions are left out (their rows would reveal them)."""
    return (
        conference.schedule_changes.exclude(session__is_hidden=True)
        .select_related("session")
        .order_by("-created_at", "-pk")
    )
