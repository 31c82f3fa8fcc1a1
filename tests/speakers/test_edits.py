"""Speakers edit their own page and sessions: at once, logged, never someone else's; organizers
revert."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from hallway.people.models import Presenter
from hallway.program.signals import session_media_published
from hallway.speakers.models import ProfileEdit, SessionLink
from tests.companion.factories import UserFactory
from tests.factories import SessionFactory
from tests.html import outer, parse, text, texts

PROFILE = "/djangocon-us-2024/speaker/profile/{slug}/"
SESSION = "/djangocon-us-2024/speaker/sessions/{pk}/"


def profile_data(**changes) -> dict:
    data = {
        "bio": "Old bio.",
        "pronouns": "",
        "website": "",
        "bluesky": "",
        "mastodon": "",
        "github": "",
        "linkedin": "",
        "instagram": "",
        "twitter": "",
    }
    return {**data, **changes}


# The biography on a presenter's page.
BIO = "//article[@class='profile']/div[@class='prose']"


@pytest.mark.django_db
def test_speaker_edits_their_bio_and_the_page_shows_it_at_once(signed_in_ada, ada, client):
    page = client.get(ada.get_absolute_url())
    assert texts(parse(page), BIO) == ["Old bio."]

    response = signed_in_ada.post(
        PROFILE.format(slug="ada-lovelace"),
        profile_data(bio="Wrote the *first* program.", pronouns="she/her", github="ada"),
    )

    assert response.status_code == 302
    assert response.url == "/djangocon-us-2024/presenters/ada-lovelace/"
    page = parse(client.get(ada.get_absolute_url()))
    assert outer(page, f"{BIO}/*") == "<p>Wrote the <em>first</em> program.</p>"
    assert texts(page, "//article[@class='profile']//p[@class='pronouns']") == ["she/her"]
    edits = list(
        ProfileEdit.objects.order_by("field").values_list("field", "old_value", "new_value")
    )
    assert edits == [
        ("bio", "Old bio.", "Wrote the *first* program."),
        ("github", "", "ada"),
        ("pronouns", "", "she/her"),
    ]
    assert set(ProfileEdit.objects.values_list("editor__username", flat=True)) == {"ada"}


@pytest.mark.django_db
def test_speaker_uploads_a_photo_without_its_exif(signed_in_ada, ada):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    Image.new("RGB", (60, 40), (10, 120, 200)).save(buffer, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("me.jpg", buffer.getvalue(), content_type="image/jpeg")

    signed_in_ada.post(PROFILE.format(slug="ada-lovelace"), {**profile_data(), "photo": upload})

    ada.refresh_from_db()
    assert ada.photo.name == "conferences/djangocon-us-2024/presenters/me.jpg"
    with Image.open(ada.photo.path) as stored:
        assert (stored.size, dict(stored.getexif())) == ((60, 40), {})
    assert ProfileEdit.objects.get().new_value == ada.photo.name


@pytest.mark.django_db
def test_a_file_that_is_not_a_photo_is_refused_by_name(signed_in_ada, ada):
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 not an image", content_type="image/jpeg")

    response = signed_in_ada.post(
        PROFILE.format(slug="ada-lovelace"), {**profile_data(), "photo": upload}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["photo"] == [
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ]
    assert ProfileEdit.objects.count() == 0


@pytest.mark.django_db
def test_speaker_adds_slides_and_links_to_their_session(signed_in_ada, ada_talk, client):
    sent = []

    def receiver(sender, **kwargs):
        sent.append((kwargs["kind"], kwargs["url"], kwargs["session"].slug))

    session_media_published.connect(receiver, dispatch_uid="test-media")
    try:
        response = signed_in_ada.post(
            SESSION.format(pk=ada_talk.pk),
            {
                "slides_url": "https://slides.example.org/engines",
                "links": "Demo code | https://github.com/ada/engines\n\nNotes|https://ada.org/n",
            },
        )
    finally:
        session_media_published.disconnect(dispatch_uid="test-media")

    assert response.status_code == 302
    assert list(SessionLink.objects.values_list("title", "url", "position")) == [
        ("Demo code", "https://github.com/ada/engines", 0),
        ("Notes", "https://ada.org/n", 1),
    ]
    page = parse(client.get(ada_talk.get_absolute_url()))
    slides = "//ul[@class='actions']/li/a[@href='https://slides.example.org/engines']"
    assert text(page, slides) == "Slides"
    assert outer(page, "//section[@class='session-links']/ul") == (
        '<ul><li><a href="https://github.com/ada/engines" rel="noopener nofollow">Demo code</a>'
        '</li><li><a href="https://ada.org/n" rel="noopener nofollow">Notes</a></li></ul>'
    )
    # Signals are sent after commit; inside a test's transaction they were captured, not sent.
    assert sent == []


@pytest.mark.django_db
def test_media_signal_is_sent_after_commit(
    signed_in_ada, ada_talk, django_capture_on_commit_callbacks
):
    sent = []

    def receiver(sender, **kwargs):
        sent.append((sender.__name__, kwargs["kind"], kwargs["url"], kwargs["title"]))

    session_media_published.connect(receiver, dispatch_uid="test-media")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            signed_in_ada.post(
                SESSION.format(pk=ada_talk.pk),
                {"slides_url": "https://s.example.org/e", "links": "Demo | https://d.example.org"},
            )
    finally:
        session_media_published.disconnect(dispatch_uid="test-media")

    assert sent == [
        ("Session", "slides", "https://s.example.org/e", "Slides"),
        ("SessionLink", "link", "https://d.example.org", "Demo"),
    ]


@pytest.mark.django_db
def test_bad_link_line_is_named(signed_in_ada, ada_talk):
    response = signed_in_ada.post(
        SESSION.format(pk=ada_talk.pk),
        {"slides_url": "", "links": "Demo | https://d.example.org\nno address here"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["links"] == [
        "Line 2: write a title, a “|” and the address."
    ]
    assert SessionLink.objects.count() == 0


# Privacy: each role against another speaker's page and session ------------------------------


@pytest.mark.django_db
def test_a_speaker_cannot_edit_another_speakers_page_or_session(
    signed_in_ada, grace, grace_access, grace_talk
):
    page = signed_in_ada.get(PROFILE.format(slug="grace-hopper"))
    post = signed_in_ada.post(PROFILE.format(slug="grace-hopper"), profile_data(bio="Hacked."))
    session = signed_in_ada.post(
        SESSION.format(pk=grace_talk.pk), {"slides_url": "https://evil.example.org"}
    )

    assert (page.status_code, post.status_code, session.status_code) == (404, 404, 404)
    grace.refresh_from_db()
    grace_talk.refresh_from_db()
    assert (grace.bio, grace_talk.slides_url) == ("Grace's bio.", "")
    assert ProfileEdit.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("attendee", 404),
        ("staff", 404),
        ("superuser", 404),
        ("owner", 200),
    ],
)
def test_each_role_on_a_speakers_edit_pages(client, grace_access, grace_talk, role, expected):
    users = {
        "attendee": UserFactory(username="someone"),
        "staff": UserFactory(username="helper", is_staff=True),
        "superuser": UserFactory(username="boss", is_staff=True, is_superuser=True),
        "owner": grace_access.user,
    }
    if role in users:
        client.force_login(users[role])

    profile = client.get(PROFILE.format(slug="grace-hopper"))
    session = client.get(SESSION.format(pk=grace_talk.pk))

    assert (profile.status_code, session.status_code) == (expected, expected)
    if expected == 302:
        assert profile.url.startswith("/accounts/login/")


@pytest.mark.django_db
def test_a_co_presenter_may_add_material_to_the_shared_session(signed_in_ada, ada, grace):
    shared = SessionFactory(
        conference=ada.conference, title="Both", slug="both", with_presenters=[grace, ada]
    )

    response = signed_in_ada.get(SESSION.format(pk=shared.pk))

    assert response.status_code == 200


# Reverting ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_organizer_reverts_an_edit(signed_in_ada, ada, superuser_client, client):
    signed_in_ada.post(PROFILE.format(slug="ada-lovelace"), profile_data(bio="Spam spam."))
    edit = ProfileEdit.objects.get()

    response = superuser_client.post(
        reverse("admin:speakers_profileedit_changelist"),
        {"action": "revert_selected", "_selected_action": [edit.pk]},
        follow=True,
    )

    ada.refresh_from_db()
    assert ada.bio == "Old bio."
    assert [str(m) for m in response.context["messages"]] == ["Reverted 1 edit."]
    edit.refresh_from_db()
    assert edit.reverted_by.username == "boss"
    revert = ProfileEdit.objects.exclude(pk=edit.pk).get()
    assert (revert.field, revert.old_value, revert.new_value, revert.editor.username) == (
        "bio",
        "Spam spam.",
        "Old bio.",
        "boss",
    )
    assert b"Spam spam." not in client.get(ada.get_absolute_url()).content


@pytest.mark.django_db
def test_revert_of_an_overwritten_edit_is_refused(signed_in_ada, ada, superuser_client):
    signed_in_ada.post(PROFILE.format(slug="ada-lovelace"), profile_data(bio="First."))
    signed_in_ada.post(PROFILE.format(slug="ada-lovelace"), profile_data(bio="Second."))
    first = ProfileEdit.objects.get(new_value="First.")

    response = superuser_client.post(
        reverse("admin:speakers_profileedit_changelist"),
        {"action": "revert_selected", "_selected_action": [first.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "“bio” of Ada Lovelace changed again after this edit: revert the later edit first."
    ]
    assert Presenter.objects.get(pk=ada.pk).bio == "Second."


@pytest.mark.django_db
def test_organizer_reverts_added_links(signed_in_ada, ada_talk, superuser_client):
    signed_in_ada.post(
        SESSION.format(pk=ada_talk.pk), {"slides_url": "", "links": "Spam | https://spam.example"}
    )

    superuser_client.post(
        reverse("admin:speakers_profileedit_changelist"),
        {"action": "revert_selected", "_selected_action": [ProfileEdit.objects.get().pk]},
    )

    assert SessionLink.objects.count() == 0


@pytest.mark.django_db
def test_staff_without_permission_cannot_revert(signed_in_ada, ada, staff_client):
    signed_in_ada.post(PROFILE.format(slug="ada-lovelace"), profile_data(bio="Mine."))

    response = staff_client.post(
        reverse("admin:speakers_profileedit_changelist"),
        {"action": "revert_selected", "_selected_action": [ProfileEdit.objects.get().pk]},
    )

    assert response.status_code == 403
    assert Presenter.objects.get(pk=ada.pk).bio == "Mine."


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_edit_changelist_queries_are_constant(
    superuser_client, ada, ada_talk, django_assert_num_queries, rows
):
    ProfileEdit.objects.bulk_create(
        ProfileEdit(conference=ada.conference, presenter=ada, field="bio", new_value=str(n))
        for n in range(rows)
    )

    with django_assert_num_queries(9):
        response = superuser_client.get(reverse("admin:speakers_profileedit_changelist"))

    assert response.status_code == 200
