"""Demo data for ``load_demo``: the grants call, the demo attendee's application, two decided
ones and the organizer's scores."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from hallway.conferences.demo import switch_on_for_demo
from hallway.grants.models import FEATURE_KEY, GrantApplication, GrantReview

DEMO_ATTENDEE = "demo"  # hallway.companion.demo.USERNAME
DEMO_ORGANIZER = "organizer"  # the superuser load_demo creates

APPLICATIONS = [
    (
        DEMO_ATTENDEE,
        {
            "covers_ticket": True,
            "covers_travel": True,
            "travelling_from": "Recife, Brazil",
            "amount_requested": Decimal("1500"),
            "reason": "I lead the Python user group in my city and would bring back what I "
            "learn to our monthly meetups.",
            "status": GrantApplication.Status.SUBMITTED,
        },
        None,
    ),
    (
        "demo-speaker",
        {
            "covers_travel": True,
            "covers_lodging": True,
            "travelling_from": "Lagos, Nigeria",
            "amount_requested": Decimal("2200"),
            "reason": "I am giving a talk and my employer does not fund conference travel.",
            "status": GrantApplication.Status.GRANTED,
            "amount_granted": Decimal("1800"),
            "decision_message": "We cover your flight and four nights at the hotel.",
        },
        5,
    ),
    (
        "demo-student",
        {
            "covers_ticket": True,
            "amount_requested": Decimal("400"),
            "reason": "I am a student learning Django.",
            "status": GrantApplication.Status.DECLINED,
            "decision_message": "Students get a free ticket: use the code on the tickets page.",
        },
        2,
    ),
]


@transaction.atomic
def create_demo_grants(conference, stdout=None) -> None:
    switch_on_for_demo(conference, FEATURE_KEY)
    organizer = get_user_model().objects.filter(username=DEMO_ORGANIZER).first()
    for username, fields, score in APPLICATIONS:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        decided = fields["status"] != GrantApplication.Status.SUBMITTED
        defaults = {
            "covers_ticket": False,
            "covers_travel": False,
            "covers_lodging": False,
            "amount_granted": None,
            "decision_message": "",
            **fields,
            "decided_at": timezone.now() if decided else None,
            "decided_by": organizer if decided else None,
        }
        application, _created = GrantApplication.objects.update_or_create(
            conference=conference, user=user, defaults=defaults
        )
        if score and organizer is not None:
            GrantReview.objects.update_or_create(
                application=application,
                reviewer=organizer,
                defaults={"score": score, "comment": "Demo review."},
            )
    if stdout is not None:
        stdout.write("Opportunity grants: 'demo' applied; two decided applications.")
