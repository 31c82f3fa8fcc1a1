"""Untidy site data is read by known conventions or imported in part, and said in the
report; wrong data is an error naming file, line or key and value, and writes nothing."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hallway.conferences.models import Conference
from hallway.content.models import Page, Place, Post
from hallway.interop.site import SiteImportError, import_site
from hallway.people.models import Organizer, Presenter
from hallway.program.models import Session
from tests.interop.site_builder import JEKYLL_ADDRESSES, build_jekyll_site, build_site
from tests.interop.test_import_site_errors import database_state, edit, media_files

SLUG = "example-2030"
TALK = "schedule/talks/error-culture.md"


@pytest.fixture
def content(tmp_path) -> Path:
    return build_site(tmp_path / "site")


@pytest.fixture
def jekyll(tmp_path) -> Path:
    return build_jekyll_site(tmp_path / "old")


def run(content: Path, *args: str) -> list[str]:
    out = StringIO()
    call_command("import_site", str(content), "--slug", SLUG, "--publish", *args, stdout=out)
    return out.getvalue().splitlines()


def notes_of(lines: list[str]) -> list[str]:
    return lines[lines.index(next(line for line in lines if line.startswith("notes: "))) :][:-1]


@pytest.mark.django_db
def test_bare_youtube_id_is_a_youtube_video(content):
    edit(content / TALK, "video_url: 'https://youtu.be/abc'", "video_url: eALdLBOaQS0")

    lines = run(content)

    assert Session.objects.get(slug="error-culture").video_url == "https://youtu.be/eALdLBOaQS0"
    assert notes_of(lines) == [
        "notes: 1",
        "  bare YouTube id read as a YouTube URL (1)",
        f"    {TALK}: video_url: eALdLBOaQS0 -> https://youtu.be/eALdLBOaQS0",
    ]


@pytest.mark.django_db
def test_session_without_end_gets_its_kinds_usual_length(content):
    edit(content / TALK, "end_datetime: 2030-09-23 11:55:00-04:00\n", "")

    lines = run(content, "--strict")  # a note, not a warning: strict imports it too

    talk = Session.objects.get(slug="error-culture")
    assert (talk.end - talk.start).total_seconds() == 30 * 60
    assert notes_of(lines) == [
        "notes: 1",
        "  no end time: given its kind's usual length (1)",
        f"    {TALK}: end_datetime: missing; given 30 minutes, the usual length of a talk",
    ]


@pytest.mark.django_db
def test_session_without_end_takes_the_length_its_kind_has_in_the_programme(content):
    manual = content / "schedule/manual.yaml"
    edit(
        manual,
        "  end_datetime: 2030-09-23 10:30:00-04:00",
        "  end_datetime: 2030-09-23 10:40:00-04:00",
    )
    edit(manual, "  end_datetime: 2030-09-23 15:30:00-04:00\n", "")

    report = import_site(content, slug=SLUG)

    afternoon = Session.objects.get(link_url="/catering-menus/#monday-afternoon-break")
    assert (afternoon.end - afternoon.start).total_seconds() == 40 * 60
    assert [str(n) for n in report.notices] == [
        "schedule/manual.yaml: [4].end_datetime: missing; given 40 minutes, "
        "the usual length of a break in this programme",
    ]


@pytest.mark.django_db
def test_file_without_opening_front_matter_line_is_read_with_a_warning(content):
    path = content / TALK
    path.write_text(path.read_text().removeprefix("---\n"))

    lines = run(content)

    assert Session.objects.get(slug="error-culture").title == "Error Culture"
    start = lines.index("warnings: 1")
    assert lines[start : start + 3] == [
        "warnings: 1",
        "  no opening --- line (1)",
        f"    {TALK}:1: front matter: the file does not start with ---; read the lines "
        "before the first --- as its front matter",
    ]


@pytest.mark.django_db
def test_file_without_opening_front_matter_line_strict_is_an_error(content):
    path = content / TALK
    path.write_text(path.read_text().removeprefix("---\n"))
    before = database_state()

    with pytest.raises(CommandError) as error:
        run(content, "--strict")

    assert str(error.value) == (
        f"Nothing was imported. {TALK}:1: front matter: the file does not start with ---; "
        "read the lines before the first --- as its front matter "
        "(a warning; --strict refuses it)"
    )
    assert database_state() == before


@pytest.mark.django_db
def test_impossible_date_names_file_line_key_and_value(content):
    edit(
        content / TALK,
        "start_datetime: 2030-09-23 11:30:00-04:00",
        "start_datetime: 2030-02-30 11:30:00-04:00",
    )
    before = database_state()

    with pytest.raises(CommandError) as error:
        run(content)

    assert str(error.value) == (
        f"Nothing was imported. {TALK}:3: start_datetime: not a real date and time: "
        "'2030-02-30 11:30:00-04:00' (day is out of range for month)"
    )
    assert database_state() == before
    assert media_files() == set()


@pytest.mark.django_db
def test_impossible_date_in_a_list_names_the_item(content):
    edit(
        content / "schedule/manual.yaml",
        "- start_datetime: 2030-09-23 08:00:00-04:00",
        "- start_datetime: 2030-13-23 08:00:00-04:00",
    )

    with pytest.raises(SiteImportError) as error:
        import_site(content, slug=SLUG)

    assert str(error.value) == (
        "schedule/manual.yaml:7: [1].start_datetime: not a real date and time: "
        "'2030-13-23 08:00:00-04:00' (month must be in 1..12)"
    )


@pytest.mark.django_db
def test_end_in_another_year_is_read_in_the_start_year_with_a_warning(content):
    edit(
        content / TALK,
        "end_datetime: 2030-09-23 11:55:00-04:00",
        "end_datetime: 2029-09-23 11:55:00-04:00",
    )

    report = import_site(content, slug=SLUG)

    talk = Session.objects.get(slug="error-culture")
    assert talk.end.isoformat() == "2030-09-23T15:55:00+00:00"
    assert [str(n) for n in report.warnings] == [
        f"{TALK}: end_datetime: 2029-09-23 11:55 is before the start (2030-09-23 11:30);"
        " read as 2030-09-23 11:55"
    ]


@pytest.mark.django_db
def test_end_before_start_on_another_day_is_an_error(content):
    edit(
        content / TALK,
        "end_datetime: 2030-09-23 11:55:00-04:00",
        "end_datetime: 2030-09-22 11:55:00-04:00",
    )

    with pytest.raises(SiteImportError) as error:
        import_site(content, slug=SLUG)

    assert str(error.value) == (
        f"{TALK}: end_datetime: ends (2030-09-22 11:55) before it starts (2030-09-23 11:30)"
    )
    assert not Conference.objects.filter(slug=SLUG).exists()


@pytest.mark.django_db
def test_report_groups_warnings_with_counts(content):
    (content / "presenters/ada.png").unlink()
    (content / "presenters/carol.jpg").unlink()
    edit(content / TALK, "video_url: 'https://youtu.be/abc'", "video_url: eALdLBOaQS0")

    lines = run(content)

    start = lines.index("warnings: 2")
    assert lines[start:-1] == [
        "warnings: 2",
        "  image file not found (2)",
        "    presenters/ada-lovelace.md: photo: image file not found: presenters/ada.png; "
        "imported without it",
        "    organizers/carol-host.md: photo: image file not found: organizers/carol.jpg "
        "(nor in presenters/); imported without it",
        "notes: 1",
        "  bare YouTube id read as a YouTube URL (1)",
        f"    {TALK}: video_url: eALdLBOaQS0 -> https://youtu.be/eALdLBOaQS0",
    ]
    assert Presenter.objects.get(slug="ada-lovelace").photo.name == ""
    assert Organizer.objects.get(slug="carol-host").photo.name == ""


# -- the Jekyll layout, without ../shared ---------------------------------------------------


@pytest.mark.django_db
def test_jekyll_site_is_detected_and_imported(jekyll):
    report = import_site(jekyll, slug=SLUG)

    conference = Conference.objects.get(slug=SLUG)
    assert (conference.name, conference.website_url, conference.links["tickets"]) == (
        "ExampleCon 2029",
        "https://2029.example.org",
        "https://tickets.example.org/",
    )
    talk = Session.objects.with_people().get(slug="powering-storage")
    assert (talk.kind, talk.abstract, talk.video_url, talk.slides_url) == (
        "talk",
        "The longer description.",
        "https://youtu.be/eALdLBOaQS0",
        "https://2029.example.org/static/slides/ada.pdf",
    )
    assert [p.slug for p in talk.ordered_presenters] == ["ada-lovelace"]
    assert sorted(talk.tags.values_list("name", flat=True)) == ["ORM", "community"]
    lunch = Session.objects.get(title="Lunch")
    assert (lunch.kind, lunch.link_url) == ("meal", "/catering-menus/#monday-lunch")
    sprint = Session.objects.get(kind="sprint")
    assert sprint.end.isoformat() == "2029-10-19T21:00:00+00:00"
    ada = Presenter.objects.get()
    assert (ada.twitter, ada.linkedin, bool(ada.photo)) == (
        "ada",
        "https://www.linkedin.com/in/ada-l/",
        True,
    )
    post = Post.objects.get()
    assert (post.slug, post.author, post.cover_alt) == ("Hello-World", "The Team", "A hello")
    assert "https://tickets.example.org/" in post.body
    assert "/static/img/" not in post.body
    assert dict(Page.objects.values_list("slug", "body")) == {
        "conduct": "Be kind. Write to hello@example.org.",
        "catering-menus": '<h2 id="monday-lunch">Monday lunch</h2>',
        "merch": "This page moved to <https://tickets.example.org/>.",
    }
    assert [str(n) for n in report.warnings] == [
        "_schedule/sprints/2029-10-19-09-00-sprints.md: end_date: 2028-10-19 17:00 is before "
        "the start (2029-10-19 09:00); read as 2029-10-19 17:00"
    ]


@pytest.mark.django_db
def test_jekyll_site_keeps_every_address(jekyll, client):
    import_site(jekyll, slug=SLUG, publish=True)

    statuses = {
        address: client.get(f"/{SLUG}{address}", follow=True).status_code
        for address in JEKYLL_ADDRESSES
    }

    assert statuses == dict.fromkeys(JEKYLL_ADDRESSES, 200)
    old = client.get(f"/{SLUG}/talks/old-name/")
    assert (old.status_code, old["Location"]) == (301, f"/{SLUG}/talks/powering-storage/")
    lunch = client.get(f"/{SLUG}/schedule/2029-10-16-13-20-lunch/")
    assert (lunch.status_code, lunch["Location"]) == (301, f"/{SLUG}/schedule/2029-10-16/")
    talks = client.get(f"/{SLUG}/talks/")
    assert (talks.status_code, talks["Location"]) == (301, f"/{SLUG}/schedule/")


@pytest.mark.django_db
def test_jekyll_site_imports_twice_without_change(jekyll):
    import_site(jekyll, slug=SLUG)
    files = media_files()

    report = import_site(jekyll, slug=SLUG)

    assert report.changes == 0
    assert media_files() == files


@pytest.mark.django_db
def test_jekyll_unknown_presenter_is_an_error(jekyll):
    edit(jekyll / "_schedule/talks/2029-10-16-11-10-t0-old-name.md", "[ada]", "[nobody]")

    with pytest.raises(SiteImportError) as error:
        import_site(jekyll, slug=SLUG)

    assert str(error.value) == (
        "_schedule/talks/2029-10-16-11-10-t0-old-name.md: presenter_slugs: "
        "no presenter with slug 'nobody'"
    )


@pytest.mark.django_db
def test_jekyll_second_import_costs_a_constant_number_of_queries(jekyll, django_assert_num_queries):
    import_site(jekyll, slug=SLUG)

    # The same count as for the 97 sessions of DjangoCon US 2023 (test_import_site_jekyll).
    with django_assert_num_queries(24):
        import_site(jekyll, slug=SLUG)


@pytest.mark.django_db
@pytest.mark.parametrize("placeholder", ["None", "-", "Nill", "n/a"])
def test_placeholder_company_is_dropped_with_a_warning(content, client, placeholder):
    edit(
        content / "presenters/ada-lovelace.md",
        "company: Analytical Engines",
        f"company: '{placeholder}'",
    )

    lines = run(content, "--publish")

    assert Presenter.objects.get(slug="ada-lovelace").company == ""
    start = lines.index("warnings: 1")
    assert lines[start : start + 3] == [
        "warnings: 1",
        "  placeholder company dropped (1)",
        f"    presenters/ada-lovelace.md: company: {placeholder!r} is a placeholder, not a "
        "company; the presenter has none",
    ]


@pytest.mark.django_db
def test_placeholder_company_already_stored_is_hidden_on_pages(client):
    from tests.factories import ConferenceFactory, PresenterFactory

    conference = ConferenceFactory(slug="example-2030")
    PresenterFactory(conference=conference, slug="ada", name="Ada", company="Nill", role="")
    PresenterFactory(conference=conference, slug="bob", name="Bob", company="Acme", role="")

    page = client.get("/example-2030/presenters/ada/").content.decode()
    listing = client.get("/example-2030/presenters/").content.decode()

    assert "Nill" not in page
    assert "Nill" not in listing
    assert listing.count("Acme") == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("front_matter", "category", "note"),
    [
        ("name: Cocoa", "coffee", "none given; coffee (from 'coffee')"),
        ("name: Boxcar Bar & Arcade", "drinks", "none given; drinks (from 'bar')"),
        ("name: 21C Museum, Hotel, and Restaurant", "sight", "none given; sight (from 'museum')"),
        ("name: The Parlour\ncategory: sweets", "sweets", None),
    ],
)
def test_place_category_is_read_from_its_words_when_none_is_given(
    content, front_matter, category, note
):
    edit(content / "places/cocoa.md", 'name: "Cocoa"\ncategory: coffee', front_matter)

    lines = run(content)

    assert Place.objects.get().category == category
    notes = [line.strip() for line in lines]
    expected = f"places/cocoa.md: category: {note}"
    assert (expected in notes) == (note is not None)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "coordinates"),
    [
        ("latitude: 36.002\nlongitude: -78.9016", (36.002, -78.9016)),
        ("lat: 36.002\nlng: -78.9016", (36.002, -78.9016)),
        (
            'map: "https://www.google.com/maps/place/Cocoa/@36.0021,-78.9017,17z"',
            (36.0021, -78.9017),
        ),
        ('map: "https://www.openstreetmap.org/#map=18/36.0022/-78.9018"', (36.0022, -78.9018)),
        ("", (None, None)),
    ],
)
def test_place_coordinates_come_from_front_matter_or_its_map_link(content, extra, coordinates):
    edit(content / "places/cocoa.md", 'map: "https://maps.example.org/cocoa"\n', extra + "\n")

    run(content)

    place = Place.objects.get()
    assert (place.latitude, place.longitude) == coordinates


@pytest.mark.django_db
def test_place_coordinates_out_of_range_are_an_error_naming_file_and_key(content):
    edit(content / "places/cocoa.md", 'name: "Cocoa"', 'name: "Cocoa"\nlatitude: 136\nlongitude: 2')

    with pytest.raises(CommandError) as error:
        run(content)

    assert str(error.value) == (
        "Nothing was imported. places/cocoa.md: latitude: 136.0, 2.0 is not a latitude and a "
        "longitude"
    )
