"""Factories for volunteering (kept beside its tests)."""

import datetime as dt

import factory
from django.utils.text import slugify

from hallway.volunteers.models import Role, Shift, Signup
from tests.companion.factories import UserFactory
from tests.factories import NEW_YORK, ConferenceFactory


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    position = factory.Sequence(int)


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    role = factory.SubFactory(RoleFactory)
    starts_at = factory.Sequence(
        lambda n: dt.datetime(2024, 9, 23, 8, 0, tzinfo=NEW_YORK) + dt.timedelta(hours=2 * n)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    capacity = 2
    location = "Registration desk, lobby"


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signup

    shift = factory.SubFactory(ShiftFactory)
    user = factory.SubFactory(UserFactory)
