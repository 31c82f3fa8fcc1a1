"""Every private URL of the companion × owner, other attendee, anonymous visitor, organizer.

The data that could leak is created first (each secret text below), then every role requests
every URL. Organizers are staff superusers: they run the conference, but attendees' notes,
photos and recaps are none of their business through these pages. A URL added to
``hallway.companion.urls`` or ``account_urls`` without a row here fails
``test_every_url_is_in_the_matrix``.
"""

import io
import zipfile
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, reverse

from hallway.companion import account_urls, urls
from hallway.companion.models import Attendance, Recap, ShareLink, Star
from hallway.companion.services import store_photo
from tests.companion.conftest import upload
from tests.companion.factories import (
    ContactFactory,
    LabelFactory,
    MomentFactory,
    NoteFactory,
    StarFactory,
    UserFactory,
    VisitFactory,
)
from tests.factories import SessionFactory

SECRETS = [
    "SECRET-LABEL",
    "SECRET-NOTE",
    "SECRET-MOMENT",
    "SECRET-PERSON",
    "SECRET-PLACE",
    "SECRET-PHOTO",
    "SECRET-INTRO",
]
ROLES = ["owner", "other", "anonymous", "organizer"]
LOGIN = "login"  # a redirect to the sign-in page


@dataclass
class Data:
    conference: object
    owner: object
    session: object
    label: object
    moment: object
    person: object
    place: object
    photo: object
    link: object
    attendance: object


@pytest.fixture
def data(conference) -> Data:
    owner = UserFactory(username="owner")
    session = SessionFactory(conference=conference, title="Public talk title")
    label = LabelFactory(user=owner, name="SECRET-LABEL", position=0)
    StarFactory(user=owner, session=session, label=label)
    NoteFactory(user=owner, session=session, body="SECRET-NOTE")
    moment = MomentFactory(user=owner, conference=conference, title="SECRET-MOMENT")
    person = ContactFactory(user=owner, conference=conference, name="SECRET-PERSON")
    place = VisitFactory(user=owner, conference=conference, name="SECRET-PLACE")
    photo = store_photo(owner, conference, upload(), caption="SECRET-PHOTO", moment=moment)
    Recap.objects.create(user=owner, conference=conference, intro="SECRET-INTRO", label=label)
    link = ShareLink.objects.create(user=owner, conference=conference)
    attendance = Attendance.objects.create(user=owner, conference=conference)
    return Data(conference, owner, session, label, moment, person, place, photo, link, attendance)


@dataclass
class Case:
    method: str = "get"
    kwargs: callable = lambda d: {}
    post: callable = lambda d: {}
    # Expected status per role; roles not given expect `default`.
    expect: dict = field(default_factory=dict)
    default: int | str = 200
    # Whether the owner's answer shows a secret (so a leak elsewhere would be visible).
    owner_sees_secret: bool = False
    site_wide: bool = False

    def status_for(self, role: str):
        return self.expect.get(role, self.default)


PRIVATE_LIST = {"owner": 200, "other": 200, "organizer": 200, "anonymous": LOGIN}
PRIVATE_ROW = {"owner": 200, "other": 404, "organizer": 404, "anonymous": LOGIN}
PRIVATE_ROW_POST = {"owner": 302, "other": 404, "organizer": 404, "anonymous": LOGIN}
OWN_ACTION = {"owner": 302, "other": 302, "organizer": 302, "anonymous": LOGIN}

