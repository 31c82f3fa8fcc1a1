import datetime as dt

import factory

from hallway.visas.models import VisaRequest, VisaSettings
from tests.companion.factories import UserFactory
from tests.factories import ConferenceFactory


class VisaSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisaSettings
        django_get_or_create = ("conference",)

    conference = factory.SubFactory(ConferenceFactory)
    organization_name = "Defna"
    organization_address = "1 Main Street\nDurham, NC"
    contact_email = "visas@example.com"
    signatory_name = "Grace Hopper"
    signatory_title = "Chair"


class VisaRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisaRequest

    conference = factory.SubFactory(ConferenceFactory)
    user = factory.SubFactory(UserFactory)
    passport_name = "Chidi Okafor"
    nationality = "Nigerian"
    passport_number = factory.Sequence(lambda n: f"A{n:08d}")
    birth_date = dt.date(1990, 4, 2)
    arrival_date = dt.date(2024, 9, 21)
    departure_date = dt.date(2024, 9, 28)
    role = VisaRequest.Role.ATTENDEE
    registration_reference = "ORDER-1234"
