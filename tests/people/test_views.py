import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from PIL import Image

from tests.factories import (
    NEW_YORK,
    OrganizerFactory,
    PresenterFactory,
    RoomFactory,
    SessionFactory,
)
from tests.html import parse, select, text
from tests.program.bulk import build_programme, without_page_cache

pytestmark = pytest.mark.django_db


def jpeg(width: int = 640, height: int = 480) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile("ada.jpeg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def ada(conference):
    presenter = PresenterFactory(
        conference=conference, name="Ada Lovelace", slug="ada", company="Engines", photo=jpeg()
    )
    conference.refresh_from_db()
    return presenter


def test_presenter_list_shows_lazy_sized_thumbnails(client, conference, ada):
    PresenterFactory(conference=conference, name="Hidden Person", is_hidden=True)
    conference.refresh_from_db()

    page = parse(client.get("/djangocon-us-2024/presenters/"))

    assert [text(n) for n in select(page, ".people-grid__name")] == ["Ada Lovelace"]
    (img,) = select(page, ".people-grid img")
    version = conference.version
    assert img.get("src") == f"/djangocon-us-2024/presenters/ada/photo-180.webp?v={version}"
    assert img.get("srcset") == (
        f"/djangocon-us-2024/presenters/ada/photo-180.webp?v={version} 1x, "
        f"/djangocon-us-2024/presenters/ada/photo-360.webp?v={version} 2x"
    )
    assert (img.get("width"), img.get("height")) == ("180", "180")
    assert (img.get("loading"), img.get("decoding"), img.get("alt")) == ("eager", "async", "")


def test_presenter_photos_below_the_first_rows_load_lazily(client, conference):
    for n in range(10):
        PresenterFactory(conference=conference, name=f"Person {n:02}", photo=jpeg(20, 20))

    page = parse(client.get("/djangocon-us-2024/presenters/"))

    loading = [img.get("loading") for img in select(page, ".people-grid img")]
    assert loading == ["eager"] * 8 + ["lazy"] * 2


def test_presenter_without_photo_gets_initials(client, conference):
    PresenterFactory(conference=conference, name="Grace Hopper", slug="grace")

    page = parse(client.get("/djangocon-us-2024/presenters/"))

    assert text(select(page, ".avatar--initials")[0]) == "GH"


def test_missing_thumbnail_falls_back_to_the_photo_and_is_queued_once(
    client, conference, ada, settings, run_tasks
):
    thumb = settings.MEDIA_ROOT / "conferences/djangocon-us-2024/thumbs/presenters/ada-180.webp"

    first = client.get("/djangocon-us-2024/presenters/ada/photo-180.webp")
    b"".join(
        client.get("/djangocon-us-2024/presenters/ada/photo-96.webp").streaming_content
    )  # read to the end, as a browser would

    original = Image.open(io.BytesIO(b"".join(first.streaming_content)))
    assert (first.status_code, original.format, original.size) == (200, "JPEG", (640, 480))
    assert first["Cache-Control"] == "public, max-age=60"
    assert not thumb.exists()
    assert DBTaskResult.objects.count() == 1  # one task makes every size, queued once
    run_tasks()
    assert thumb.is_file()


def test_presenter_photo_is_a_square_webp_once_made(client, conference, ada, run_tasks):
    b"".join(
        client.get("/djangocon-us-2024/presenters/ada/photo-180.webp").streaming_content
    )  # read to the end, as a browser would
    run_tasks()

    response = client.get("/djangocon-us-2024/presenters/ada/photo-180.webp")

    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (response["Content-Type"], image.format, image.size) == (
        "image/webp",
        "WEBP",
        (180, 180),
    )
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_presenter_photo_only_in_known_sizes(client, ada):
    assert client.get("/djangocon-us-2024/presenters/ada/photo-1000.webp").status_code == 404


def test_presenter_detail_lists_sessions_with_local_times(client, conference, ada):
    room = RoomFactory(conference=conference, name="Junior Ballroom")
    SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        room=room,
        start=dt.datetime(2024, 9, 23, 23, 30, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 23, 55, tzinfo=NEW_YORK),
        with_presenters=[ada],
    )

    page = parse(client.get("/djangocon-us-2024/presenters/ada/"))

    assert [text(h) for h in select(page, "h1")] == ["Ada Lovelace"]
    (item,) = select(page, ".session-list__item")
    assert select(item, "a")[0].get("href") == "/djangocon-us-2024/talks/error-culture/"
    assert text(select(item, "time")[0]) == "Mon 23 Sep, 11:30 PM"
    assert text(select(item, ".session-list__meta")[0]) == "Mon 23 Sep, 11:30 PM · Junior Ballroom"


