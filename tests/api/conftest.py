import datetime as dt
from types import SimpleNamespace

import pytest

from hallway.program.models import ScheduleChange, Session
from tests.factories import (
    NEW_YORK,
    PresenterFactory,
    RoomFactory,
    SessionFactory,
    TagFactory,
    TrackFactory,
)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A time on September ``day``, 2024, in Durham (the conference's zone)."""
    return dt.datetime(2024, 9, day, hour, minute, tzinfo=NEW_YORK)


@pytest.fixture
def program(conference):
    """A small conference programme with every case the API must handle.

    Two rooms, a track, two tags, presenters (one hidden), and sessions: two talks on Monday
    the 23rd (one with two presenters), a tutorial on Sunday the 22nd, a break, a cancelled
    talk, an unscheduled talk, and a hidden talk (which must never appear).
    """
    main = RoomFactory(conference=conference, name="Main Hall", slug="main-hall", position=0)
    side = RoomFactory(conference=conference, name="Side Room", slug="side-room", position=1)
    web = TrackFactory(conference=conference, name="Web", slug="web")
    orm = TagFactory(conference=conference, name="ORM", slug="orm")
    async_tag = TagFactory(conference=conference, name="Async", slug="async")
    ada = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada-lovelace")
    grace = PresenterFactory(conference=conference, name="Grace Hopper", slug="grace-hopper")
    ghost = PresenterFactory(
        conference=conference, name="Secret Person", slug="secret-person", is_hidden=True
    )

    tutorial = SessionFactory(
        conference=conference,
        kind=Session.Kind.TUTORIAL,
        title="Tutorial on querysets",
        slug="tutorial-on-querysets",
        start=at(22, 9),
        end=at(22, 12),
        room=side,
        with_presenters=[grace],
    )
    orm_talk = SessionFactory(
        conference=conference,
        title="The ORM in depth",
        slug="the-orm-in-depth",
        abstract="Everything about *select_related*.",
        start=at(23, 9),
        end=at(23, 9, 45),
        room=main,
        track=web,
        level="Intermediate",
        video_url="https://videos.example.com/orm",
        with_presenters=[ada, ghost, grace],
    )
    orm_talk.tags.set([orm, async_tag])
    async_talk = SessionFactory(
        conference=conference,
        title="Async views",
        slug="async-views",
        abstract="Waiting well.",
        start=at(23, 10),
        end=at(23, 10, 30),
        room=side,
        with_presenters=[grace],
    )
    async_talk.tags.set([async_tag])
    coffee = SessionFactory(
        conference=conference,
        kind=Session.Kind.BREAK,
        title="Coffee",
        slug="coffee",
        abstract="",
        start=at(23, 10, 30),
        end=at(23, 11),
        room=main,
    )
    cancelled = SessionFactory(
        conference=conference,
        title="A cancelled talk",
        slug="a-cancelled-talk",
        start=at(24, 9),
        end=at(24, 9, 30),
        room=main,
        is_cancelled=True,
    )
    unscheduled = SessionFactory(
        conference=conference,
        title="Unscheduled talk",
        slug="unscheduled-talk",
        start=None,
        end=None,
        room=None,
    )
    hidden = SessionFactory(
        conference=conference,
        title="Hidden talk",
        slug="hidden-talk",
        start=at(23, 9),
        end=at(23, 9, 30),
        room=main,
        is_hidden=True,
        with_presenters=[ada],
    )
    moved = ScheduleChange.objects.create(
        conference=conference,
        session=async_talk,
        session_title=async_talk.title,
        kind=ScheduleChange.Kind.MOVED,
        field="room",
        old_value="Main Hall",
        new_value="Side Room",
    )
    cancel = ScheduleChange.objects.create(
        conference=conference,
        session=cancelled,
        session_title=cancelled.title,
        kind=ScheduleChange.Kind.CANCELLED,
    )
    hidden_change = ScheduleChange.objects.create(
        conference=conference,
        session=hidden,
        session_title=hidden.title,
        kind=ScheduleChange.Kind.ADDED,
    )
    removed = ScheduleChange.objects.create(
        conference=conference,
        session=None,
        session_title="Gone talk",
        kind=ScheduleChange.Kind.REMOVED,
    )
    return SimpleNamespace(
        conference=conference,
        rooms=SimpleNamespace(main=main, side=side),
        track=web,
        tags=SimpleNamespace(orm=orm, async_=async_tag),
        presenters=SimpleNamespace(ada=ada, grace=grace, ghost=ghost),
        sessions=SimpleNamespace(
            tutorial=tutorial,
            orm=orm_talk,
            async_=async_talk,
            coffee=coffee,
            cancelled=cancelled,
            unscheduled=unscheduled,
            hidden=hidden,
        ),
        changes=SimpleNamespace(moved=moved, cancel=cancel, hidden=hidden_change, removed=removed),
    )
