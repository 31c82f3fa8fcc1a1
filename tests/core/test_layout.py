"""Every public page type shares the base layout's accessibility and sharing guarantees."""

import datetime as dt

import pytest

from tests.factories import NEW_YORK, OrganizerFactory, PresenterFactory, SessionFactory
from tests.html import parse, select, text

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/djangocon-us-2024/",
    "/djangocon-us-2024/schedule/",
    "/djangocon-us-2024/schedule/2024-09-23/",
    "/djangocon-us-2024/talks/error-culture/",
    "/djangocon-us-2024/presenters/",
    "/djangocon-us-2024/presenters/ada/",
    "/djangocon-us-2024/organizers/",
    "/djangocon-us-2024/styleguide/",
]


@pytest.fixture
def site(conference):
    ada = PresenterFactory(conference=conference, name="Ada", slug="ada", github="ada")
    SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=dt.datetime(2024, 9, 23, 9, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 9, 25, tzinfo=NEW_YORK),
        with_presenters=[ada],
    )
    OrganizerFactory(conference=conference, twitter="org")
    return conference


@pytest.mark.parametrize("path", PAGES)
def test_page_has_one_h1_landmarks_and_skip_link(client, site, path):
    page = parse(client.get(path))

    assert len(select(page, "h1")) == 1
    assert page.get("lang") == "en"
    # The page's banner, main and contentinfo landmarks (an article may have its own header).
    assert [len(page.xpath(f"/html/body/{tag}")) for tag in ("header", "main", "footer")] == [
        1,
        1,
        1,
    ]
    skip = select(page, ".skip-link")[0]
    assert skip.get("href") == "#main"
    assert select(page, "main")[0].get("id") == "main"
    assert all(nav.get("aria-label") for nav in select(page, "nav"))


@pytest.mark.parametrize("path", PAGES)
def test_page_has_description_and_sharing_tags(client, site, path):
    page = parse(client.get(path))

    meta = {m.get("property") or m.get("name"): m.get("content") for m in select(page, "meta")}
    for key in ("description", "og:title", "og:description", "og:url", "og:type", "twitter:card"):
        assert meta[key], key
    assert meta["og:url"] == f"http://testserver{path}"
    if path != "/":
        assert meta["og:image"].startswith("http://testserver/djangocon-us-2024/")
        assert meta["twitter:card"] == "summary_large_image"
    assert select(page, "link[rel=canonical]")[0].get("href") == f"http://testserver{path}"


@pytest.mark.parametrize("path", PAGES)
def test_page_inlines_its_stylesheet_and_loads_scripts_after_the_page(client, site, path):
    page = parse(client.get(path))

    assert page.xpath("//*[@style]") == []
    assert page.xpath("//link[@rel='stylesheet']") == []
    (style,) = page.xpath("//style")
    assert style.getparent().tag == "head"
    assert ".skip-link" in style.text  # core/hallway.css
    # No script runs before the page has painted: the only one with code is the inlined loader,
    # and every other is a data block it turns into a script after the paint (or, for htmx, at
    # the first interaction).
    scripts = select(page, "script")
    types = {s.get("data-src").rsplit("/", 1)[-1]: s.get("type") for s in scripts[:-1]}
    assert types.pop("htmx-2.min.js") == "hallway/on-intent"
    assert set(types.values()) == {"hallway/after-load"}
    assert "hallway.js" in types
    assert all(s.get("data-src").startswith("/static/") and not s.get("src") for s in scripts[:-1])
    assert scripts[-1].text.strip() == finders_text("core/loader.js").strip()


def finders_text(path):
    from django.contrib.staticfiles import finders

    with open(finders.find(path), encoding="utf-8") as file:
        return file.read()


def test_a_theme_value_cannot_close_the_inlined_style(client, site):
    # Validation rejects such a value; data written around it (a raw update) must still be inert.
    type(site).objects.filter(pk=site.pk).update(
        theme={"color-brand": "red</style><script>alert(1)</script>"}
    )

    page = parse(client.get("/djangocon-us-2024/presenters/"))

    (style,) = page.xpath("//style")
    assert "--color-brand: red\\3c /style>\\3c script>alert(1)\\3c /script>;" in style.text
    assert [s for s in select(page, "script") if "alert" in (s.text or "")] == []


@pytest.mark.parametrize("path", PAGES)
def test_icon_links_have_accessible_names(client, site, path):
    page = parse(client.get(path))

    for link in select(page, "a"):
        assert text(link) or link.get("aria-label"), link.get("href")


@pytest.mark.parametrize("path", PAGES[1:])
def test_host_mapped_conference_serves_the_same_pages_at_root(client, site, path):
    site.host = "2024.djangocon.example"
    site.save()
    root_path = path.removeprefix("/djangocon-us-2024")

    under_slug = parse(client.get(path))
    on_host = parse(client.get(root_path, HTTP_HOST="2024.djangocon.example"))

    assert [text(h) for h in select(on_host, "h1")] == [text(h) for h in select(under_slug, "h1")]
    hrefs = [a.get("href") for a in select(on_host, "main a") if a.get("href", "").startswith("/")]
    assert not any(href.startswith("/djangocon-us-2024/") for href in hrefs)


def test_conference_pages_carry_the_theme_and_mark_the_current_section(client, site):
    site.theme = {"color-brand": "#112233"}
    site.save()

    page = parse(client.get("/djangocon-us-2024/presenters/"))

    assert "--color-brand: #112233;" in page.xpath("//style")[0].text
    (current,) = select(page, ".site-nav a[aria-current=page]")
    assert text(current) == "Presenters"
