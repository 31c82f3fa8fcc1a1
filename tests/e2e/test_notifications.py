"""An attendee follows the header's notification count to their notifications, switches a
kind off and unsubscribes from the digest through the e-mail's link, in Chromium without
JavaScript (nothing here needs it); axe-core finds nothing on the new pages."""

import pytest

from hallway.notifications import links
from hallway.notifications.models import Notification, NotificationSettings
from hallway.notifications.services import refresh_unread
from tests.companion.factories import UserFactory
from tests.e2e.test_accessibility import violations_on
from tests.e2e.test_companion import force_sign_in
from tests.factories import ConferenceFactory

BASE = "/djangocon-us-2024/my/notifications/"


@pytest.fixture
def told(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    ada = UserFactory(username="ada")
    for key, kind, title in [
        ("a", "schedule", "New room: Error Culture"),
        ("b", "media", "Video online: Error Culture"),
    ]:
        Notification.objects.create(
            user=ada, conference=conference, kind=kind, key=key, title=title, url="/"
        )
    refresh_unread([ada.pk], conference.pk)
    return conference, ada


def test_from_the_count_to_the_settings_without_javascript(page_without_js, live_server, told):
    conference, ada = told
    page = page_without_js
    force_sign_in(page, live_server, ada)
    page.goto(live_server.url + "/djangocon-us-2024/my/agenda/")

    page.get_by_role("link", name="Notifications (2)").click()
    titles = page.locator(".notification strong a").all_inner_texts()
    assert titles == ["Video online: Error Culture", "New room: Error Culture"]
    page.goto(live_server.url + "/djangocon-us-2024/my/agenda/")
    read = page.get_by_role("navigation", name="Account").get_by_role("link", name="Notifications")
    assert read.all_inner_texts() == ["Notifications"]  # read now: no count

    read.click()
    page.locator("main").get_by_role("link", name="Settings").click()
    page.get_by_label("A session I starred has its video or slides online").uncheck()
    page.get_by_role("button", name="Save").click()

    assert NotificationSettings.objects.get(user=ada).media is False
    page.goto(live_server.url + BASE)
    assert page.locator(".notification strong a").all_inner_texts() == ["New room: Error Culture"]


def test_unsubscribe_from_the_email_link_signed_out(page_without_js, live_server, told):
    conference, ada = told
    page = page_without_js
    page.goto(live_server.url + f"{BASE}unsubscribe/{links.unsubscribe_token(ada)}/")

    page.get_by_role("button", name="Unsubscribe").click()

    assert page.get_by_role("status").inner_text().startswith("You are unsubscribed")
    assert NotificationSettings.objects.get(user=ada).email is False


def test_notification_pages_have_no_accessibility_violations(page, live_server, told):
    conference, ada = told
    force_sign_in(page, live_server, ada)
    paths = {
        "notifications": BASE,
        "settings": f"{BASE}settings/",
        "announcements": f"{BASE}announcements/",
        "unsubscribe": f"{BASE}unsubscribe/{links.unsubscribe_token(ada)}/",
    }

    assert violations_on(page, live_server.url, paths) == {}
