"""Imported conferences are drafts: nothing public shows them until an organizer publishes."""

from io import StringIO

import pytest
from django.core.management import call_command
from lxml import etree

from hallway.conferences.models import Conference
from tests.interop.conftest import FIXTURES

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def import_democon(*extra: str) -> str:
    out = StringIO()
    call_command(
        "import_schedule", str(FIXTURES / "pretalx.xml"), "--slug", "democon", *extra, stdout=out
    )
    return out.getvalue()


def public_answers(client) -> dict[str, int]:
    return {
        path: client.get(path).status_code
        for path in [
            "/democon/",
            "/democon/schedule/",
            "/democon/schedule.json",
            "/democon/news/feed.xml",
            "/api/conferences/democon/",
        ]
    }


def sitemap_has_democon(client) -> bool:
    tree = etree.fromstring(client.get("/sitemap.xml").content)
    return any("/democon/" in loc for loc in tree.xpath("//s:url/s:loc/text()", namespaces=NS))


@pytest.mark.django_db
def test_new_conference_from_import_schedule_is_a_draft(client, admin_client):
    output = import_democon()

    assert Conference.objects.get(slug="democon").is_public is False
    assert output.splitlines()[-2] == (
        "democon is a draft: only staff see it. Publish it in the admin (Conferences, action "
        '"Publish") or import again with --publish.'
    )
    assert set(public_answers(client).values()) == {404}
    assert client.get("/api/conferences/").json()["results"] == []
    assert sitemap_has_democon(client) is False
    # Staff preview the draft.
    assert admin_client.get("/democon/schedule/").status_code == 200


@pytest.mark.django_db
def test_import_schedule_publish_makes_every_public_page_answer(client):
    import_democon()
    assert client.get("/democon/").status_code == 404  # cached as a draft first

    output = import_democon("--publish")

    assert Conference.objects.get(slug="democon").is_public is True
    assert "draft" not in output
    assert set(public_answers(client).values()) == {200}
    assert [c["slug"] for c in client.get("/api/conferences/").json()["results"]] == ["democon"]
    assert sitemap_has_democon(client) is True


@pytest.mark.django_db
def test_conference_created_in_the_admin_is_a_draft_until_the_publish_action(client, admin_client):
    added = admin_client.post(
        "/admin/conferences/conference/add/",
        {
            "name": "NewCon",
            "slug": "newcon",
            "starts_on": "2030-05-01",
            "ends_on": "2030-05-02",
            "time_zone": "UTC",
            "phase": "upcoming",
            "language": "en",
            "theme": "{}",
            "links": "{}",
            "features-TOTAL_FORMS": "0",
            "features-INITIAL_FORMS": "0",
        },
    )
    assert added.status_code == 302
    conference = Conference.objects.get(slug="newcon")
    assert conference.is_public is False
    assert client.get("/newcon/").status_code == 404

    admin_client.post(
        "/admin/conferences/conference/",
        {"action": "publish", "_selected_action": [conference.pk]},
    )

    conference.refresh_from_db()
    assert conference.is_public is True
    assert client.get("/newcon/").status_code == 200
