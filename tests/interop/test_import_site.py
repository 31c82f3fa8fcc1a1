"""import_site on a small synthetic site: what maps to what, idempotency, URLs, updates."""

import datetime as dt
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from PIL import Image

from hallway.conferences.models import Conference, Redirect
from hallway.content.models import Page, Place, Post, Sponsor, SponsorLevel
from hallway.interop.site import import_site
from hallway.people.models import Organizer, Presenter
from hallway.program.models import Session
from tests.html import attrs, parse, texts
from tests.interop.site_builder import COUNTS, PERMALINKS, build_site, image_bytes

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
SLUG = "example-2030"


def read(field_file) -> bytes:
    with field_file.open("rb") as file:
        return file.read()


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def content(tmp_path) -> Path:
    return build_site(tmp_path / "site")


@pytest.fixture
def imported(db, content) -> Conference:
    import_site(content, slug=SLUG, publish=True)
    return Conference.objects.get(slug=SLUG)


def test_import_site_creates_the_conference_from_site_json(imported):
    assert imported.name == "Example 2030"
    assert imported.time_zone == "America/New_York"
    assert imported.phase == Conference.Phase.LIVE
    assert imported.website_url == "https://2030.example.org"
    assert imported.starts_on == dt.date(2030, 9, 22)
    assert imported.ends_on == dt.date(2030, 9, 26)
    assert imported.links == {
        "tickets": "https://tickets.example.org/",
        "social": {"mastodon": "https://fosstodon.org/@example"},
    }


def test_import_site_counts_match_the_content(imported):
    assert imported.sessions.count() == COUNTS["sessions"]
    assert imported.presenters.count() == COUNTS["presenters"]
    assert imported.organizers.count() == COUNTS["organizers"]
    assert imported.sponsors.count() == COUNTS["sponsors"]
    assert imported.posts.count() == COUNTS["posts"]
    assert imported.places.count() == COUNTS["places"]
    assert list(imported.pages.values_list("slug", flat=True)) == ["catering-menus", "hackathon"]
    assert list(imported.sponsor_levels.values_list("name", "position")) == [
        ("Gold", 0),
        ("Community", 1),
    ]


def test_import_site_session_kinds_slugs_and_links(imported):
    sessions = {s.source_key: s for s in imported.sessions.select_related("room", "track")}
    keynote = sessions["schedule/talks/keynote-ada-lovelace.md"]
    assert (keynote.kind, keynote.slug, keynote.level) == ("keynote", "keynote-monday", "All")
    talk = sessions["schedule/talks/error-culture.md"]
    assert talk.kind == "talk"
    assert talk.abstract == "Alerts nobody reads."
    assert talk.video_url == "https://youtu.be/abc"
    assert talk.start == dt.datetime(2030, 9, 23, 11, 30, tzinfo=NEW_YORK)
    assert (talk.room.name, talk.track.slug, talk.track.name) == (
        "Junior Ballroom",
        "t0",
        "Track 1",
    )
    assert sorted(talk.tags.values_list("name", flat=True)) == ["career", "testing"]
    tutorial = sessions["schedule/tutorials/first-api.md"]
    assert tutorial.kind == "tutorial"
    assert tutorial.title == "path('/user/<name>/')"
    assert tutorial.room.slug == "meeting-room-1-2"
    manual = {
        s.slug: (s.kind, s.link_url, s.has_page)
        for s in sessions.values()
        if s.source_key.startswith("schedule/manual.yaml#")
    }
    assert manual == {
        "lunch-2030-09-23": ("meal", "/catering-menus/#monday-lunch", False),
        "registration-2030-09-23": ("registration", "", False),
        "contribution-sprints-2030-09-26": ("sprint", "", True),
        "break-snacks-available-2030-09-23": (
            "break",
            "/catering-menus/#monday-morning-break",
            False,
        ),
        "break-snacks-available-2030-09-23-2": (
            "break",
            "/catering-menus/#monday-afternoon-break",
            False,
        ),
        "hackathon-presentations-2030-09-26": ("other", "/hackathon/", False),
    }


def test_import_site_keeps_presenter_order(imported):
    tutorial = imported.sessions.with_people().get(slug="first-api")
    assert [p.slug for p in tutorial.ordered_presenters] == ["bob-babbage", "ada-lovelace"]


def test_import_site_presenters_photos_and_social(imported):
    ada = imported.presenters.get(slug="ada-lovelace")
    # The file is called .png but holds a JPEG: stored under its real type.
    assert ada.photo.name.startswith(f"conferences/{SLUG}/presenters/ada-lovelace.")
    assert ada.photo.name.endswith(".jpg")
    assert read(ada.photo) == image_bytes("JPEG")
    assert (ada.company, ada.bio, ada.github, ada.twitter) == (
        "Analytical Engines",
        "Writes programs for engines.",
        "ada",
        "ada",
    )
    assert ada.mastodon == "https://fosstodon.org/@ada"
    bob = imported.presenters.get(slug="bob-babbage")
    assert (bob.photo.name, bob.role, bob.is_hidden) == ("", "Tutorials chair", False)