MATRIX = {
    "companion": {
        "agenda": Case(default=200, owner_sees_secret=True),
        "dismiss-changes": Case(method="post", expect=OWN_ACTION),
        "reset-feed": Case(method="post", expect=OWN_ACTION),
        # The token is the permission: whoever holds the address gets the calendar.
        "agenda-feed": Case(kwargs=lambda d: {"token": d.attendance.feed_token}),
        "share-create": Case(
            method="post",
            post=lambda d: {"label": d.label.pk},
            expect={"owner": 302, "other": 404, "organizer": 404, "anonymous": LOGIN},
        ),
        "share-revoke": Case(
            method="post", kwargs=lambda d: {"pk": d.link.pk}, expect=PRIVATE_ROW_POST
        ),
        "shared-agenda": Case(kwargs=lambda d: {"token": d.link.token}),
        "star": Case(
            method="post",
            kwargs=lambda d: {"pk": d.session.pk},
            post=lambda d: {"label": d.label.pk},
            expect={"owner": 302, "other": 404, "organizer": 404, "anonymous": 302},
        ),
        "session-notes": Case(
            kwargs=lambda d: {"pk": d.session.pk}, expect=PRIVATE_LIST, owner_sees_secret=True
        ),
        "session-labels": Case(
            method="post",
            kwargs=lambda d: {"pk": d.session.pk},
            post=lambda d: {"labels": [d.label.pk]},
            expect=OWN_ACTION,
        ),
        "moments": Case(expect=PRIVATE_LIST, owner_sees_secret=True),
        "moment-edit": Case(
            kwargs=lambda d: {"pk": d.moment.pk}, expect=PRIVATE_ROW, owner_sees_secret=True
        ),
        "moment-delete": Case(
            method="post", kwargs=lambda d: {"pk": d.moment.pk}, expect=PRIVATE_ROW_POST
        ),
        "people": Case(expect=PRIVATE_LIST, owner_sees_secret=True),
        "person-edit": Case(
            kwargs=lambda d: {"pk": d.person.pk}, expect=PRIVATE_ROW, owner_sees_secret=True
        ),
        "person-delete": Case(
            method="post", kwargs=lambda d: {"pk": d.person.pk}, expect=PRIVATE_ROW_POST
        ),
        "places": Case(expect=PRIVATE_LIST, owner_sees_secret=True),
        "place-edit": Case(
            kwargs=lambda d: {"pk": d.place.pk}, expect=PRIVATE_ROW, owner_sees_secret=True
        ),
        "place-delete": Case(
            method="post", kwargs=lambda d: {"pk": d.place.pk}, expect=PRIVATE_ROW_POST
        ),
        "photos": Case(expect=PRIVATE_LIST, owner_sees_secret=True),
        "photo-edit": Case(
            kwargs=lambda d: {"pk": d.photo.pk}, expect=PRIVATE_ROW, owner_sees_secret=True
        ),
        "photo-delete": Case(
            method="post", kwargs=lambda d: {"pk": d.photo.pk}, expect=PRIVATE_ROW_POST
        ),
        "photo-file": Case(
            kwargs=lambda d: {"pk": d.photo.pk, "size": "full"},
            expect={"owner": 200, "other": 404, "organizer": 404, "anonymous": 404},
        ),
        "recap": Case(expect=PRIVATE_LIST, owner_sees_secret=True),
        "recap-markdown": Case(expect=PRIVATE_LIST, owner_sees_secret=True),
        "recap-download": Case(expect=PRIVATE_LIST, owner_sees_secret=True),
        "recap-publish": Case(method="post", post=lambda d: {"publish": "1"}, expect=OWN_ACTION),
        "recap-public": Case(kwargs=lambda d: {"username": "owner"}, default=404),
    },
    "account-data": {
        "overview": Case(expect=PRIVATE_LIST, site_wide=True),
        "labels": Case(expect=PRIVATE_LIST, owner_sees_secret=True, site_wide=True),
        "label-edit": Case(
            kwargs=lambda d: {"pk": d.label.pk},
            expect=PRIVATE_ROW,
            owner_sees_secret=True,
            site_wide=True,
        ),
        "label-delete": Case(
            method="post",
            kwargs=lambda d: {"pk": d.label.pk},
            expect=PRIVATE_ROW_POST,
            site_wide=True,
        ),
        "download": Case(expect=PRIVATE_LIST, owner_sees_secret=True, site_wide=True),
        "delete": Case(
            method="post",
            post=lambda d: {"confirm": "owner"},
            # Others get the form back with "That is not your username."
            expect={"owner": 302, "other": 200, "organizer": 200, "anonymous": LOGIN},
            site_wide=True,
        ),
    },
}


def url_names(module) -> set[str]:
    return {p.name for p in module.urlpatterns if isinstance(p, URLPattern)}


def test_every_url_is_in_the_matrix():
    assert set(MATRIX["companion"]) == url_names(urls)
    assert set(MATRIX["account-data"]) == url_names(account_urls)


CASES = [
    (namespace, name, role)
    for namespace, cases in MATRIX.items()
    for name in cases
    for role in ROLES
]


def body_text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if response.get("Content-Type") == "application/zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode(errors="replace") for n in archive.namelist())
    return content.decode(errors="replace")


@pytest.mark.parametrize(("namespace", "name", "role"), CASES)
def test_permission_matrix(client, data, namespace, name, role):
    case = MATRIX[namespace][name]
    kwargs = case.kwargs(data)
    if not case.site_wide:
        kwargs["conference_slug"] = data.conference.slug
    url = reverse(f"{namespace}:{name}", kwargs=kwargs)
    user = {
        "owner": data.owner,
        "other": UserFactory(username="other"),
        "organizer": UserFactory(username="organizer", is_staff=True, is_superuser=True),
        "anonymous": None,
    }[role]
    if user is not None:
        client.force_login(user)

    response = getattr(client, case.method)(url, case.post(data))
    text = body_text(response)  # reads file responses to the end, which closes them

    expected = case.status_for(role)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login") + "?next=")
    else:
        assert response.status_code == expected
    if role == "owner":
        if case.owner_sees_secret and response.status_code == 200:
            assert any(secret in text for secret in SECRETS)
        return
    leaked = [secret for secret in SECRETS if secret in text]
    assert leaked == []
    # Nothing of the owner's changed either.
    assert Star.objects.filter(user=data.owner).count() == 1
    assert data.owner.moments.count() == 1
    assert data.owner.contacts.count() == 1
    assert data.owner.visits.count() == 1
    assert data.owner.photos.count() == 1
    assert data.owner.share_links.count() == 1
    assert data.owner.labels.count() == 1
    data.attendance.refresh_from_db()
    assert data.attendance.changes_seen_at is None
    assert Attendance.objects.get(pk=data.attendance.pk).feed_token == data.attendance.feed_token
    assert Recap.objects.get(user=data.owner).is_published is False
