"""A series of conferences: its page, the previous and next year, addresses by year."""

import datetime as dt

import pytest

from hallway.conferences.models import Conference
from tests.factories import ConferenceFactory, SeriesFactory, SessionFactory
from tests.html import parse, select, text
from tests.program.bulk import without_page_cache

pytestmark = pytest.mark.django_db


def year(series, number: int, **fields) -> Conference:
    return ConferenceFactory(
        name=f"DjangoCon US {number}",
        slug=f"djangocon-us-{number}",
        series=series,
        starts_on=dt.date(number, 9, 22),
        ends_on=dt.date(number, 9, 27),
        city=fields.pop("city", "Durham, NC"),
        **fields,
    )


@pytest.fixture
def series(db):
    series = SeriesFactory(name="DjangoCon US", slug="djangocon-us", description="Since *2008*.")
    year(series, 2022, city="San Diego, CA")
    year(series, 2023, city="Durham, NC")
    year(series, 2024, city="Durham, NC")
    return series


def series_nav(response) -> list[tuple[str, str, str | None]]:
    page = parse(response)
    return [(text(a), a.get("href"), a.get("rel")) for a in select(page, ".series-nav a")]


def test_series_page_lists_every_public_year_with_dates_and_city(client, series):
    year(series, 2019, is_public=False)
    ConferenceFactory(name="Other conf", slug="other-conf")

    response = client.get("/series/djangocon-us/")

    page = parse(response)
    assert [text(h) for h in select(page, "h1")] == ["DjangoCon US"]
    assert [text(p) for p in select(page, ".prose p")] == ["Since 2008."]
    cards = select(page, ".series-years li")
    assert [text(select(card, "a")[0]) for card in cards] == [
        "DjangoCon US 2024",
        "DjangoCon US 2023",
        "DjangoCon US 2022",
    ]
    assert [select(card, "a")[0].get("href") for card in cards] == [
        "/djangocon-us-2024/",
        "/djangocon-us-2023/",
        "/djangocon-us-2022/",
    ]
    assert [text(select(card, ".muted")[0]) for card in cards] == [
        "22 Sep – 27 Sep 2024 · Durham, NC",
        "22 Sep – 27 Sep 2023 · Durham, NC",
        "22 Sep – 27 Sep 2022 · San Diego, CA",
    ]


@pytest.mark.parametrize("years", [3, 30])
def test_series_page_queries_are_constant(client, django_assert_num_queries, years):
    series = SeriesFactory()
    Conference.objects.bulk_create(
        Conference(
            name=f"Year {n}",
            slug=f"year-{n}",
            series=series,
            starts_on=dt.date(1990 + n, 1, 1),
            ends_on=dt.date(1990 + n, 1, 2),
            is_public=True,
        )
        for n in range(years)
    )

    # The host lookup, the series, its years.
    with django_assert_num_queries(3):
        response = client.get("/series/djangocon-us/")

    assert len(response.context["years"]) == years


def test_unknown_series_is_404(client, db):
    assert client.get("/series/nope/").status_code == 404


def test_each_year_links_to_the_previous_and_next(client, series):
    assert series_nav(client.get("/djangocon-us-2022/")) == [
        ("Every year of DjangoCon US", "/series/djangocon-us/", None),
        ("DjangoCon US 2023 →", "/djangocon-us-2023/", "next"),
    ]
    assert series_nav(client.get("/djangocon-us-2023/")) == [
        ("← DjangoCon US 2022", "/djangocon-us-2022/", "prev"),
        ("Every year of DjangoCon US", "/series/djangocon-us/", None),
        ("DjangoCon US 2024 →", "/djangocon-us-2024/", "next"),
    ]
    assert series_nav(client.get("/djangocon-us-2024/")) == [
        ("← DjangoCon US 2023", "/djangocon-us-2023/", "prev"),
        ("Every year of DjangoCon US", "/series/djangocon-us/", None),
    ]


def test_hidden_years_are_skipped_by_the_links(client, series):
    Conference.objects.filter(slug="djangocon-us-2023").update(is_public=False)

    assert series_nav(client.get("/djangocon-us-2024/"))[0] == (
        "← DjangoCon US 2022",
        "/djangocon-us-2022/",
        "prev",
    )


def test_conference_without_series_has_no_series_links(client, conference):
    assert series_nav(client.get("/djangocon-us-2024/")) == []


