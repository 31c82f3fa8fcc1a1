"""Factories for the companion's models (kept beside its tests)."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from hallway.companion.models import Contact, Label, Moment, Note, Star, Visit
from tests.factories import ConferenceFactory, SessionFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"attendee{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Label

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Label {n}")
    position = factory.Sequence(int)


class StarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Star

    user = factory.SubFactory(UserFactory)
    session = factory.SubFactory(SessionFactory)
    label = factory.SubFactory(LabelFactory, user=factory.SelfAttribute("..user"))


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    user = factory.SubFactory(UserFactory)
    session = factory.SubFactory(SessionFactory)
    body = "* A point of interest"


class MomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Moment

    user = factory.SubFactory(UserFactory)
    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Moment {n}")
    date = dt.date(2024, 9, 23)
    time = dt.time(12, 30)
    body = "Lunch with friends."


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    user = factory.SubFactory(UserFactory)
    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    met_where = "Hallway"
    talked_about = "Django."


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    user = factory.SubFactory(UserFactory)
    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Diner {n}")
    what_i_had = "Pancakes"