def test_import_site_organizers(imported):
    carol, dan = imported.organizers.order_by("slug")
    # carol.jpg is missing from organizers/ and found in presenters/.
    assert read(carol.photo) == image_bytes("JPEG", "#b8471a")
    assert carol.linkedin == "https://www.linkedin.com/in/carol/"
    assert (carol.role, carol.position, carol.is_hidden) == ("Chair, Venue", 0, False)
    assert (dan.is_hidden, dan.position) == (True, 1)
    assert list(Organizer.objects.listed().values_list("slug", flat=True)) == ["carol-host"]


def test_import_site_sponsors(imported):
    acme = imported.sponsors.get(slug="acme")
    assert acme.logo.name.endswith(".svg")
    assert (acme.level.name, acme.hiring_url, acme.url, acme.url_label) == (
        "Gold",
        "",
        "https://acme.example.org/",
        "acme.example.org",
    )
    assert acme.added_on == dt.date(2030, 5, 6)
    assert acme.description == "Makes everything."
    hidden = imported.sponsors.get(slug="hidden-co")
    assert (hidden.is_hidden, hidden.logo_orientation) == (True, "portrait")
    assert list(imported.sponsors.listed().values_list("slug", flat=True)) == ["acme"]


def test_import_site_posts(imported):
    post = imported.posts.get()
    # A naive time is wall-clock time at the conference.
    assert post.published_at == dt.datetime(2025, 3, 9, 6, 0, tzinfo=NEW_YORK)
    assert post.excerpt == "First paragraph."
    assert read(post.cover) == image_bytes("JPEG", "#7fd1a8")
    assert post.cover_alt == "A hello"
    assert "<!-- excerpt -->" not in post.body
    inline = next(name for name in media_files() if "/posts/crowd." in name)
    # {{ site.key }} is what Eleventy renders: the value from _data/site.json.
    assert post.body == (
        f"First paragraph.\n\nMore, with a picture: ![Crowd]({settings.MEDIA_URL}{inline})"
        "\n\n[Buy a ticket](https://tickets.example.org/) for 2030."
        "\nLiquid: {{ site.anything }}"
    )


def test_import_site_places(imported):
    place = imported.places.get()
    assert (place.name, place.address, place.distance) == (
        "Cocoa",
        "420 W. Geer Street",
        "6 blocks (0.5 miles) away",
    )
    assert place.description == "Coffee, from the front matter."
    assert place.map_url == "https://maps.example.org/cocoa"
    assert place.photo.name.endswith(".jpg")


def test_import_site_generates_pages_for_linked_anchors(imported, client):
    page = imported.pages.get(slug="catering-menus")
    assert page.title == "Catering menus"
    assert page.source_key == "permalink:/catering-menus/"
    response = client.get(f"/{SLUG}/catering-menus/")
    assert response.status_code == 200
    assert attrs(parse(response), "//div[@class='page__body prose']//*[@id]", "id") == [
        "monday-morning-break",
        "monday-lunch",
        "monday-afternoon-break",
    ]


@pytest.mark.parametrize("permalink", PERMALINKS)
def test_import_site_every_permalink_answers(imported, client, permalink):
    response = client.get(f"/{SLUG}{permalink.partition('#')[0]}", follow=True)
    assert response.status_code == 200


def test_import_site_presenter_without_permalink_gets_a_page(imported, client):
    assert client.get(f"/{SLUG}/presenters/bob-babbage/").status_code == 200


def test_import_site_hidden_sponsor_is_not_on_the_sponsor_page(imported, client):
    response = client.get(f"/{SLUG}/sponsors/")
    assert texts(parse(response), "//h3[@class='sponsor__name']") == ["ACME"]
    assert "Hidden Co" not in response.content.decode()


def test_import_site_second_run_changes_nothing(imported, content):
    before_files = media_files()
    stamps = {
        model: list(model.objects.order_by("pk").values_list("pk", "updated_at"))
        for model in (Session, Presenter, Post, Page)
    }
    names = list(Presenter.objects.order_by("pk").values_list("photo", flat=True))
    version = imported.version

    report = import_site(content, slug=SLUG)

    assert report.changes == 0
    assert report.kinds["sessions"].unchanged == COUNTS["sessions"]
    assert media_files() == before_files
    assert list(Presenter.objects.order_by("pk").values_list("photo", flat=True)) == names
    for model, values in stamps.items():
        assert list(model.objects.order_by("pk").values_list("pk", "updated_at")) == values
    imported.refresh_from_db()
    assert imported.version == version


