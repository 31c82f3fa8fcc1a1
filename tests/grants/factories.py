from decimal import Decimal

import factory

from hallway.grants.models import GrantApplication, GrantReview
from tests.companion.factories import UserFactory
from tests.factories import ConferenceFactory


class GrantApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantApplication

    conference = factory.SubFactory(ConferenceFactory)
    user = factory.SubFactory(UserFactory)
    covers_ticket = True
    covers_travel = True
    travelling_from = "Lagos, Nigeria"
    amount_requested = Decimal("1200.00")
    reason = "I run a Django Girls chapter and would share what I learn."


class GrantReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantReview

    application = factory.SubFactory(GrantApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
    score = 4
    comment = ""
