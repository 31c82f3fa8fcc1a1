import pytest
from django.core.cache import cache
from django.db import transaction

from hallway.conferences.models import Conference
from hallway.conferences.page_cache import SLUG_KEY, VERSION_KEY, conference_key
from hallway.conferences.versioning import conference_id_of
from hallway.program.models import SessionPresenter
from tests.factories import (
    ConferenceFactory,
    PostFactory,
    PresenterFactory,
    SessionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def version_of(conference: Conference) -> int:
    return Conference.objects.values_list("version", flat=True).get(pk=conference.pk)


def test_saving_a_session_bumps_its_conference(conference):
    session = SessionFactory(conference=conference)
    before = version_of(conference)

    session.title = "A new title"
    session.save()

    assert version_of(conference) == before + 1


def test_deleting_a_post_bumps_its_conference(conference):
    post = PostFactory(conference=conference)
    before = version_of(conference)

    post.delete()

    assert version_of(conference) == before + 1


def test_other_conferences_keep_their_version(conference):
    other = ConferenceFactory(slug="pycon-2025")
    before = version_of(other)

    SessionFactory(conference=conference)

    assert version_of(other) == before


def test_editing_the_conference_itself_bumps_it(conference):
    before = version_of(conference)

    conference.tagline = "Now with a tagline"
    conference.save()

    assert version_of(conference) == before + 1


def test_session_presenter_hanging_off_a_session_bumps_the_conference(conference):
    session = SessionFactory(conference=conference)
    presenter = PresenterFactory(conference=conference)
    before = version_of(conference)

    SessionPresenter.objects.create(session=session, presenter=presenter)

    assert version_of(conference) == before + 1


def test_conference_of_a_fresh_session_presenter_is_found_without_the_session_loaded(conference):
    link = SessionPresenter.objects.create(
        session=SessionFactory(conference=conference),
        presenter=PresenterFactory(conference=conference),
    )
    fresh = SessionPresenter.objects.get(pk=link.pk)

    assert conference_id_of(fresh) == conference.pk


def test_tagging_a_session_bumps_the_conference(conference):
    session = SessionFactory(conference=conference)
    tag = TagFactory(conference=conference)
    before = version_of(conference)

    session.tags.add(tag)

    assert version_of(conference) == before + 1


def test_a_transaction_bumps_once_however_many_changes(conference):
    before = version_of(conference)

    with transaction.atomic():
        for n in range(5):
            SessionFactory(conference=conference, title=f"Imported {n}")
        PostFactory(conference=conference)

    assert version_of(conference) == before + 1


def test_two_transactions_bump_twice(conference):
    before = version_of(conference)

    for n in range(2):
        with transaction.atomic():
            SessionFactory(conference=conference, title=f"Imported {n}")

    assert version_of(conference) == before + 2


def test_a_rolled_back_transaction_does_not_stop_later_bumps(conference):
    before = version_of(conference)

    def import_that_fails():
        with transaction.atomic():
            SessionFactory(conference=conference, title="Never happened")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        import_that_fails()

    PostFactory(conference=conference, title="Happened")

    assert version_of(conference) == before + 1


def test_bump_drops_the_cached_version(conference):
    conference_key(conference_id=conference.pk)
    conference_key(slug=conference.slug)
    assert cache.get(VERSION_KEY.format(id=conference.pk)) is not None
    assert cache.get(SLUG_KEY.format(slug=conference.slug)) is not None

    SessionFactory(conference=conference)

    assert cache.get(VERSION_KEY.format(id=conference.pk)) is None
    assert cache.get(SLUG_KEY.format(slug=conference.slug)) is None
    assert conference_key(conference_id=conference.pk).version == version_of(conference)
    assert conference_key(slug=conference.slug).version == version_of(conference)


def test_commit_drops_the_version_cached_during_the_transaction(
    conference, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        SessionFactory(conference=conference)
        # Another reader caches the version while the import is still running...
        conference_key(conference_id=conference.pk)
        SessionFactory(conference=conference)

    # ...and the commit throws it away again.
    assert cache.get(VERSION_KEY.format(id=conference.pk)) is None
