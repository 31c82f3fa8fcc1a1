"""The organizer's side: import with a threshold, confirm, reject, correct, the report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallway.replays.models import Video
from hallway.replays.services import import_playlist
from tests.admin_utils import changelist_url
from tests.factories import PresenterFactory, SessionFactory

CSV = (
    b"title,url\n"
    b"Analytical Engines | DjangoCon US 2024,https://youtu.be/aaaaaaaaaaa\n"
    b"Compilers for all of us - Grace Hopper,https://youtu.be/bbbbbbbbbbb\n"
    b"Our sponsors,https://youtu.be/ccccccccccc\n"
)


@pytest.fixture
def programme(conference):
    ada = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada")
    grace = PresenterFactory(conference=conference, name="Grace Hopper", slug="grace")
    return {
        "engines": SessionFactory(
            conference=conference, title="Analytical Engines", slug="engines", with_presenters=[ada]
        ),
        "compilers": SessionFactory(
            conference=conference,
            title="Compilers for Everyone",
            slug="compilers",
            with_presenters=[grace],
        ),
    }


def decide(client, action: str, *videos):
    return client.post(
        changelist_url(Video),
        {"action": action, "_selected_action": [video.pk for video in videos]},
        follow=True,
    )


@pytest.mark.django_db
def test_import_page_proposes_and_confirms_above_the_threshold(
    superuser_client, conference, programme
):
    response = superuser_client.post(
        reverse("admin:replays_video_import"),
        {
            "conference": conference.pk,
            "playlist": SimpleUploadedFile("playlist.csv", CSV, content_type="text/csv"),
            "confirm_above": "0.9",
        },
    )

    assert response.status_code == 200
    assert response.context["report"].lines() == [
        "1.00  Analytical Engines | DjangoCon US 2024 → Analytical Engines [confirmed]",
        "0.72  Compilers for all of us - Grace Hopper → Compilers for Everyone [proposed]",
        "   —  Our sponsors → (no match)",
    ]
    assert dict(Video.objects.values_list("video_id", "status")) == {
        "aaaaaaaaaaa": "confirmed",
        "bbbbbbbbbbb": "proposed",
        "ccccccccccc": "unmatched",
    }


@pytest.mark.django_db
def test_import_page_names_the_bad_line(superuser_client, conference):
    response = superuser_client.post(
        reverse("admin:replays_video_import"),
        {
            "conference": conference.pk,
            "playlist": SimpleUploadedFile("list.csv", b"title,url\nA,https://a.example\nB,x\n"),
        },
    )

    assert response.context["form"].errors["playlist"] == [
        "list.csv: line 3: 'x' is not a URL (http:// or https://)"
    ]
    assert Video.objects.count() == 0


@pytest.mark.django_db
def test_staff_without_permission_cannot_import(staff_client, conference):
    assert staff_client.get(reverse("admin:replays_video_import")).status_code == 403


@pytest.mark.django_db
def test_confirm_and_reject_actions(superuser_client, conference, programme):
    import_playlist(conference, CSV)
    engines, compilers = Video.objects.exclude(session=None).order_by("position")

    confirmed = decide(superuser_client, "confirm_selected", engines, compilers)
    rejected = decide(superuser_client, "reject_selected", compilers)

    assert [str(m) for m in confirmed.context["messages"]] == ["Confirmed 2 videos."]
    assert [str(m) for m in rejected.context["messages"]] == ["Rejected 1 video."]
    assert dict(conference.sessions.values_list("slug", "video_url")) == {
        "engines": "https://youtu.be/aaaaaaaaaaa",
        "compilers": "",
    }


@pytest.mark.django_db
def test_confirming_a_video_without_session_says_so(superuser_client, conference, programme):
    import_playlist(conference, CSV)

    response = decide(
        superuser_client, "confirm_selected", Video.objects.get(video_id="ccccccccccc")
    )

    assert [str(m) for m in response.context["messages"]] == [
        "“Our sponsors” has no session to confirm."
    ]


@pytest.mark.django_db
def test_organizer_corrects_the_session_and_confirms(superuser_client, conference, programme):
    import_playlist(conference, CSV, confirm_above=0.9)
    wrong = Video.objects.get(video_id="aaaaaaaaaaa")  # confirmed for engines
    url = reverse("admin:replays_video_change", args=[wrong.pk])

    response = superuser_client.post(
        url, {"session": programme["compilers"].pk, "confirm": "on"}, follow=True
    )

    assert response.status_code == 200
    wrong.refresh_from_db()
    assert (wrong.session.slug, wrong.status, wrong.confidence) == ("compilers", "confirmed", None)
    assert dict(conference.sessions.values_list("slug", "video_url")) == {
        "engines": "",
        "compilers": "https://youtu.be/aaaaaaaaaaa",
    }


@pytest.mark.django_db
def test_report_lists_waiting_videos_and_sessions_without_video(
    superuser_client, conference, programme
):
    import_playlist(conference, CSV, confirm_above=0.9)

    response = superuser_client.get(reverse("admin:replays_video_report", args=[conference.pk]))

    assert [v.title for v in response.context["waiting"]] == [
        "Compilers for all of us - Grace Hopper",
        "Our sponsors",
    ]
    assert [s.title for s in response.context["sessions"]] == ["Compilers for Everyone"]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 50])
def test_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, rows
):
    sessions = SessionFactory.create_batch(rows, conference=conference)
    Video.objects.bulk_create(
        Video(
            conference=conference,
            video_id=f"v{n}",
            title=f"Video {n}",
            url=f"https://v.example/{n}",
            session=session,
            confidence=0.5,
            status="proposed",
            position=n,
        )
        for n, session in enumerate(sessions)
    )

    with django_assert_num_queries(8):
        response = superuser_client.get(changelist_url(Video))

    assert response.status_code == 200
