"""Factories for side events (kept beside their tests)."""

import datetime as dt

import factory
from django.utils.text import slugify

from hallway.events.models import Event, Rsvp
from tests.companion.factories import UserFactory
from tests.factories import NEW_YORK, ConferenceFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Side event {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    host = "PyLadies"
    address = "123 Main Street, Durham"
    starts_at = factory.Sequence(
        lambda n: dt.datetime(2024, 9, 23, 19, 0, tzinfo=NEW_YORK) + dt.timedelta(days=n % 4)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = 10


class RsvpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rsvp

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = Rsvp.Status.CONFIRMED