def test_presenter_detail_shares_its_card(client, conference, ada):
    page = parse(client.get("/djangocon-us-2024/presenters/ada/"))
    card = client.get("/djangocon-us-2024/presenters/ada/card.png")

    meta = {m.get("property") or m.get("name"): m.get("content") for m in select(page, "meta")}
    assert meta["og:image"] == (
        f"http://testserver/djangocon-us-2024/presenters/ada/card.png?v={conference.version}"
    )
    assert meta["og:type"] == "profile"
    assert Image.open(io.BytesIO(card.content)).size == (1200, 630)


def test_hidden_presenter_has_no_page(client, conference):
    PresenterFactory(conference=conference, slug="ghost", is_hidden=True)

    assert client.get("/djangocon-us-2024/presenters/ghost/").status_code == 404
    assert client.get("/djangocon-us-2024/presenters/ghost/card.png").status_code == 404


def test_organizer_list_shows_listed_organizers_in_order(client, conference):
    OrganizerFactory(conference=conference, name="Second", position=2)
    OrganizerFactory(conference=conference, name="First", position=1, github="first")
    OrganizerFactory(conference=conference, name="Hidden", is_hidden=True)

    page = parse(client.get("/djangocon-us-2024/organizers/"))

    assert [text(h) for h in select(page, "h1")] == ["Organizers"]
    assert [text(n) for n in select(page, ".people-grid__name")] == ["First", "Second"]
    assert text(select(page, ".social__link")[0]) == "First on GitHub"


@pytest.mark.parametrize("size", [10, 1000])
def test_presenter_list_queries_are_constant(
    client, conference, django_assert_num_queries, size, settings
):
    without_page_cache(settings)
    build_programme(conference, size)

    # Host, language (the conference's, for ConferenceLocaleMiddleware), conference, presenters.
    with django_assert_num_queries(4):
        response = client.get("/djangocon-us-2024/presenters/")

    assert response.status_code == 200


def test_signed_in_visitors_share_the_presenter_list_fragment(
    client, conference, django_assert_num_queries, django_user_model, settings
):
    without_page_cache(settings)
    build_programme(conference, 10)
    client.force_login(django_user_model.objects.create_user("ann", password="unused-password"))
    client.get("/djangocon-us-2024/presenters/")

    # The conference, the user (and the session row without Redis): no presenters.
    with django_assert_num_queries(2 + settings.SESSION_ENGINE.endswith(".db")):
        page = parse(client.get("/djangocon-us-2024/presenters/"))

    assert len(select(page, ".people-grid__name")) == 10


@pytest.mark.parametrize("size", [10, 1000])
def test_presenter_detail_queries_are_constant(
    client, conference, django_assert_num_queries, size, settings
):
    without_page_cache(settings)
    build_programme(conference, size)

    # Host, language, conference, presenter, their sessions with rooms.
    with django_assert_num_queries(5):
        response = client.get("/djangocon-us-2024/presenters/speaker-3/")

    assert response.status_code == 200


def test_organizer_photo_is_served_as_a_thumbnail(client, conference, run_tasks):
    OrganizerFactory(conference=conference, slug="org", photo=jpeg(300, 600))
    b"".join(
        client.get("/djangocon-us-2024/organizers/org/photo-96.webp").streaming_content
    )  # read to the end, as a browser would
    run_tasks()

    response = client.get("/djangocon-us-2024/organizers/org/photo-96.webp")

    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.size == (96, 96)


def test_unreadable_photo_is_404_not_an_error(client, conference, settings):
    presenter = PresenterFactory(conference=conference, slug="broken", photo=jpeg())
    presenter.photo.storage.delete(presenter.photo.name)

    assert client.get("/djangocon-us-2024/presenters/broken/photo-180.webp").status_code == 404


def test_presenter_list_before_announcement(client, conference):
    page = parse(client.get("/djangocon-us-2024/presenters/"))

    assert text(select(page, ".people-grid li")[0]) == "The presenters have not been announced yet."
