"""Boring factories for the domain models; compose them in conftest fixtures."""

import datetime as dt
import zoneinfo

import factory
from django.utils.text import slugify

from hallway.conferences.models import Conference, Room, Series, Tag, Track
from hallway.content.models import Page, Place, Post, Sponsor, SponsorLevel
from hallway.people.models import Organizer, Person, Presenter
from hallway.program.models import Session, SessionPresenter

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ("slug",)

    name = "DjangoCon US"
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"PyConf {2000 + n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    starts_on = dt.date(2024, 9, 22)
    ends_on = dt.date(2024, 9, 27)
    time_zone = "America/New_York"
    city = "Durham, NC"
    phase = Conference.Phase.LIVE
    is_public = True


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    position = factory.Sequence(int)


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Track {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"tag{n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class PresenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Presenter

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Presenter {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    bio = "Writes Django."


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session
        skip_postgeneration_save = True

    conference = factory.SubFactory(ConferenceFactory)
    kind = Session.Kind.TALK
    title = factory.Sequence(lambda n: f"Talk number {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    abstract = "An *interesting* talk."
    start = factory.Sequence(
        lambda n: dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK) + dt.timedelta(minutes=30 * n)
    )
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(minutes=25))
    room = factory.SubFactory(RoomFactory, conference=factory.SelfAttribute("..conference"))

    @factory.post_generation
    def with_presenters(self, create, extracted, **kwargs):
        if create and extracted:
            for position, presenter in enumerate(extracted):
                SessionPresenter.objects.create(
                    session=self, presenter=presenter, position=position
                )


class OrganizerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organizer

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Organizer {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    role = "Volunteer"


class SponsorLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SponsorLevel

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Level {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    position = factory.Sequence(int)


class SponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sponsor

    conference = factory.SubFactory(ConferenceFactory)
    level = factory.SubFactory(
        SponsorLevelFactory, conference=factory.SelfAttribute("..conference")
    )
    name = factory.Sequence(lambda n: f"Sponsor {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    url = "https://example.com/"


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"News item {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    author = "The organizers"
    published_at = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    body = "Some *news*."


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"Cafe {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    category = Place.Category.FOOD


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    conference = factory.SubFactory(ConferenceFactory)
    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    body = "Text."


class RedirectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "conferences.Redirect"

    conference = factory.SubFactory(ConferenceFactory)
    old_path = factory.Sequence(lambda n: f"/talks/old-{n}/")
    new_path = factory.Sequence(lambda n: f"/talks/new-{n}/")


class ScheduleChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "program.ScheduleChange"

    conference = factory.SubFactory(ConferenceFactory)
    session_title = factory.Sequence(lambda n: f"Talk number {n}")
    kind = "moved"
    field = "room"
    old_value = "Room A"
    new_value = "Room B"