def test_import_site_updates_only_what_changed(
    imported, content, django_capture_on_commit_callbacks
):
    talk = content / "schedule/talks/error-culture.md"
    talk.write_text(
        talk.read_text().replace("title: Error Culture", "title: Error Culture, Revisited")
    )
    (content / "presenters/ada.png").write_bytes(image_bytes("PNG", "#ffffff"))
    old_photo = Presenter.objects.get(slug="ada-lovelace").photo.name

    with django_capture_on_commit_callbacks(execute=True):
        report = import_site(content, slug=SLUG)

    assert (report.kinds["sessions"].updated, report.kinds["sessions"].unchanged) == (1, 8)
    assert (report.kinds["presenters"].updated, report.kinds["presenters"].unchanged) == (1, 1)
    assert report.changes == 2
    assert Session.objects.get(slug="error-culture").title == "Error Culture, Revisited"
    new_photo = Presenter.objects.get(slug="ada-lovelace").photo.name
    assert new_photo.endswith(".png")
    assert old_photo not in media_files()
    assert new_photo in media_files()


def test_import_site_changed_presenters_and_tags_count_as_updates(imported, content):
    tutorial = content / "schedule/tutorials/first-api.md"
    text = tutorial.read_text().replace(
        "- bob-babbage\n- ada-lovelace", "- ada-lovelace\n- bob-babbage"
    )
    tutorial.write_text(text.replace("tags: [api]", "tags: [api, rest]"))

    report = import_site(content, slug=SLUG)

    assert report.kinds["sessions"].updated == 1
    assert report.kinds["tags"].created == 1
    session = Session.objects.with_people().get(slug="first-api")
    assert [p.slug for p in session.ordered_presenters] == ["ada-lovelace", "bob-babbage"]
    assert sorted(session.tags.values_list("slug", flat=True)) == ["api", "rest"]


def test_import_site_removes_sessions_that_left_the_content(imported, content):
    (content / "schedule/talks/error-culture.md").unlink()

    report = import_site(content, slug=SLUG)

    assert report.kinds["sessions"].removed == 1
    assert not Session.objects.filter(slug="error-culture").exists()
    assert Session.objects.count() == COUNTS["sessions"] - 1


def test_import_site_hides_other_items_that_left_the_content(imported, content):
    (content / "places/cocoa.md").unlink()

    report = import_site(content, slug=SLUG)

    assert report.kinds["places"].removed == 1
    assert list(Place.objects.values_list("slug", "is_hidden")) == [("cocoa", True)]


def test_import_site_redirects_a_renamed_session(imported, content, client):
    talk = content / "schedule/talks/error-culture.md"
    talk.write_text(talk.read_text().replace("/talks/error-culture/", "/talks/error-culture-2/"))

    import_site(content, slug=SLUG)

    assert list(Redirect.objects.values_list("old_path", "new_path")) == [
        ("/talks/error-culture/", "/talks/error-culture-2/")
    ]
    response = client.get(f"/{SLUG}/talks/error-culture/")
    assert response.status_code == 301
    assert response["Location"] == f"/{SLUG}/talks/error-culture-2/"


def test_import_site_redirects_a_permalink_in_another_section(db, content, client):
    tutorial = content / "schedule/tutorials/first-api.md"
    tutorial.write_text(tutorial.read_text().replace("/tutorials/first-api/", "/talks/first-api/"))

    import_site(content, slug=SLUG, publish=True)

    assert list(Redirect.objects.values_list("old_path", "new_path")) == [
        ("/talks/first-api/", "/tutorials/first-api/")
    ]
    assert client.get(f"/{SLUG}/talks/first-api/", follow=True).status_code == 200


def test_import_site_leaves_a_hand_written_page_alone(db, content):
    conference = Conference.objects.create(
        name="Example", slug=SLUG, starts_on=dt.date(2030, 9, 22), ends_on=dt.date(2030, 9, 26)
    )
    Page.objects.create(conference=conference, slug="hackathon", title="Hack!", body="Ours.")

    import_site(content, slug=SLUG)

    assert list(conference.pages.values_list("slug", "source_key")) == [
        ("catering-menus", "permalink:/catering-menus/"),
        ("hackathon", ""),
    ]
    assert conference.pages.get(slug="hackathon").body == "Ours."
    conference.refresh_from_db()
    assert conference.name == "Example"


def test_import_site_name_option_renames(imported, content):
    import_site(content, slug=SLUG, name="Example Con 2030")

    imported.refresh_from_db()
    assert imported.name == "Example Con 2030"


