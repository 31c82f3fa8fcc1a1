"""Side events for ``load_demo``: a social the demo attendee RSVPed to, a full dinner with a
waiting list, a summit and an open games night."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from hallway.companion.demo import USERNAME, demo_guests
from hallway.conferences.models import Feature
from hallway.content.models import Place, Sponsor
from hallway.events.models import Event, Rsvp


def _at(conference, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=conference.tzinfo)


def create_demo_events(conference, stdout=None) -> None:
    """Switch side events on and create four events with RSVPs; safe to run again (the events
    are replaced, matched by slug)."""
    with transaction.atomic():
        Feature.objects.update_or_create(
            conference=conference, key="events", defaults={"is_enabled": True}
        )
        demo = get_user_model().objects.filter(username=USERNAME).first()
        guests = demo_guests()
        first, last = conference.starts_on, conference.ends_on
        brewery = Place.objects.filter(conference=conference, category="food").listed().first()
        sponsor = Sponsor.objects.filter(conference=conference).listed().first()
        specs = [
            {
                "slug": "welcome-social",
                "title": "Welcome social",
                "host": "The organizers",
                "description": "Meet old friends and new faces the evening before the talks "
                "begin. Drinks and snacks provided; alcohol-free options too.",
                "place": brewery,
                "address": "" if brewery else "A brewery near the venue",
                "starts_at": _at(conference, first - dt.timedelta(days=1), 19),
                "ends_at": _at(conference, first - dt.timedelta(days=1), 22),
                "capacity": 80,
            },
            {
                "slug": "speakers-dinner",
                "title": "Speakers' dinner",
                "host": "The program committee",
                "description": "A thank-you dinner for speakers and volunteers. Small and "
                "full: join the waiting list in case a place frees up.",
                "address": conference.venue_name or "The venue's restaurant",
                "starts_at": _at(conference, first, 19),
                "ends_at": _at(conference, first, 21, 30),
                "capacity": 3,
            },
            {
                "slug": "leadership-summit",
                "title": "Community leadership summit",
                "host": "Django Software Foundation",
                "description": "Organizers of meetups and conferences compare notes.",
                "address": conference.venue_address or conference.city or "The venue",
                "starts_at": _at(conference, first + dt.timedelta(days=1), 8),
                "ends_at": _at(conference, first + dt.timedelta(days=1), 9, 30),
                "capacity": 25,
            },
            {
                "slug": "board-games-night",
                "title": "Board games night",
                "host": "Volunteers",
                "description": "Bring a game or learn one. No limit: just come.",
                "address": conference.venue_name or "The venue",
                "starts_at": _at(conference, min(first + dt.timedelta(days=2), last), 19),
                "ends_at": _at(conference, min(first + dt.timedelta(days=2), last), 23),
                "capacity": None,
                "sponsor": sponsor,
            },
        ]
        events = {}
        for spec in specs:
            slug = spec.pop("slug")
            spec.setdefault("place", None)
            spec.setdefault("sponsor", None)
            events[slug], _created = Event.objects.update_or_create(
                conference=conference, slug=slug, defaults={**spec, "is_published": True}
            )
        Rsvp.objects.filter(event__in=events.values()).delete()
        answers = [
            *(("welcome-social", guest, "confirmed") for guest in guests[:5]),
            *(("speakers-dinner", guest, "confirmed") for guest in guests[:3]),
            ("speakers-dinner", guests[3], "waiting"),
            *(("leadership-summit", guest, "confirmed") for guest in guests[4:7]),
            *(("board-games-night", guest, "confirmed") for guest in guests[2:8]),
        ]
        if demo is not None:
            answers += [
                ("welcome-social", demo, "confirmed"),
                ("speakers-dinner", demo, "waiting"),
            ]
        for slug, user, status in answers:
            Rsvp.objects.create(event=events[slug], user=user, status=status)
    if stdout is not None:
        stdout.write(f"Side events: {len(events)} with {len(answers)} RSVPs")
