"""Venue proposals, lightning talks and sprints in Chromium: a lightning-talk sign-up end to
end (with and without JavaScript), and axe-core on every new page."""

import datetime as dt

import pytest

from hallway.conferences.models import Feature
from hallway.conferences.urls_helpers import conference_reverse
from hallway.lightning.models import LightningTalk
from hallway.sprints.models import SprintProject, SprintSignup
from tests.companion.factories import UserFactory
from tests.e2e.test_accessibility import violations_on
from tests.e2e.test_companion import force_sign_in
from tests.factories import ConferenceFactory, SessionFactory


@pytest.fixture
def calls(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    for key in ("venue-proposal", "lightning-talks", "sprints"):
        Feature.objects.create(conference=conference, key=key, is_enabled=True)
    session = SessionFactory(
        conference=conference,
        kind="lightning",
        title="Lightning talks (Monday)",
        slug="lightning-talks-monday",
        start=dt.datetime(2024, 9, 23, 21, 0, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 23, 22, 0, tzinfo=dt.UTC),
    )
    maintainer = UserFactory(username="carlton")
    project = SprintProject.objects.create(
        conference=conference,
        name="Django",
        repository_url="https://github.com/django/django",
        description="Triage tickets.",
        maintainer=maintainer,
        maintainer_name="Carlton Gibson",
    )
    SprintSignup.objects.create(project=project, user=maintainer)
    return conference, session


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_lightning_talk_sign_up_end_to_end(browser, viewport, live_server, calls, javascript):
    conference, session = calls
    speaker = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    force_sign_in(page, live_server, speaker)
    try:
        page.goto(live_server.url + conference_reverse(conference, "lightning:session-list"))
        section = page.locator(f"#session-{session.pk}")
        section.get_by_label("Title").fill("Tiny pull requests win")
        section.get_by_label("One-line summary").fill("Why 20-line PRs get merged in a day.")
        assert section.get_by_label("Speaker").input_value() == "Ada Lovelace"
        section.get_by_role("button", name="Sign up").click()

        page.get_by_text("Your talk “Tiny pull requests win”: Proposed.").wait_for()
        assert page.get_by_role("status").first.inner_text().startswith("Thank you!")
        talk = LightningTalk.objects.get()
        assert (talk.title, talk.speaker_name, talk.status) == (
            "Tiny pull requests win",
            "Ada Lovelace",
            "proposed",
        )

        # The organizers accept it: it shows on the session's page.
        talk.status = "accepted"
        talk.save()
        page.goto(live_server.url + session.get_absolute_url())
        items = page.locator(".lightning-talks li")
        assert items.all_inner_texts() == [
            "Tiny pull requests win — Why 20-line PRs get merged in a day. (Ada Lovelace)"
        ]
    finally:
        context.close()


def test_new_pages_have_no_axe_violations(page, live_server, calls):
    conference, session = calls

    def url(name, **kwargs):
        return conference_reverse(conference, name, **kwargs)

    anonymous = {
        "venue proposal": url("proposals:proposal-form"),
        "lightning talks": url("lightning:session-list"),
        "sprints": url("sprints:project-list"),
        "lightning session": session.get_absolute_url(),
    }
    found = violations_on(page, live_server.url, anonymous)
    force_sign_in(page, live_server, UserFactory(username="ada"))
    signed_in = {
        "lightning talks signed in": url("lightning:session-list"),
        "sprints signed in": url("sprints:project-list"),
        "new sprint project": url("sprints:project-new"),
        "venue proposal signed in": url("proposals:proposal-form"),
    }
    found |= violations_on(page, live_server.url, signed_in)

    assert found == {}