def test_import_site_command_prints_a_summary(db, content):
    out = StringIO()

    call_command("import_site", str(content), "--slug", SLUG, stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "conference: 1 created, 0 updated, 0 unchanged"
    assert "sessions: 9 created, 0 updated, 0 unchanged" in lines
    assert lines[-1] == f"Imported Example 2030 at /{SLUG}/"
    assert SponsorLevel.objects.count() == 2
    assert Sponsor.objects.count() == 2
    assert Post.objects.count() == 1


def test_import_site_command_second_run_says_up_to_date(db, content):
    call_command("import_site", str(content), "--slug", SLUG, stdout=StringIO())
    out = StringIO()

    call_command("import_site", str(content), "--slug", SLUG, stdout=out)

    assert out.getvalue().splitlines()[-1] == f"Already up to date: Example 2030 at /{SLUG}/"


def test_import_site_second_run_costs_a_constant_number_of_queries(
    imported, content, django_assert_num_queries
):
    # The same count as for the 96 sessions of DjangoCon US 2024 (test_import_site_djangocon).
    with django_assert_num_queries(22):
        import_site(content, slug=SLUG)


def test_import_site_post_images_are_served(imported, client):
    post = imported.posts.get()
    inline = next(name for name in media_files() if "/posts/crowd." in name)

    page = parse(client.get(f"/{SLUG}/news/hello-world/"))

    assert attrs(page, "//div[@class='post__body prose']//img", "src") == [
        f"{settings.MEDIA_URL}{inline}"
    ]
    response = client.get(f"{settings.MEDIA_URL}{inline}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image_bytes("PNG", "#1d221f")
    cover = client.get(post.cover.url)
    assert (cover.status_code, cover["Content-Type"]) == (200, "image/jpeg")
    cover.close()


def test_import_site_finds_site_json_next_to_the_content_folder(db, content):
    # The layout of an Eleventy repository: src/_data/site.json beside src/_content/.
    (content.parent / "_data").mkdir()
    (content / "_data/site.json").rename(content.parent / "_data/site.json")

    report = import_site(content, slug=SLUG)

    assert report.conference.website_url == "https://2030.example.org"
    assert report.conference.sessions.count() == COUNTS["sessions"]


def test_import_site_logs_a_moved_session_as_its_own_change(imported, content):
    talk = content / "schedule/talks/error-culture.md"
    talk.write_text(
        talk.read_text()
        .replace(
            "start_datetime: 2030-09-23 11:30:00-04:00", "start_datetime: 2030-09-23 14:00:00-04:00"
        )
        .replace(
            "end_datetime: 2030-09-23 11:55:00-04:00", "end_datetime: 2030-09-23 14:25:00-04:00"
        )
    )

    import_site(content, slug=SLUG)

    change = imported.schedule_changes.get()
    assert (change.session.slug, change.kind, change.source) == (
        "error-culture",
        "retimed",
        "import_site",
    )


def thumbnails() -> dict[str, float]:
    """The thumbnail files under MEDIA_ROOT, with their modification times."""
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix(): p.stat().st_mtime for p in root.rglob("thumbs/**/*.*")}


def test_import_site_makes_photo_thumbnails_once_it_commits(
    db, content, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        import_site(content, slug=SLUG)
    assert thumbnails() == {}  # queued for the worker, not made during the import
    run_tasks()

    ada = Presenter.objects.get(conference__slug=SLUG, slug="ada-lovelace")
    carol = Organizer.objects.get(conference__slug=SLUG, slug="carol-host")
    ada_stem, carol_stem = Path(ada.photo.name).stem, Path(carol.photo.name).stem
    made = thumbnails()
    assert {name for name in made if "/presenters/" in name} == {
        f"conferences/{SLUG}/thumbs/presenters/{ada_stem}-{size}.webp"
        for size in (96, 180, 360, 540)
    }
    assert f"conferences/{SLUG}/thumbs/organizers/{carol_stem}-540.webp" in made
    smallest = f"conferences/{SLUG}/thumbs/presenters/{ada_stem}-96.webp"
    with Image.open(Path(settings.MEDIA_ROOT) / smallest) as image:
        assert (image.format, image.size) == ("WEBP", (96, 96))

    with django_capture_on_commit_callbacks(execute=True):
        report = import_site(content, slug=SLUG)
    run_tasks()

    assert report.changes == 0
    assert thumbnails() == made


def test_import_site_thumbnails_wait_for_the_commit(
    db, content, django_capture_on_commit_callbacks
):
    # Inside the test's transaction nothing has committed: a rolled-back import makes none.
    with django_capture_on_commit_callbacks(execute=False):
        import_site(content, slug=SLUG)

    assert thumbnails() == {}
