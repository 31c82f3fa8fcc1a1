import re
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from hallway.conferences import social_cards
from hallway.conferences.models import Redirect
from hallway.conferences.social_cards import PENDING_CARD
from hallway.people import photos
from hallway.sitebuild.services import BUILD_HOST, SiteBuilder
from tests.factories import PageFactory, PostFactory, PresenterFactory, SessionFactory
from tests.html import attrs, parse, text
from tests.people.test_views import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(conference):
    presenter = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada-lovelace")
    SessionFactory(
        conference=conference,
        title="Error culture",
        slug="error-culture",
        with_presenters=[presenter],
    )
    SessionFactory(conference=conference, kind="tutorial", title="Forms", slug="forms")
    PostFactory(conference=conference, title="Tickets on sale", slug="tickets-on-sale")
    PageFactory(conference=conference, title="Code of conduct", slug="code-of-conduct")
    return conference


def build(out: Path, *args: str) -> None:
    call_command(
        "build_site", "--slug", "djangocon-us-2024", "--out", str(out), "--workers", "1", *args
    )


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src|action|data-src)="([^"]*)"', html)


def test_every_page_is_written_at_its_permalink(site, tmp_path):
    out = tmp_path / "site"

    build(out)

    for path in (
        "index.html",
        "schedule/index.html",
        "talks/error-culture/index.html",
        "tutorials/forms/index.html",
        "presenters/index.html",
        "presenters/ada-lovelace/index.html",
        "news/index.html",
        "news/tickets-on-sale/index.html",
        "code-of-conduct/index.html",
        "sitemap.xml",
        "static/core/hallway.js",
        "static/core/offline.js",
    ):
        assert (out / path).is_file(), path


def test_internal_links_are_relative(site, tmp_path):
    out = tmp_path / "site"

    build(out)
    html = (out / "talks/error-culture/index.html").read_text()

    root_relative = [url for url in hrefs(html) if url.startswith("/") and not url.startswith("//")]
    assert root_relative == []
    page = parse(html)
    assert text(page, "//nav[@class='site-nav']//a[@href='../../schedule/']") == "Schedule"
    assert attrs(page, "//p[@class='session__by']/a", "href") == ["../../presenters/ada-lovelace/"]
    assert attrs(page, "//body/script[@data-src]", "data-src") == [
        "../../static/core/hallway.js",
        "../../static/core/offline.js",
    ]
    assert "htmx" not in html  # nothing for it to talk to


def test_every_relative_link_resolves_to_a_written_file(site, tmp_path):
    out = tmp_path / "site"
    build(out)

    missing = []
    for page in out.rglob("index.html"):
        for url in hrefs(page.read_text()):
            if re.match(r"^[a-z]+:|^#|^//", url):
                continue
            target = (page.parent / url.split("#")[0].split("?")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                missing.append((str(page.relative_to(out)), url))

    assert missing == []


def test_server_only_links_and_htmx_are_left_out(site, tmp_path):
    out = tmp_path / "site"

    build(out)
    html = (out / "schedule/index.html").read_text()

    assert "accounts/login" not in html
    assert "hx-get" not in html
    assert "csrfmiddlewaretoken" not in html  # the shared star form needs the server
    assert 'class="star-button"' not in html
    assert "htmx" not in html


def test_post_forms_are_dropped_or_sent_to_the_live_site(site):
    builder = SiteBuilder(site, Path("/nowhere"), base_url="", live_url="")
    live = SiteBuilder(site, Path("/nowhere"), base_url="", live_url="https://hallway.example")
    html = (
        "<html><body><p>Before</p>"
        '<form method="post" action="/djangocon-us-2024/my/stars/3/"><button>Star</button></form>'
        '<form action="/djangocon-us-2024/schedule/"><button>Search</button></form>'
        '<button form="star-form" formaction="/djangocon-us-2024/my/star/4/">Shared</button>'
        "</body></html>"
    )

    dropped = builder.rewrite_html(html, "/djangocon-us-2024/talks/x/")
    kept = live.rewrite_html(html, "/djangocon-us-2024/talks/x/")

    assert "Star" not in dropped
    assert "Shared" not in dropped
    assert attrs(parse(dropped), "//form", "action") == ["../../schedule/"]
    assert attrs(parse(kept), "//form", "action") == [
        "https://hallway.example/djangocon-us-2024/my/stars/3/",
        "../../schedule/",
    ]
    assert attrs(parse(kept), "//button[@formaction]", "formaction") == [
        "https://hallway.example/djangocon-us-2024/my/star/4/"
    ]


def test_sitemap_uses_the_base_url(site, tmp_path):
    out = tmp_path / "site"

    build(out, "--base-url", "https://2024.djangocon.example/")
    sitemap = (out / "sitemap.xml").read_text()

    assert "<loc>https://2024.djangocon.example/talks/error-culture/</loc>" in sitemap
    assert BUILD_HOST not in sitemap
    assert "/djangocon-us-2024/" not in sitemap


def test_renamed_paths_get_a_redirect_page(site, tmp_path):
    Redirect.objects.create(
        conference=site, old_path="/talks/old-name/", new_path="/talks/error-culture/"
    )
    out = tmp_path / "site"

    build(out)
    stub = (out / "talks/old-name/index.html").read_text()

    assert attrs(parse(stub), "//meta[@http-equiv='refresh']", "content") == [
        "0; url=../error-culture/"
    ]


def test_exports_are_written(site, tmp_path):
    out = tmp_path / "site"

    build(out)

    assert (out / "schedule.xml").read_text().startswith("<?xml")
    assert (out / "schedule.json").is_file()
    assert BUILD_HOST not in (out / "schedule.json").read_text()


def test_gzip_writes_precompressed_copies(site, tmp_path):
    out = tmp_path / "site"

    build(out, "--gzip")

    assert (out / "schedule/index.html.gz").is_file()


def test_a_folder_that_is_not_a_build_is_not_overwritten(site, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "thesis.txt").write_text("precious")

    with pytest.raises(CommandError, match="not overwriting"):
        build(out)

    assert (out / "thesis.txt").read_text() == "precious"


def test_a_previous_build_is_replaced(site, tmp_path):
    out = tmp_path / "site"
    build(out)
    (out / "stale.html").write_text("old")

    build(out)

    assert not (out / "stale.html").exists()
    assert (out / "index.html").is_file()


def test_unknown_conference_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="No conference with slug 'nope'"):
        call_command("build_site", "--slug", "nope", "--out", str(tmp_path / "x"))