def test_series_links_cost_one_query_per_page(client, series, django_assert_num_queries, settings):
    without_page_cache(settings)
    ConferenceFactory(slug="alone")
    client.get("/alone/styleguide/")
    client.get("/djangocon-us-2023/styleguide/")

    # The conference (its host lookup is cached)...
    with django_assert_num_queries(1):
        client.get("/alone/styleguide/")
    # ... and its series' years, with the series, for the footer.
    with django_assert_num_queries(2):
        client.get("/djangocon-us-2023/styleguide/")


def test_year_on_its_own_host_links_across_hosts(client, series):
    Conference.objects.filter(slug="djangocon-us-2023").update(host="2023.djangocon.example")
    Conference.objects.filter(slug="djangocon-us-2024").update(host="2024.djangocon.example")

    on_host = client.get("/", HTTP_HOST="2023.djangocon.example")
    under_slug = client.get("/djangocon-us-2024/")

    assert on_host.status_code == 200
    assert series_nav(on_host) == [
        ("← DjangoCon US 2022", "/djangocon-us-2022/", "prev"),
        ("Every year of DjangoCon US", "/series/djangocon-us/", None),
        ("DjangoCon US 2024 →", "//2024.djangocon.example/", "next"),
    ]
    assert series_nav(under_slug)[0] == (
        "← DjangoCon US 2023",
        "//2023.djangocon.example/",
        "prev",
    )


def test_series_page_answers_on_a_conference_host(client, series):
    Conference.objects.filter(slug="djangocon-us-2023").update(host="2023.djangocon.example")

    response = client.get("/series/djangocon-us/", HTTP_HOST="2023.djangocon.example")

    assert response.status_code == 200
    assert response.context["series"] == series


def test_a_year_answers_under_the_series(client, series):
    SessionFactory(conference=Conference.objects.get(slug="djangocon-us-2024"), slug="orm")
    Conference.objects.filter(slug="djangocon-us-2023").update(host="2023.djangocon.example")

    home = client.get("/series/djangocon-us/2024/")
    talk = client.get("/series/djangocon-us/2024/talks/orm/?ref=x")
    hosted = client.get("/series/djangocon-us/2023/schedule/")

    assert (home.status_code, home["Location"]) == (302, "/djangocon-us-2024/")
    assert talk["Location"] == "/djangocon-us-2024/talks/orm/?ref=x"
    assert hosted["Location"] == "//2023.djangocon.example/schedule/"
    assert client.get(talk["Location"]).status_code == 200
    assert client.get("/series/djangocon-us/2010/").status_code == 404


def test_existing_addresses_keep_working(client, series):
    assert client.get("/djangocon-us-2023/").status_code == 200
    assert client.get("/").status_code == 200


def test_a_change_to_one_year_refreshes_the_others(series):
    y2023 = Conference.objects.get(slug="djangocon-us-2023")
    y2024 = Conference.objects.get(slug="djangocon-us-2024")
    other = ConferenceFactory(slug="other-conf")
    versions = (y2024.version, other.version)

    y2023.name = "DjangoCon US 2023 (Durham)"
    y2023.save()

    y2024.refresh_from_db()
    other.refresh_from_db()
    assert (y2024.version, other.version) == (versions[0] + 1, versions[1])


def test_leaving_a_series_refreshes_the_years_left(series):
    y2022 = Conference.objects.get(slug="djangocon-us-2022")
    y2024 = Conference.objects.get(slug="djangocon-us-2024")
    before = y2022.version

    y2024.series = None
    y2024.save()

    y2022.refresh_from_db()
    assert y2022.version == before + 1


def test_footer_of_a_cached_page_follows_a_new_year(client, series):
    # Whole-page cache on: the 2024 page learns about 2025 as soon as 2025 joins.
    assert [rel for *_, rel in series_nav(client.get("/djangocon-us-2024/"))] == ["prev", None]

    year(series, 2025)

    assert series_nav(client.get("/djangocon-us-2024/"))[-1] == (
        "DjangoCon US 2025 →",
        "/djangocon-us-2025/",
        "next",
    )


@pytest.mark.parametrize("rows", [3, 30])
def test_series_changelist_queries_are_constant(superuser_client, django_assert_num_queries, rows):
    from hallway.conferences.models import Series
    from tests.admin_utils import changelist_url

    for n in range(rows):
        series = SeriesFactory(name=f"Series {n}", slug=f"series-{n}")
        year(series, 2000 + n)

    # Constant: the year counts come from one annotation on the page's query.
    with django_assert_num_queries(5):
        response = superuser_client.get(changelist_url(Series) + "?q=Series")

    assert response.context["cl"].result_count == rows
    assert [s.year_count for s in response.context["cl"].result_list] == [1] * rows
