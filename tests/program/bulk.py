"""A programme of any size, built with bulk_create, for the constant-query tests."""

import datetime as dt

from hallway.conferences.models import Room, Tag, Track
from hallway.people.models import Presenter
from hallway.program.models import Session, SessionPresenter
from tests.factories import NEW_YORK

ROOMS = 10
SLOTS_PER_DAY = 16


def build_programme(conference, sessions: int) -> list[Session]:
    """``sessions`` talks over consecutive days from 2024-09-23 (10 rooms, 16 half-hour slots
    a day), each with one presenter and two tags, plus one break a day."""
    rooms = Room.objects.bulk_create(
        Room(conference=conference, name=f"Hall {n}", slug=f"hall-{n}", position=n)
        for n in range(ROOMS)
    )
    track = Track.objects.create(conference=conference, name="Main", slug="main")
    tags = Tag.objects.bulk_create(
        Tag(conference=conference, name=name, slug=name) for name in ("orm", "async")
    )
    presenters = Presenter.objects.bulk_create(
        Presenter(conference=conference, name=f"Speaker {n}", slug=f"speaker-{n}", company="ACME")
        for n in range(sessions)
    )
    first = dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK)
    talks = []
    for n in range(sessions):
        day, rest = divmod(n, ROOMS * SLOTS_PER_DAY)
        slot, room = divmod(rest, ROOMS)
        start = first + dt.timedelta(days=day, minutes=30 * slot)
        talks.append(
            Session(
                conference=conference,
                title=f"Talk {n}",
                slug=f"talk-{n}",
                abstract="About *things*.",
                start=start,
                end=start + dt.timedelta(minutes=25),
                room=rooms[room],
                track=track,
                video_url="https://youtu.be/example",
            )
        )
    talks = Session.objects.bulk_create(talks)
    days = 1 + (sessions - 1) // (ROOMS * SLOTS_PER_DAY)
    Session.objects.bulk_create(
        Session(
            conference=conference,
            kind=Session.Kind.BREAK,
            title="Break",
            slug=f"break-{day}",
            start=first + dt.timedelta(days=day, hours=3, minutes=25),
            end=first + dt.timedelta(days=day, hours=3, minutes=30),
        )
        for day in range(days)
    )
    SessionPresenter.objects.bulk_create(
        SessionPresenter(session=talk, presenter=presenter, position=0)
        for talk, presenter in zip(talks, presenters, strict=True)
    )
    Through = Session.tags.through
    Through.objects.bulk_create(
        Through(session_id=talk.pk, tag_id=tag.pk) for talk in talks for tag in tags
    )
    return talks


def without_page_cache(settings) -> None:
    """Count what the page itself costs: the whole-page cache (hallway.conferences.page_cache,
    tested on its own) would otherwise answer repeat requests without reaching the view.

    Without it, the language middleware (hallway/conferences/locale.py) looks up the
    conference's language itself: one query on a cold cache, which the page cache would have
    made anyway (they share it), counted as "language" in these tests."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("PublicPageCacheMiddleware")
    ]
