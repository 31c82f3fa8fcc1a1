"""Broken input: import_site fails naming the file and the key, and changes nothing."""

import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from hallway.interop.site import SiteImportError, import_site
from hallway.program.models import Session
from tests.interop.site_builder import build_site, image_bytes

SLUG = "example-2030"


def database_state() -> dict[str, object]:
    """Row counts of every model, plus a digest of the rows an import writes to."""
    state: dict[str, object] = {m._meta.label: m.objects.count() for m in apps.get_models()}
    for label in (
        "program.Session",
        "people.Presenter",
        "people.Organizer",
        "content.Sponsor",
        "content.Post",
        "content.Place",
        "content.Page",
        "conferences.Conference",
    ):
        rows = apps.get_model(label).objects.order_by("pk").values_list()
        state[f"{label} rows"] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
    return state


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def bad_yaml(content: Path) -> None:
    edit(content / "schedule/talks/error-culture.md", "room: Junior Ballroom", "room: [Junior")


def unknown_presenter(content: Path) -> None:
    edit(content / "schedule/talks/error-culture.md", "- ada-lovelace", "- nobody-here")


def end_before_start(content: Path) -> None:
    edit(
        content / "schedule/talks/error-culture.md",
        "end_datetime: 2030-09-23 11:55:00-04:00",
        "end_datetime: 2030-09-23 11:00:00-04:00",
    )


def missing_image(content: Path) -> None:
    (content / "presenters/ada.png").unlink()


def missing_organizer_photo(content: Path) -> None:
    (content / "presenters/carol.jpg").unlink()


def missing_title(content: Path) -> None:
    edit(content / "schedule/talks/error-culture.md", "title: Error Culture\n", "")


def manual_end_before_start(content: Path) -> None:
    edit(
        content / "schedule/manual.yaml",
        "end_datetime: 2030-09-23 13:00:00-04:00",
        "end_datetime: 2030-09-23 11:00:00-04:00",
    )


def unknown_site_value(content: Path) -> None:
    edit(content / "posts/hello-world.md", "{{ site.conf_year }}", "{{ site.conf_yaer }}")


def missing_site_json(content: Path) -> None:
    (content / "_data/site.json").unlink()


def not_an_image(content: Path) -> None:
    (content / "places/cocoa.jpg").write_text("not a picture")


def svg_with_script(content: Path) -> None:
    (content / "sponsors/acme.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )


def missing_cover(content: Path) -> None:
    (content.parent / "assets/img/blog/hello.jpg").unlink()


def bad_sponsor_url(content: Path) -> None:
    # Only the model's validation finds this, after sessions and presenters were written.
    edit(content / "sponsors/acme.md", "'https://acme.example.org/'", "'not a url'")


BROKEN = [
    pytest.param(
        unknown_site_value,
        "posts/hello-world.md:17: body: {{ site.conf_yaer }} is not a text value of "
        "_data/site.json",
        id="unknown-site-value",
    ),
    pytest.param(
        bad_yaml,
        "schedule/talks/error-culture.md:9: front matter: invalid YAML: "
        "did not find expected ',' or ']' (while parsing a flow sequence started on line 8)",
        id="bad-yaml",
    ),
    pytest.param(
        unknown_presenter,
        "schedule/talks/error-culture.md: presenter_slugs: "
        "no presenter file presenters/nobody-here.md",
        id="unknown-presenter",
    ),
    pytest.param(
        end_before_start,
        "schedule/talks/error-culture.md: end_datetime: "
        "ends (2030-09-23 11:00) before it starts (2030-09-23 11:30)",
        id="end-before-start",
    ),
    pytest.param(
        missing_title,
        "schedule/talks/error-culture.md: title: required",
        id="missing-title",
    ),
    pytest.param(
        manual_end_before_start,
        "schedule/manual.yaml:1: [0].end_datetime: "
        "ends (2030-09-23 11:00) before it starts (2030-09-23 12:00)",
        id="manual-end-before-start",
    ),
    pytest.param(missing_site_json, "_data/site.json: file not found", id="missing-site-json"),
    pytest.param(
        not_an_image,
        "places/cocoa.md: photo: places/cocoa.jpg is not a JPEG, PNG, GIF, WebP or safe SVG image",
        id="not-an-image",
    ),
    pytest.param(
        svg_with_script,
        "sponsors/acme.md: logo.filename: "
        "sponsors/acme.svg is not a JPEG, PNG, GIF, WebP or safe SVG image",
        id="svg-with-script",
    ),
    pytest.param(
        bad_sponsor_url,
        "sponsors/acme.md: url.target: Enter a valid URL.",
        id="bad-sponsor-url",
    ),
]


# Untidy rather than wrong: imported without the image, with a warning; --strict refuses it.
WARNED = [
    pytest.param(
        missing_image,
        "presenters/ada-lovelace.md: photo: image file not found: presenters/ada.png; "
        "imported without it",
        id="missing-image",
    ),
    pytest.param(
        missing_organizer_photo,
        "organizers/carol-host.md: photo: image file not found: organizers/carol.jpg "
        "(nor in presenters/); imported without it",
        id="missing-organizer-photo",
    ),
    pytest.param(
        missing_cover,
        "posts/hello-world.md: cover.url: image file not found: /assets/img/blog/hello.jpg "
        "(looked in site/assets/img/blog/hello.jpg); imported without it",
        id="missing-cover",
    ),
]


@pytest.fixture
def content(tmp_path) -> Path:
    return build_site(tmp_path / "site")


@pytest.mark.django_db
@pytest.mark.parametrize(("breakage", "message"), BROKEN)
def test_import_site_broken_input_into_empty_database(content, breakage, message):
    breakage(content)
    before = database_state()

    with pytest.raises(CommandError) as error:
        call_command("import_site", str(content), "--slug", SLUG, stdout=StringIO())

    assert str(error.value) == f"Nothing was imported. {message}"
    assert database_state() == before
    assert media_files() == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("breakage", "message"), BROKEN)
