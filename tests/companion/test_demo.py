import datetime as dt
import io

import pytest

from hallway.companion.demo import create_demo_attendee
from hallway.companion.models import Contact, Moment, Note, Photo, Star, Visit
from hallway.companion.recap import RecapBuilder, recap_for, write_recap
from tests.companion.recap_checks import (
    assert_images_present,
    assert_sections_end_with_back_to_top,
    assert_toc_links_resolve,
)
from tests.factories import NEW_YORK, PlaceFactory, RoomFactory, SessionFactory


@pytest.fixture
def programme(conference):
    room = RoomFactory(conference=conference, name="Junior Ballroom")
    for n in range(12):
        start = dt.datetime(2024, 9, 23 + n % 3, 9 + n, tzinfo=NEW_YORK)
        SessionFactory(
            conference=conference,
            room=room,
            title=f"Talk {n}: Ideas, & more!",
            start=start,
            end=start + dt.timedelta(minutes=45),
        )
    PlaceFactory(conference=conference, name="Press Coffee, Crepes, and Cocktails")
    PlaceFactory(conference=conference, name="Cousins Maine Lobster")
    return conference


def test_demo_attendee_is_created_idempotently(programme):
    first, second = io.StringIO(), io.StringIO()

    create_demo_attendee(programme, stdout=first)
    create_demo_attendee(programme, stdout=second)

    assert first.getvalue().startswith("Demo attendee login: demo / ")
    assert first.getvalue() != second.getvalue()
    assert Star.objects.filter(user__username="demo").values("session").distinct().count() == 9
    assert Note.objects.filter(user__username="demo").count() == 8
    assert Moment.objects.filter(user__username="demo").count() == 4
    assert Contact.objects.filter(user__username="demo").count() == 2
    assert Visit.objects.filter(user__username="demo").count() == 3
    assert Photo.objects.filter(user__username="demo").count() == 4


def test_demo_login_works(client, programme):
    out = io.StringIO()
    create_demo_attendee(programme, stdout=out)
    password = out.getvalue().rsplit(" ", 1)[1].strip()

    assert client.login(username="demo", password=password)


def test_exported_demo_recap_is_sound(programme, tmp_path, django_user_model):
    create_demo_attendee(programme)
    recap = recap_for(django_user_model.objects.get(username="demo"), programme)

    document = RecapBuilder(recap, absolute=lambda path: "https://example.org" + path).build()
    write_recap(document, tmp_path)

    markdown = (tmp_path / "recap.md").read_text()
    assert_toc_links_resolve(markdown)
    assert_sections_end_with_back_to_top(markdown)
    assert len(assert_images_present(markdown, tmp_path)) == 4
    assert "## Pre-conference" in markdown
    assert "## Hallway track" in markdown
    assert "## Sightseeing and food" in markdown
    assert len(document.unfinished) == 3


@pytest.mark.slow
def test_exported_recap_of_the_real_demo_is_sound(shared_content, db, tmp_path):
    """``load_demo`` with the real DjangoCon US 2024 content, then ``export_recap``."""
    from django.core.management import call_command

    call_command("load_demo", stdout=io.StringIO())
    out = tmp_path / "recap"
    call_command(
        "export_recap",
        user="demo",
        slug="djangocon-us-2024",
        out=str(out),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )

    markdown = (out / "recap.md").read_text()
    assert_toc_links_resolve(markdown)
    assert_sections_end_with_back_to_top(markdown)
    images = assert_images_present(markdown, out)
    assert len(images) == 4
    assert sorted(p.name for p in (out / "images").iterdir()) == sorted(
        src.removeprefix("images/") for src in images
    )
    assert markdown.count("My points of interest") == 8
