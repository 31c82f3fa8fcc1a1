#!/usr/bin/env python3
"""A synthetic FOSDEM-sized conference: 1,000 sessions in 50 rooms over 2 days.

    DATABASE_URL=... python bench/synthetic.py [--slug fosdem-synthetic] [--sessions 1000]

Rows are written with ``bulk_create`` (no signals), then the conference is bumped once. The
content is deterministic, so two runs give the same site. Safe to run again: the conference is
deleted and made anew.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_synthetic_conference(
    *, slug: str = "fosdem-synthetic", sessions: int = 1000, rooms: int = 50, days: int = 2
):
    """Create the conference and return it."""
    import zoneinfo

    from django.db import transaction

    from hallway.conferences.models import Conference, Room, Tag, Track
    from hallway.people.models import Presenter
    from hallway.program.models import Session, SessionPresenter

    zone = zoneinfo.ZoneInfo("Europe/Brussels")
    first_day = dt.date(2025, 2, 1)
    with transaction.atomic():
        Conference.objects.filter(slug=slug).delete()
        conference = Conference.objects.create(
            name="Synthetic FOSDEM",
            slug=slug,
            tagline="A thousand talks in fifty rooms",
            starts_on=first_day,
            ends_on=first_day + dt.timedelta(days=days - 1),
            time_zone="Europe/Brussels",
            city="Brussels",
            phase=Conference.Phase.LIVE,
            # Published: new conferences are drafts (hidden) by default.
            is_public=True,
        )
        room_rows = Room.objects.bulk_create(
            Room(conference=conference, name=f"Room {n:02d}", slug=f"room-{n:02d}", position=n)
            for n in range(rooms)
        )
        track_rows = Track.objects.bulk_create(
            Track(conference=conference, name=f"Devroom {n}", slug=f"devroom-{n}", position=n)
            for n in range(rooms)
        )
        tag_rows = Tag.objects.bulk_create(
            Tag(conference=conference, name=f"topic-{n}", slug=f"topic-{n}") for n in range(20)
        )
        presenter_rows = Presenter.objects.bulk_create(
            Presenter(
                conference=conference,
                name=f"Speaker {n:04d}",
                slug=f"speaker-{n:04d}",
                bio=f"Speaker {n} works on free software and talks about it.",
            )
            for n in range(sessions)
        )
        # 30-minute slots from 09:00, spread evenly over the days (1,000 / 50 rooms: 10 a day).
        slots_per_day = math.ceil(math.ceil(sessions / rooms) / days)
        session_rows = []
        for n in range(sessions):
            room_index = n % rooms
            slot = n // rooms
            day, slot_of_day = divmod(slot, slots_per_day)
            start = dt.datetime.combine(
                first_day + dt.timedelta(days=day % days), dt.time(9, 0), tzinfo=zone
            ) + dt.timedelta(minutes=30 * slot_of_day)
            session_rows.append(
                Session(
                    conference=conference,
                    kind=Session.Kind.TALK,
                    title=f"Talk {n:04d}: building things with free software",
                    slug=f"talk-{n:04d}",
                    abstract=f"Talk {n} covers *one* thing well.\n\nWith a second paragraph.",
                    start=start,
                    end=start + dt.timedelta(minutes=25),
                    room=room_rows[room_index],
                    track=track_rows[room_index],
                )
            )
        session_rows = Session.objects.bulk_create(session_rows)
        SessionPresenter.objects.bulk_create(
            SessionPresenter(session=session, presenter=presenter_rows[n], position=0)
            for n, session in enumerate(session_rows)
        )
        through = Session.tags.through
        through.objects.bulk_create(
            through(session_id=session.pk, tag_id=tag_rows[n % len(tag_rows)].pk)
            for n, session in enumerate(session_rows)
        )
    conference.bump_version()
    return conference


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slug", default="fosdem-synthetic")
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--days", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.settings")
    import django

    django.setup()
    conference = make_synthetic_conference(
        slug=args.slug, sessions=args.sessions, rooms=args.rooms, days=args.days
    )
    print(f"Created {conference.name} ({args.sessions} sessions) at /{conference.slug}/")


if __name__ == "__main__":
    main()
