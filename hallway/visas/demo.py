"""Demo data for ``load_demo``: letter settings, an approved letter for the demo attendee and
a request waiting for review."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hallway.conferences.demo import switch_on_for_demo
from hallway.visas.models import FEATURE_KEY, VisaRequest, VisaSettings

DEMO_ATTENDEE = "demo"  # hallway.companion.demo.USERNAME
DEMO_ORGANIZER = "organizer"  # the superuser load_demo creates


def demo_user(username: str, email: str):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": email}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def create_demo_visa_letters(conference, stdout=None) -> None:
    switch_on_for_demo(conference, FEATURE_KEY)
    VisaSettings.objects.update_or_create(
        conference=conference,
        defaults={
            "organization_name": f"{conference.name} organizers (demo)",
            "organization_address": conference.venue_address or conference.city,
            "contact_email": "visas@example.com",
            "signatory_name": "Dana Organizer",
            "signatory_title": "Conference chair",
        },
    )
    organizer = get_user_model().objects.filter(username=DEMO_ORGANIZER).first()
    attendee = demo_user(DEMO_ATTENDEE, "demo@example.com")
    one_day = dt.timedelta(days=1)
    VisaRequest.objects.update_or_create(
        conference=conference,
        user=attendee,
        defaults={
            "passport_name": "Demo Attendee",
            "nationality": "Brazilian",
            "passport_number": "DEMO12345",
            "birth_date": dt.date(1990, 5, 17),
            "arrival_date": conference.starts_on - one_day,
            "departure_date": conference.ends_on + one_day,
            "role": VisaRequest.Role.ATTENDEE,
            "registration_reference": "DEMO-TICKET-0001",
            "status": VisaRequest.Status.APPROVED,
            "decided_at": timezone.now(),
            "decided_by": organizer,
            "organizer_message": "See you at the conference!",
            "erased_at": None,
        },
    )
    VisaRequest.objects.update_or_create(
        conference=conference,
        user=demo_user("demo-speaker", "demo-speaker@example.com"),
        defaults={
            "passport_name": "Ngozi Example",
            "nationality": "Nigerian",
            "passport_number": "DEMO67890",
            "birth_date": dt.date(1988, 11, 2),
            "arrival_date": conference.starts_on - one_day,
            "departure_date": conference.ends_on,
            "role": VisaRequest.Role.SPEAKER,
            "status": VisaRequest.Status.SUBMITTED,
            "erased_at": None,
        },
    )
    if stdout is not None:
        stdout.write("Visa letters: an approved letter for 'demo', one request to review.")
