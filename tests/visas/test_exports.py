"""Passport data and grant applications are absent from every export of a conference.

The data that could leak is created first (an approved visa request, a grant application with
its review, both of a speaker of the programme who starred a session), then every export is
read: the schedule formats, the changes feed, the API, the requester's own data download and
recap, and the static build.
"""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from hallway.conferences.urls_helpers import conference_reverse
from hallway.interop.registry import exporters
from tests.companion.factories import StarFactory
from tests.factories import PresenterFactory, SessionFactory
from tests.features import switch_on
from tests.grants.factories import GrantApplicationFactory, GrantReviewFactory
from tests.visas.factories import VisaRequestFactory

pytestmark = pytest.mark.django_db

SECRETS = (
    "ZX98765432",  # passport number
    "Zanele Passportname",  # name as in the passport
    "Wakandan",  # nationality
    "1987-06-05",  # date of birth, as ISO
    "5 June 1987",  # … and as the letter writes it
    "ORDER-SECRET-77",  # ticket number
    "my landlord will not wait",  # grant reason
    "Reviewer-only remark",  # review comment
)


@pytest.fixture
def private_data(conference, visa_settings, requester):
    import datetime as dt

    switch_on(conference, "visa-letter")
    switch_on(conference, "grants")
    presenter = PresenterFactory(conference=conference, name="Zanele Dlamini")
    talk = SessionFactory(conference=conference, title="Forms", with_presenters=[presenter])
    StarFactory(user=requester, session=talk)
    VisaRequestFactory(
        conference=conference,
        user=requester,
        passport_name="Zanele Passportname",
        nationality="Wakandan",
        passport_number="ZX98765432",
        birth_date=dt.date(1987, 6, 5),
        registration_reference="ORDER-SECRET-77",
        status="approved",
    )
    application = GrantApplicationFactory(
        conference=conference, user=requester, reason="Rent: my landlord will not wait."
    )
    GrantReviewFactory(application=application, comment="Reviewer-only remark")
    return conference


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_schedule_exports_and_feeds(client, private_data):
    conference = private_data
    paths = [conference_reverse(conference, "interop:changes-feed")]
    paths += [
        conference_reverse(conference, "interop:schedule-export", extension=f.extension)
        for f in exporters()
    ]

    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found[path] = leaks(response.content.decode())

    assert len(paths) >= 4
    assert found == {path: [] for path in paths}


def test_api(client, private_data):
    slug = private_data.slug
    paths = [
        "/api/conferences/",
        f"/api/conferences/{slug}/",
        f"/api/conferences/{slug}/sessions/",
        f"/api/conferences/{slug}/presenters/",
        f"/api/conferences/{slug}/rooms/",
        f"/api/conferences/{slug}/changes/",
    ]

    found = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found[path] = leaks(response.content.decode())

    assert found == {path: [] for path in paths}


def unzip_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
        )


def test_the_requesters_own_data_download_and_recap(client, private_data, requester):
    client.force_login(requester)
    conference = private_data

    data = client.get("/me/data.zip")
    recap = client.get(conference_reverse(conference, "companion:recap"))
    markdown = client.get(conference_reverse(conference, "companion:recap-markdown"))
    recap_zip = client.get(conference_reverse(conference, "companion:recap-download"))

    assert [r.status_code for r in (data, recap, markdown, recap_zip)] == [200] * 4
    assert "Forms" in markdown.content.decode()  # the recap is about the starred session
    assert leaks(unzip_text(data.content)) == []
    assert leaks(recap.content.decode()) == []
    assert leaks(markdown.content.decode()) == []
    assert leaks(unzip_text(recap_zip.content)) == []


def test_static_build(private_data, tmp_path):
    out = tmp_path / "site"

    call_command("build_site", "--slug", private_data.slug, "--out", str(out), "--workers", "1")

    written = [path for path in Path(out).rglob("*") if path.is_file()]
    assert (out / "visa-letter" / "index.html").is_file()  # the public page, with no one's data
    found = {
        str(path.relative_to(out)): leaks(path.read_bytes().decode("utf-8", "replace"))
        for path in written
    }
    assert {path: secrets for path, secrets in found.items() if secrets} == {}