def test_import_site_broken_input_leaves_an_earlier_import_as_it_was(content, breakage, message):
    import_site(content, slug=SLUG)
    # Also change things that would be written before the error is found.
    edit(content / "schedule/talks/keynote-ada-lovelace.md", "Engines of Thought", "New title")
    (content / "presenters/carol.jpg").write_bytes(image_bytes("PNG", "#123456"))
    breakage(content)
    before, files = database_state(), media_files()

    with pytest.raises(SiteImportError) as error:
        import_site(content, slug=SLUG)

    assert str(error.value) == message
    assert database_state() == before
    assert media_files() == files
    assert Session.objects.get(slug="keynote-monday").title == "Keynote - Engines of Thought"


@pytest.mark.django_db
def test_import_site_bad_yaml_in_manual_names_the_line(content):
    edit(
        content / "schedule/manual.yaml",
        "  room: Caktus Group\n  title: Contribution",
        "  room: [\n  title: Contribution",
    )

    with pytest.raises(SiteImportError) as error:
        import_site(content, slug=SLUG)

    assert str(error.value) == (
        "schedule/manual.yaml:18: invalid YAML: did not find expected ',' or ']'"
        " (while parsing a flow sequence started on line 16)"
    )


@pytest.mark.django_db
def test_import_site_unknown_social_network(content):
    edit(content / "presenters/bob-babbage.md", "    github: bob", "    myspace: bob")

    with pytest.raises(SiteImportError) as error:
        import_site(content, slug=SLUG)

    assert (error.value.path, error.value.key) == ("presenters/bob-babbage.md", "social.myspace")


@pytest.mark.django_db
def test_import_site_two_sessions_with_one_url(content):
    edit(
        content / "schedule/talks/error-culture.md",
        "/talks/error-culture/",
        "/talks/keynote-monday/",
    )

    with pytest.raises(SiteImportError) as error:
        import_site(content, slug=SLUG)

    assert str(error.value) == (
        "schedule/talks/keynote-ada-lovelace.md: permalink: "
        "the URL slug 'keynote-monday' is also used by schedule/talks/error-culture.md"
    )


@pytest.mark.django_db
def test_import_site_unknown_phase(content):
    site = json.loads((content / "_data/site.json").read_text())
    site["phase"] = "someday"
    (content / "_data/site.json").write_text(json.dumps(site))

    with pytest.raises(SiteImportError) as error:
        import_site(content, slug=SLUG)

    assert str(error.value) == (
        "_data/site.json: phase: expected one of archived, active, live, landing, not 'someday'"
    )


def test_import_site_missing_folder(tmp_path):
    with pytest.raises(SiteImportError) as error:
        import_site(tmp_path / "nowhere", slug=SLUG)

    assert str(error.value) == f"{tmp_path / 'nowhere'}: not a folder"


@pytest.mark.django_db
def test_import_site_two_presenters_with_one_url(content):
    edit(
        content / "presenters/ada-lovelace.md",
        "/presenters/ada-lovelace/",
        "/presenters/bob-babbage/",
    )

    with pytest.raises(SiteImportError) as error:
        import_site(content, slug=SLUG)

    assert str(error.value) == (
        "presenters/bob-babbage.md: permalink: "
        "the URL slug 'bob-babbage' is also used by presenters/ada-lovelace.md"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("breakage", "message"), WARNED)
def test_import_site_strict_refuses_a_warning(content, breakage, message):
    breakage(content)
    before = database_state()

    with pytest.raises(CommandError) as error:
        call_command("import_site", str(content), "--slug", SLUG, "--strict", stdout=StringIO())

    assert str(error.value) == (f"Nothing was imported. {message} (a warning; --strict refuses it)")
    assert database_state() == before
    assert media_files() == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("breakage", "message"), WARNED)
def test_import_site_imports_without_a_missing_image_and_says_so(content, breakage, message):
    breakage(content)
    out = StringIO()

    call_command("import_site", str(content), "--slug", SLUG, stdout=out)

    lines = out.getvalue().splitlines()
    start = lines.index("warnings: 1")
    assert lines[start : start + 3] == [
        "warnings: 1",
        "  image file not found (1)",
        f"    {message}",
    ]
    assert lines[-1].endswith("(1 warning, listed above)")
