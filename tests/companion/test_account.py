import io
import json
import zipfile

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse

from hallway.companion.models import Label, Star
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
from tests.html import attrs, parse


def test_data_download_has_everything_and_the_photo_files(client, attendee, conference, talk):
    label = LabelFactory(user=attendee, name="Deep dive")
    StarFactory(user=attendee, session=talk, label=label)
    NoteFactory(user=attendee, session=talk, body="* my note")
    moment = MomentFactory(user=attendee, conference=conference, title="Sprints lunch")
    ContactFactory(user=attendee, conference=conference, name="Lorenzo")
    VisitFactory(user=attendee, conference=conference, name="The Parlour")
    photo = store_photo(attendee, conference, upload(), caption="Ice cream", moment=moment)
    client.force_login(attendee)

    response = client.get(reverse("account-data:download"))

    assert response["Content-Disposition"] == 'attachment; filename="hallway-my-data.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", f"photos/{photo.pk}.jpg"]
    data = json.loads(archive.read("data.json"))
    assert data["user"]["username"] == "ada"
    assert [s["label__name"] for s in data["stars"]] == ["Deep dive"]
    assert [n["body"] for n in data["notes"]] == ["* my note"]
    assert [m["title"] for m in data["moments"]] == ["Sprints lunch"]
    assert [p["name"] for p in data["people"]] == ["Lorenzo"]
    assert [p["name"] for p in data["places"]] == ["The Parlour"]
    assert [p["caption"] for p in data["photos"]] == ["Ice cream"]
    with default_storage.open(photo.image.name) as handle:
        assert archive.read(f"photos/{photo.pk}.jpg") == handle.read()


def test_delete_account_removes_the_user_and_every_file(
    client, attendee, other_attendee, conference, talk, django_capture_on_commit_callbacks
):
    StarFactory(user=attendee, session=talk)
    StarFactory(user=other_attendee, session=talk)
    photo = store_photo(attendee, conference, upload(), caption="x", session=talk)
    theirs = store_photo(other_attendee, conference, upload(), caption="y", session=talk)
    names = photo.file_names
    client.force_login(attendee)

    wrong = client.post(reverse("account-data:delete"), {"confirm": "grace"})
    assert wrong.context["form"].errors == {"confirm": ["That is not your username."]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account-data:delete"), {"confirm": "ada"})

    assert response.status_code == 302
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["grace"]
    assert list(Star.objects.values_list("user__username", flat=True)) == ["grace"]
    assert not any(default_storage.exists(name) for name in names)
    assert all(default_storage.exists(name) for name in theirs.file_names)
    assert "_auth_user_id" not in client.session


def test_labels_add_rename_remove(client, attendee, talk):
    client.force_login(attendee)
    labels_url = reverse("account-data:labels")
    client.get(labels_url)  # creates the defaults

    client.post(labels_url, {"name": "Hallway  track", "position": 9})
    duplicate = client.post(labels_url, {"name": "agenda", "position": 9})
    personal = Label.objects.get(user=attendee, name="Personal")
    client.post(
        reverse("account-data:label-edit", kwargs={"pk": personal.pk}),
        {"name": "Mine", "position": 1},
    )
    StarFactory(user=attendee, session=talk, label=Label.objects.get(user=attendee, name="Online"))
    client.post(
        reverse(
            "account-data:label-delete",
            kwargs={"pk": Label.objects.get(user=attendee, name="Online").pk},
        )
    )

    assert duplicate.context["form"].errors == {"name": ["You already have a label called agenda."]}
    assert list(Label.objects.filter(user=attendee).values_list("name", flat=True)) == [
        "Agenda",
        "Mine",
        "Deep dive",
        "Less relevant",
        "Hallway track",
    ]
    assert Star.objects.count() == 0


def test_account_pages_use_the_site_layout(client, db):
    for name in ("account_login", "account_signup"):
        html = client.get(reverse(name)).content.decode()
        assert attrs(parse(html), "//body/header", "class") == ["site-header"]
        assert ".agenda-item" in html  # companion/companion.css, inlined
        assert html.count("<html") == 1


def test_signup_sends_a_verification_email(
    client, settings, db, django_capture_on_commit_callbacks, run_tasks
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "new@example.com",
                "username": "newcomer",
                "password1": "a-long-unusual-passphrase",
                "password2": "a-long-unusual-passphrase",
            },
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    # Sent by the tasks worker, not inside the request.
    assert mail.outbox == []
    run_tasks()
    assert [m.to for m in mail.outbox] == [["new@example.com"]]
    assert mail.outbox[0].subject == "[Hallway] Please Confirm Your Email Address"
    assert "example.com" not in mail.outbox[0].body.replace("new@example.com", "")
    page = parse(client.get(response["Location"]))
    assert attrs(page, "//body/header", "class") == ["site-header"]


def test_password_reset_email_names_the_conference_of_its_host_name(
    client, conference, django_capture_on_commit_callbacks, run_tasks
):
    conference.host = "2024.djangocon.example"
    conference.save()
    UserFactory(username="ada", email="ada@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"),
            {"email": "ada@example.org"},
            HTTP_HOST="2024.djangocon.example",
        )
    run_tasks()

    assert [m.subject for m in mail.outbox] == [f"[{conference.name}] Password Reset Email"]
    assert mail.outbox[0].body.splitlines()[0] == f"Hello from {conference.name}!"