def original_permalinks(content: Path) -> set[str]:
    """Every address the old DjangoCon US 2024 site had for its content."""
    import yaml

    permalinks = {"/", "/schedule/", "/presenters/", "/organizers/", "/sponsors/", "/news/"}
    permalinks |= {"/feed.xml", "/sitemap.xml", "/styleguide/"}
    for path in [*content.glob("schedule/*/*.md"), *content.glob("presenters/*.md")]:
        front_matter = yaml.safe_load(path.read_text().split("---")[1])
        if front_matter.get("permalink"):
            permalinks.add(front_matter["permalink"])
    permalinks |= {f"/news/{path.stem}/" for path in content.glob("posts/*.md")}
    for item in yaml.safe_load((content / "schedule/manual.yaml").read_text()):
        if item["permalink"]:
            permalinks.add(item["permalink"].split("#")[0])
    return permalinks


@pytest.mark.slow
def test_djangocon_us_2024_serves_every_original_permalink_as_a_file(shared_content, tmp_path):
    from hallway.interop.site import import_site

    import_site(shared_content, slug="djangocon-us-2024", name="DjangoCon US 2024", publish=True)
    out = tmp_path / "site"

    build(out, "--base-url", "https://2024.djangocon.us/")

    missing = [
        permalink
        for permalink in sorted(original_permalinks(shared_content))
        if not (
            out / permalink.lstrip("/") / ("index.html" if permalink.endswith("/") else "")
        ).is_file()
    ]
    assert missing == []


def test_static_copy_holds_real_thumbnails_without_a_worker(site, tmp_path):
    PresenterFactory(conference=site, name="Grace Hopper", slug="grace", photo=jpeg(300, 200))
    out = tmp_path / "site"

    build(out)

    with Image.open(out / "presenters/grace/photo-180.webp") as image:
        assert (image.format, image.size) == ("WEBP", (180, 180))


def test_photos_wait_for_thumbnails_made_beside_the_crawl(site, tmp_path, monkeypatch):
    # Thumbnails are made in a thread while pages render; slow storage must not let the
    # crawl copy a photo's address before its thumbnail is there (it would answer the JPEG).
    PresenterFactory(conference=site, name="Grace Hopper", slug="grace", photo=jpeg(300, 200))
    make_thumbnails = photos.make_thumbnails

    def slow_storage(*args, **kwargs):
        time.sleep(1)
        return make_thumbnails(*args, **kwargs)

    monkeypatch.setattr(photos, "make_thumbnails", slow_storage)
    out = tmp_path / "site"

    build(out)

    with Image.open(out / "presenters/grace/photo-180.webp") as image:
        assert (image.format, image.size) == ("WEBP", (180, 180))


@pytest.mark.django_db(transaction=True)
def test_cards_are_drawn_beside_the_pages_and_kept_by_the_next_build(site, tmp_path, monkeypatch):
    # Outside a transaction (as manage.py runs it), cards go to the image thread; their
    # queries are recorded there all the same, so the next build keeps them.
    threads = []
    draw_card = social_cards.draw_card

    def drawing(*args, **kwargs):
        threads.append(threading.current_thread())
        return draw_card(*args, **kwargs)

    monkeypatch.setattr(social_cards, "draw_card", drawing)
    out = tmp_path / "site"

    build(out)
    first_threads = list(threads)
    threads.clear()
    build(out)

    assert len(first_threads) == 4  # the conference, two sessions, one presenter
    assert threading.main_thread() not in first_threads
    assert threads == []
    card = (out / "talks/error-culture/card.png").read_bytes()
    assert card != PENDING_CARD.read_bytes()
    with Image.open(out / "talks/error-culture/card.png") as image:
        assert image.size == (1200, 630)


def test_static_copy_holds_real_social_cards_without_a_worker(site, tmp_path):
    out = tmp_path / "site"

    build(out)

    card = (out / "talks/error-culture/card.png").read_bytes()
    assert card != PENDING_CARD.read_bytes()
    with Image.open(out / "talks/error-culture/card.png") as image:
        assert image.size == (1200, 630)
