"""A visitor's whole journey in Chromium, at phone and desktop size, with and without JavaScript:
browse the schedule, switch days, open a talk, star it, sign up, write a note, upload a photo,
generate the recap."""

import datetime as dt
import io
import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from hallway.companion.models import Note, Photo, Star
from tests.factories import ConferenceFactory, PresenterFactory, SessionFactory

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def programme(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    speaker = PresenterFactory(conference=conference, name="Ryan Cheley", slug="ryan-cheley")
    SessionFactory(
        conference=conference,
        title="Opening remarks",
        slug="opening-remarks",
        start=dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 9, 15, tzinfo=NEW_YORK),
    )
    talk = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=dt.datetime(2024, 9, 24, 10, 0, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 24, 10, 25, tzinfo=NEW_YORK),
        with_presenters=[speaker],
    )
    return conference, talk


def photo_file(tmp_path):
    path = tmp_path / "hallway.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def walk_the_journey(page, base: str, tmp_path) -> None:
    page.set_default_timeout(10_000)
    # Browse the schedule and switch to the second day.
    page.goto(base + "/djangocon-us-2024/schedule/")
    assert page.get_by_role("heading", level=1).inner_text() == "Schedule"
    page.get_by_role("navigation", name="Days").get_by_role(
        "link", name=re.compile("24 Sep")
    ).click()
    page.wait_for_url(re.compile(r"/schedule/2024-09-24/$"))
    day = page.locator("#schedule-days")
    day.get_by_role("link", name="Error Culture").wait_for()
    assert day.get_by_text("Opening remarks").count() == 0

    # Open the talk and star it, before having an account.
    day.get_by_role("link", name="Error Culture").click()
    page.wait_for_url(re.compile(r"/talks/error-culture/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Error Culture"
    page.get_by_role("button", name="Star Error Culture").click()
    page.get_by_role("button", name="Star Error Culture", exact=True, pressed=True).wait_for()

    # Sign up: the star comes along into the new account.
    page.goto(base + "/accounts/signup/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password:", exact=True).fill("correct horse battery")
    page.get_by_label(re.compile("Password \\(again\\)")).fill("correct horse battery")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*accounts/signup).*$"))
    user = get_user_model().objects.get(username="ada")
    assert list(Star.objects.filter(user=user).values_list("session__slug", flat=True)) == [
        "error-culture"
    ]

    # Write a note on the talk.
    talk = Star.objects.get(user=user).session
    page.goto(f"{base}/djangocon-us-2024/my/sessions/{talk.pk}/")
    page.get_by_role("textbox", name="Points of interest").fill("* Delete the cause, not the alert")
    page.get_by_role("button", name="Save notes").click()
    page.locator(".note-preview").wait_for()
    assert Note.objects.get(user=user).body == "* Delete the cause, not the alert"

    # Upload a photo of the talk.
    page.goto(base + "/djangocon-us-2024/my/photos/")
    page.locator("main input[type=file]").set_input_files(photo_file(tmp_path))
    page.get_by_label(re.compile("^Caption")).fill("The hallway track")
    page.get_by_label(re.compile("^Session")).select_option(label="Error Culture")
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("The hallway track").first.wait_for()
    assert Photo.objects.filter(user=user).count() == 1

    # Generate the recap: the starred talk and the note are in it.
    page.goto(base + "/djangocon-us-2024/my/recap/")
    recap = page.locator("article.recap")
    recap.get_by_role("link", name="Error Culture").first.wait_for()
    assert recap.locator("li", has_text="Delete the cause, not the alert").count() == 1


def test_journey_with_javascript(page, live_server, programme, tmp_path):
    walk_the_journey(page, live_server.url, tmp_path)


def test_journey_without_javascript(page_without_js, live_server, programme, tmp_path):
    walk_the_journey(page_without_js, live_server.url, tmp_path)
