"""import_videos, re-imports, confirming and rejecting; videos reach the page and exports."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from lxml import etree

from hallway.program.signals import session_media_published
from hallway.replays.models import Video
from hallway.replays.services import confirm_video, import_playlist, reject_video
from tests.factories import ConferenceFactory, PresenterFactory, SessionFactory
from tests.html import attrs, parse, texts


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


CSV = (
    "title,url\n"
    "Analytical Engines | DjangoCon US 2024,https://youtu.be/aaaaaaaaaaa\n"
    "Compilers for all of us - Grace Hopper,https://youtu.be/bbbbbbbbbbb\n"
    "Our sponsors,https://youtu.be/ccccccccccc\n"
)


@pytest.mark.django_db
def test_command_prints_proposals_and_confirms_above_the_threshold(programme, tmp_path):
    playlist = tmp_path / "playlist.csv"
    playlist.write_text(CSV)
    out = StringIO()

    call_command(
        "import_videos",
        str(playlist),
        "--slug",
        "djangocon-us-2024",
        "--confirm-above",
        "0.99",
        stdout=out,
    )

    assert out.getvalue().splitlines() == [
        "1.00  Analytical Engines | DjangoCon US 2024 → Analytical Engines [confirmed]",
        "0.72  Compilers for all of us - Grace Hopper → Compilers for Everyone [proposed]",
        "   —  Our sponsors → (no match)",
        "csv playlist: 3 new video(s), 2 matched, 1 confirmed, 1 without a match; 0 already "
        "imported, 0 private or deleted left out.",
        "Videos without a session:",
        "  Our sponsors (https://youtu.be/ccccccccccc)",
        "Sessions without a video:",
        "  Compilers for Everyone",
    ]
    programme["engines"].refresh_from_db()
    assert programme["engines"].video_url == "https://youtu.be/aaaaaaaaaaa"


@pytest.mark.django_db
def test_command_errors_name_the_file_and_line(programme, tmp_path):
    playlist = tmp_path / "playlist.csv"
    playlist.write_text("title,url\nEngines,https://youtu.be/aaaaaaaaaaa\nBroken,nowhere\n")

    with pytest.raises(CommandError) as error:
        call_command("import_videos", str(playlist), "--slug", "djangocon-us-2024")

    assert str(error.value) == (
        f"{playlist}: line 3: 'nowhere' is not a URL (http:// or https://) (nothing was imported)."
    )
    assert Video.objects.count() == 0


@pytest.mark.django_db
def test_command_refuses_a_threshold_outside_0_1(programme, tmp_path):
    playlist = tmp_path / "playlist.csv"
    playlist.write_text(CSV)

    with pytest.raises(CommandError) as error:
        call_command(
            "import_videos", str(playlist), "--slug", "djangocon-us-2024", "--confirm-above", "2"
        )

    assert "'2' is not a confidence between 0 and 1" in str(error.value)


@pytest.mark.django_db
def test_reimport_adds_only_what_is_new(conference, programme):
    first = import_playlist(conference, CSV.encode())
    confirm_video(Video.objects.get(video_id="aaaaaaaaaaa"))
    reject_video(Video.objects.get(video_id="bbbbbbbbbbb"))
    longer = CSV + "Lightning talks,https://youtu.be/ddddddddddd\n"

    second = import_playlist(conference, longer.encode())

    assert (len(first.created), len(second.created), second.known) == (3, 1, 3)
    assert [v.video_id for v in second.created] == ["ddddddddddd"]
    assert dict(Video.objects.values_list("video_id", "status")) == {
        "aaaaaaaaaaa": "confirmed",
        "bbbbbbbbbbb": "rejected",
        "ccccccccccc": "unmatched",
        "ddddddddddd": "unmatched",
    }
    assert Video.objects.get(video_id="ddddddddddd").position == 3


@pytest.mark.django_db
def test_new_video_never_takes_a_session_that_has_one(conference, programme):
    import_playlist(conference, CSV.encode(), confirm_above=0.9)

    again = import_playlist(
        conference, b"title,url\nAnalytical Engines (again),https://youtu.be/eeeeeeeeeee\n"
    )

    assert again.created[0].session is None


@pytest.mark.django_db
def test_confirm_refuses_a_second_video_for_a_session(conference, programme):
    import_playlist(conference, CSV.encode(), confirm_above=0.9)
    other = Video.objects.get(video_id="ccccccccccc")

    with pytest.raises(ValidationError) as error:
        confirm_video(other, session=programme["engines"])

    assert error.value.messages == [
        "“Analytical Engines” already has the confirmed video “Analytical Engines | DjangoCon "
        "US 2024”; reject it first."
    ]


@pytest.mark.django_db
def test_confirm_refuses_a_session_of_another_conference(conference, programme):
    import_playlist(conference, CSV.encode())
    elsewhere = SessionFactory(conference=ConferenceFactory(slug="pycon"), title="Elsewhere")

    with pytest.raises(ValidationError) as error:
        confirm_video(Video.objects.get(video_id="ccccccccccc"), session=elsewhere)

    assert error.value.messages == ["“Elsewhere” is a session of another conference."]


@pytest.mark.django_db
def test_reject_takes_a_confirmed_video_off_the_session(conference, programme):
    import_playlist(conference, CSV.encode(), confirm_above=0.9)

    reject_video(Video.objects.get(video_id="aaaaaaaaaaa"))

    programme["engines"].refresh_from_db()
    assert programme["engines"].video_url == ""


@pytest.mark.django_db
def test_confirm_announces_the_video_after_commit(
    conference, programme, django_capture_on_commit_callbacks
):
    sent = []

    def receiver(sender, **kwargs):
        sent.append((sender.__name__, kwargs["session"].slug, kwargs["kind"], kwargs["url"]))

    session_media_published.connect(receiver, dispatch_uid="test-replays")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            import_playlist(conference, CSV.encode(), confirm_above=0.99)
    finally:
        session_media_published.disconnect(dispatch_uid="test-replays")

    assert sent == [("Video", "engines", "video", "https://youtu.be/aaaaaaaaaaa")]


@pytest.mark.django_db
def test_confirmed_video_on_the_page_and_in_the_exports(client, conference, programme):
    import_playlist(conference, CSV.encode(), confirm_above=0.99)
    url = "https://youtu.be/aaaaaaaaaaa"

    page = parse(client.get(programme["engines"].get_absolute_url()))
    xml = etree.fromstring(client.get("/djangocon-us-2024/schedule.xml").content)
    schedule = json.loads(client.get("/djangocon-us-2024/schedule.json").content)
    ics = client.get("/djangocon-us-2024/schedule/engines.ics").content.decode()
    api = client.get(f"/api/conferences/djangocon-us-2024/sessions/{programme['engines'].guid}/")

    assert attrs(page, "//ul[@class='actions']/li/a[@class='button']", "href") == [url]
    assert texts(page, "//ul[@class='actions']/li/a[@class='button']") == ["Watch the video"]
    event = xml.find(".//event[slug]/title[.='Analytical Engines']/..")
    assert event.findtext("recording/url") == url
    assert event.findtext("recording/optout") == "false"
    assert [link.get("href") for link in event.findall("links/link")] == [url]
    events = [
        e
        for day in schedule["schedule"]["conference"]["days"]
        for room in day["rooms"].values()
        for e in room
    ]
    engines = next(e for e in events if e["title"] == "Analytical Engines")
    assert engines["links"] == [{"url": url, "title": "Video", "type": "media"}]
    assert f"Video: {url}" in ics.replace("\r\n ", "")
    assert api.json()["video_url"] == url
