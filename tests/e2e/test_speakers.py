"""A speaker in Chromium: opens the sign-in link from the e-mail, edits their bio, and the public
presenter page shows it. Runs at a desktop and a phone viewport; the speaker pages are checked
with axe-core on the way."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from hallway.conferences.urls_helpers import conference_reverse
from hallway.speakers.models import ProfileEdit, SpeakerAccess
from hallway.speakers.services import make_token
from tests.factories import ConferenceFactory, PresenterFactory, SessionFactory

AXE = Axe()


@pytest.fixture
def speaker(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    presenter = PresenterFactory(
        conference=conference, name="Ryan Cheley", slug="ryan-cheley", bio="Old bio."
    )
    SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        with_presenters=[presenter],
    )
    access = SpeakerAccess.objects.create(presenter=presenter, email="ryan@example.org")
    return presenter, access


def axe_violations(page, javascript: bool) -> list[str]:
    if not javascript:
        return []  # axe-core runs as a page script: the JavaScript runs check the same pages
    return [
        f"{v['id']}: {v['help']} at " + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in AXE.run(page).response["violations"]
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_speaker_edits_their_bio_through_the_sign_in_link(
    browser, viewport, live_server, speaker, javascript
):
    presenter, access = speaker
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    link = live_server.url + conference_reverse(
        presenter.conference, "speakers:sign-in", token=make_token(access)
    )
    try:
        page.goto(link)
        assert axe_violations(page, javascript) == []
        page.get_by_role("button", name="Sign in as Ryan Cheley").click()
        page.wait_for_url(re.compile(r"/djangocon-us-2024/speaker/$"))
        assert axe_violations(page, javascript) == []
        page.get_by_role("link", name="Edit the page of Ryan Cheley").click()
        assert axe_violations(page, javascript) == []
        page.get_by_label("Bio").fill("Ryan writes **Django** at work.")
        page.get_by_label("Pronouns").fill("he/him")
        page.get_by_role("button", name="Save").click()

        page.wait_for_url(re.compile(r"/djangocon-us-2024/presenters/ryan-cheley/$"))
        assert page.locator("main .prose").inner_html().strip() == (
            "<p>Ryan writes <strong>Django</strong> at work.</p>"
        )
        assert page.locator("main .pronouns").inner_text() == "he/him"
        assert page.get_by_text("Saved: your changes are online.").is_visible()
    finally:
        context.close()
    assert sorted(ProfileEdit.objects.values_list("field", "new_value")) == [
        ("bio", "Ryan writes **Django** at work."),
        ("pronouns", "he/him"),
    ]
