"""The demo attendee that ``load_demo`` creates, so the companion and the recap show at once."""

from __future__ import annotations

import datetime as dt
import io
import secrets

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from hallway.companion import services
from hallway.companion.models import (
    Contact,
    Moment,
    Note,
    Photo,
    Recap,
    ShareLink,
    Star,
    Visit,
)
from hallway.content.models import Place
from hallway.program.models import Session

USERNAME = "demo"

# Written for the demo; generic enough to fit any session.
NOTE_TEMPLATES = [
    "* The one idea I want to try at work: {idea}\n"
    "* Questions from the audience were better than expected\n"
    "* Read next: the [Django documentation](https://docs.djangoproject.com/)",
    "* Clear structure: problem, three options, a recommendation\n"
    "* Follow up: read the documentation the speaker pointed to\n"
    "* Talk to the speaker in the hallway about {idea}",
    "* Start small, measure, then change one thing at a time\n"
    "* {idea} is easier than it looks\n"
    "* Great live demo",
]
IDEAS = ["smaller pull requests", "query counts in tests", "htmx partials", "better error pages"]


def _image(seed: int, width: int = 1200, height: int = 800) -> bytes:
    """A generated stand-in photo (stripes and circles), JPEG with no metadata."""
    colours = [(12, 75, 51), (184, 71, 26), (233, 196, 106), (42, 157, 143), (38, 70, 83)]
    image = Image.new("RGB", (width, height), colours[seed % len(colours)])
    draw = ImageDraw.Draw(image)
    for n in range(6):
        colour = colours[(seed + n + 1) % len(colours)]
        draw.rectangle([0, n * height // 6, width, n * height // 6 + height // 24], fill=colour)
        radius = 60 + 25 * ((seed + n) % 4)
        x, y = (150 + 180 * n + 37 * seed) % width, (200 + 97 * n * (seed + 1)) % height
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def _pick_sessions(conference) -> list[Session]:
    sessions = list(
        conference.sessions.listed()
        .scheduled()
        .filter(kind__in=["talk", "keynote", "panel", "tutorial"], is_cancelled=False)
        .select_related("room")
        .order_by("start", "title")
    )
    by_day: dict[dt.date, list[Session]] = {}
    for session in sessions:
        session.conference = conference
        by_day.setdefault(session.local_start.date(), []).append(session)
    picked = []
    for day_sessions in by_day.values():
        picked.extend(day_sessions[:: max(1, len(day_sessions) // 3)][:3])
    return picked[:10]


def demo_guests(count: int = 8) -> list:
    """Other attendees for the demo's RSVPs and sign-ups (``demo-guest-1``…), created once,
    with no usable password: nobody signs in as them."""
    User = get_user_model()  # noqa: N806 (a class)
    guests = []
    for n in range(1, count + 1):
        username = f"demo-guest-{n}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        guests.append(user)
    return guests


def _reset(user, conference) -> None:
    Photo.objects.filter(user=user, conference=conference).delete()
    Star.objects.filter(user=user, session__conference=conference).delete()
    Note.objects.filter(user=user, session__conference=conference).delete()
    for model in (Moment, Contact, Visit, Recap, ShareLink):
        model.objects.filter(user=user, conference=conference).delete()


def create_demo_attendee(conference, stdout=None) -> None:
    """Create (or refresh) attendee ``demo`` with a labelled agenda, notes, moments, people,
    places and generated photos at ``conference``, and print its new random password.

    Idempotent: running it again replaces the demo attendee's data for this conference.
    """
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user, _created = get_user_model().objects.get_or_create(
            username=USERNAME, defaults={"email": "demo@example.com"}
        )
        user.set_password(password)
        user.save()
        _verify_email(user)
        _reset(user, conference)
        _fill(user, conference)
    if stdout is not None:
        stdout.write(f"Demo attendee login: {USERNAME} / {password}")


def _verify_email(user) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def _fill(user, conference) -> None:
    labels = {label.name: label for label in services.labels_for(user)}
    agenda = labels.get("Agenda") or next(iter(labels.values()))
    deep_dive = labels.get("Deep dive") or agenda
    online = labels.get("Online") or agenda
    sessions = _pick_sessions(conference)
    stars = []
    for index, session in enumerate(sessions):
        stars.append(Star(user=user, session=session, label=agenda))
        if index % 3 == 0 and deep_dive != agenda:
            stars.append(Star(user=user, session=session, label=deep_dive))
        if session.room_id and session.room.is_online and online != agenda:
            stars.append(Star(user=user, session=session, label=online))
    Star.objects.bulk_create(stars)
    for index, session in enumerate(sessions):
        if index == len(sessions) - 1 and index > 0:
            break  # the last pick has no notes yet: the recap page lists it as unfinished
        body = NOTE_TEMPLATES[index % len(NOTE_TEMPLATES)].format(idea=IDEAS[index % len(IDEAS)])
        Note.objects.create(user=user, session=session, body=body, is_draft=index == 1)

    first = conference.starts_on
    moments = [
        Moment(
            user=user,
            conference=conference,
            title="Swag bag stuffing",
            date=first - dt.timedelta(days=1),
            time=dt.time(15, 0),
            place=conference.venue_name or "Venue",
            body="Two hours of folding T-shirts with volunteers: the best way to meet people "
            "before the conference starts.",
        ),
        Moment(
            user=user,
            conference=conference,
            title="Welcome social",
            date=first - dt.timedelta(days=1),
            time=dt.time(19, 0),
            place="A brewery near the venue",
            body="Old friends, new faces, and a very long queue for pretzels.",
        ),
        Moment(
            user=user,
            conference=conference,
            title="Lunch on the terrace",
            date=first + dt.timedelta(days=1),
            time=dt.time(12, 30),
            place=conference.venue_name or "Venue",
            body="Local food on the buffet; I tried something new.",
        ),
        Moment(
            user=user,
            conference=conference,
            title="Sprints lunch",
            date=conference.ends_on,
            time=dt.time(12, 0),
            body="",
            is_draft=True,
        ),
    ]
    Moment.objects.bulk_create(moments)
    Contact.objects.bulk_create(
        [
            Contact(
                user=user,
                conference=conference,
                name="Alex (first-time attendee)",
                met_where="Swag bag stuffing",
                talked_about="Getting started with open source contributions.",
            ),
            Contact(
                user=user,
                conference=conference,
                name="Sam, maintainer of a template library",
                met_where="Hallway after the keynote",
                talked_about="Template partials and **htmx**.",
                url="https://example.com/sam",
            ),
        ]
    )
    visits = [
        Visit(
            user=user,
            conference=conference,
            guide_place=place,
            name=place.name,
            category="sight" if place.category == Place.Category.SIGHT else "food",
            what_i_had="The house special" if place.category == Place.Category.FOOD else "",
            notes="Worth the short walk from the venue.",
        )
        for place in Place.objects.filter(conference=conference).listed()[:2]
    ]
    visits.append(
        Visit(
            user=user,
            conference=conference,
            name="Saturday farmers' market",
            category="sight",
            notes="Local honey, live music, and a coffee truck.",
        )
    )
    Visit.objects.bulk_create(visits)
    visits = list(Visit.objects.filter(user=user, conference=conference).order_by("pk"))
    moments = list(Moment.objects.filter(user=user, conference=conference).order_by("date"))
    attachments = [
        ({"moment": moments[0]}, "Boxes of swag ready to go", ""),
        ({"moment": moments[1]}, "Welcome social", "A friend"),
        ({"visit": visits[-1]}, "Market stalls in the morning", ""),
    ]
    if sessions:
        attachments.insert(1, ({"session": sessions[0]}, "The opening slide", ""))
    for seed, (target, caption, credit) in enumerate(attachments):
        upload = SimpleUploadedFile(f"demo-{seed}.jpg", _image(seed), content_type="image/jpeg")
        services.store_photo(
            user, conference, upload, caption=caption, credit=credit, taken_position=seed, **target
        )
    Recap.objects.create(
        user=user,
        conference=conference,
        label=agenda,
        intro="My week at the conference: the talks I went to, the people I met and the food.",
    )
    services.attendance_for(user, conference)
