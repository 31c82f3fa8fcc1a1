"""Volunteering for ``load_demo``: roles, shifts (one of them full) and sign-ups, the demo
attendee's among them."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from hallway.companion.demo import USERNAME, demo_guests
from hallway.conferences.models import Feature
from hallway.volunteers.models import Role, Shift, Signup

ROLES = [
    (
        "registration-desk",
        "Registration desk",
        "Welcome attendees, hand out badges and answer questions. Training on the spot.",
    ),
    (
        "session-chair",
        "Session chair",
        "Introduce the speaker, keep time and run the questions.",
    ),
    (
        "swag-stuffing",
        "Swag stuffing",
        "Fill the attendee bags the day before the conference: music, snacks, good company.",
    ),
]


def _at(conference, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=conference.tzinfo)


def create_demo_volunteering(conference, stdout=None) -> None:
    """Switch volunteering on; create roles, shifts and sign-ups. Safe to run again: the
    demo's roles are matched by slug, and shifts already there are kept with their sign-ups
    (replacing them would tell every volunteer their shift was cancelled)."""
    with transaction.atomic():
        Feature.objects.update_or_create(
            conference=conference, key="volunteer", defaults={"is_enabled": True}
        )
        roles = {}
        for position, (slug, name, description) in enumerate(ROLES):
            roles[slug], _created = Role.objects.update_or_create(
                conference=conference,
                slug=slug,
                defaults={"name": name, "description": description, "position": position},
            )
        if Shift.objects.filter(role__in=roles.values()).exists():
            if stdout is not None:
                stdout.write(f"Volunteering: {len(roles)} roles, shifts already loaded")
            return
        first = conference.starts_on
        shifts = []
        for offset in range(min(2, len(conference.days))):
            day = first + dt.timedelta(days=offset)
            for hour in (8, 12):
                shifts.append(
                    Shift(
                        role=roles["registration-desk"],
                        starts_at=_at(conference, day, hour),
                        ends_at=_at(conference, day, hour + 2),
                        capacity=3,
                        location=conference.venue_name or "Lobby",
                    )
                )
        talks = (
            conference.sessions.listed()
            .scheduled()
            .filter(kind="talk", is_cancelled=False)
            .order_by("start")[:4]
        )
        for talk in talks:
            shifts.append(
                Shift(
                    role=roles["session-chair"],
                    starts_at=talk.start - dt.timedelta(minutes=10),
                    ends_at=talk.end,
                    capacity=1,
                    session=talk,
                )
            )
        eve = first - dt.timedelta(days=1)
        shifts.append(
            Shift(
                role=roles["swag-stuffing"],
                starts_at=_at(conference, eve, 14),
                ends_at=_at(conference, eve, 17),
                capacity=8,
                location=conference.venue_name or "Venue",
                notes="Wear comfortable shoes.",
            )
        )
        shifts = Shift.objects.bulk_create(shifts)
        guests = demo_guests()
        signups = [Signup(shift=shifts[0], user=guest) for guest in guests[:3]]  # full
        signups += [Signup(shift=shifts[1], user=guests[3])]
        # Someone in line for the full shift (their own shift is later that day).
        signups.append(Signup(shift=shifts[0], user=guests[3], status=Signup.Status.WAITING))
        if len(shifts) > 5:
            signups.append(Signup(shift=shifts[4], user=guests[4]))  # a chair shift
        demo = get_user_model().objects.filter(username=USERNAME).first()
        if demo is not None:
            signups.append(Signup(shift=shifts[-1], user=demo))
        signups += [Signup(shift=shifts[-1], user=guest) for guest in guests[5:]]
        Signup.objects.bulk_create(signups)
    if stdout is not None:
        stdout.write(
            f"Volunteering: {len(roles)} roles, {len(shifts)} shifts, {len(signups)} sign-ups "
            "(one on a waiting list)"
        )
