from django.db import transaction

from hallway.conferences.models import Feature
from hallway.proposals.apps import FEATURE
from hallway.proposals.models import VenueProposal, VenueProposalComment


def create_demo_venue_proposals(conference, stdout=None) -> None:
    """Switch venue proposals on and keep one example proposal with a comment (idempotent)."""
    with transaction.atomic():
        Feature.objects.update_or_create(
            conference=conference, key=FEATURE, defaults={"is_enabled": True}
        )
        proposal, _ = VenueProposal.objects.update_or_create(
            conference=conference,
            city="Chicago, IL",
            venue_name="Navy Pier Conference Center",
            defaults={
                "capacity": 450,
                "possible_dates": "8–12 September 2025, or the week after",
                "cost_estimate": 85000,
                "currency": "USD",
                "details": "Step-free access, quiet room, two hotels within a block.",
                "contact_name": "Jane Organiser",
                "contact_email": "jane@example.com",
                "organisation": "Chicago Python User Group",
                "status": VenueProposal.Status.REVIEWING,
            },
        )
        VenueProposalComment.objects.get_or_create(
            proposal=proposal, body="Site visit booked; ask for the catering quote."
        )
    if stdout is not None:
        stdout.write("Venue proposals: 1 example at /venue-proposal/ (admin: Venue proposals)")
