import datetime as dt

import pytest
from django.conf import settings
from lxml import html as lxml_html

from hallway.program.models import Session
from tests.factories import NEW_YORK, PresenterFactory, RoomFactory, SessionFactory
from tests.html import parse, select, text
from tests.program.bulk import build_programme, without_page_cache

pytestmark = pytest.mark.django_db

# Signed-in requests read the Django session from the database unless sessions live in Redis.
SESSION_QUERIES = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 9, day, hour, minute, tzinfo=NEW_YORK)


def test_schedule_groups_days_by_local_date_with_zone_label(client, conference):
    SessionFactory(
        conference=conference, title="Late night", start=at(23, 23, 30), end=at(23, 23, 55)
    )
    SessionFactory(conference=conference, title="Morning", start=at(24, 9), end=at(24, 9, 25))

    page = parse(client.get("/djangocon-us-2024/schedule/"))

    days = select(page, "section.day")
    assert [day.get("id") for day in days] == ["day-2024-09-23", "day-2024-09-24"]
    assert [a.text_content() for a in select(days[0], ".sg-item__title a")] == ["Late night"]
    assert select(days[0], ".day__zone")[0].text_content() == "Times in America/New_York (EDT)"


def test_schedule_times_carry_utc_instant_and_zone(client, conference):
    SessionFactory(conference=conference, start=at(23, 9, 30), end=at(23, 9, 55))

    page = parse(client.get("/djangocon-us-2024/schedule/"))

    heading = select(page, ".sg-time time")[0]
    assert heading.get("datetime") == "2024-09-23T09:30:00-04:00"
    assert heading.get("data-zone") == "America/New_York"
    assert heading.text_content() == "9:30 AM"


def test_schedule_grid_markup_has_rooms_and_placement_classes(client, conference):
    room = RoomFactory(conference=conference, name="Junior Ballroom")
    SessionFactory(conference=conference, room=room, start=at(23, 9), end=at(23, 9, 25))

    page = parse(client.get("/djangocon-us-2024/schedule/"))

    (grid,) = select(page, ".sg")
    assert grid.get("class") == "sg sg--cols-1"
    assert [r.text_content() for r in select(grid, ".sg-room")] == ["Junior Ballroom"]
    item = select(grid, "article.sg-item")[0]
    assert item.get("class").split()[-4:] == ["g-r2", "g-re3", "g-c2", "g-ce3"]
    assert select(item, ".sg-item__room")[0].text_content() == " · Junior Ballroom"


def test_every_schedule_page_inlines_the_grid_rules_of_the_busiest_day(client, conference):
    rooms = [RoomFactory(conference=conference) for _ in range(3)]
    for room in rooms:  # three columns on the 24th, one on the 23rd
        SessionFactory(conference=conference, room=room, start=at(24, 9), end=at(24, 9, 30))
    SessionFactory(conference=conference, room=rooms[0], start=at(23, 9), end=at(23, 9, 30))

    for path in ("/djangocon-us-2024/schedule/", "/djangocon-us-2024/schedule/2024-09-23/"):
        (style,) = parse(client.get(path)).xpath("//style")
        # The day page can be swapped to "All days" by htmx: it needs the widest day's rules.
        assert ".sg--cols-3{" in style.text, path


def test_grid_rules_follow_a_programme_change(client, conference):
    room = RoomFactory(conference=conference)
    SessionFactory(conference=conference, room=room, start=at(23, 9), end=at(23, 9, 30))
    assert (
        ".sg--cols-2{"
        not in parse(client.get("/djangocon-us-2024/schedule/2024-09-23/")).xpath("//style")[0].text
    )

    SessionFactory(conference=conference, start=at(23, 9), end=at(23, 9, 30))

    (style,) = parse(client.get("/djangocon-us-2024/schedule/2024-09-23/")).xpath("//style")
    assert ".sg--cols-2{" in style.text


def test_schedule_shows_logistics_muted_and_linked(client, conference):
    SessionFactory(
        conference=conference,
        kind=Session.Kind.MEAL,
        title="Lunch",
        link_url="/catering-menus/#monday-lunch",
        start=at(23, 12),
        end=at(23, 13),
    )
    SessionFactory(
        conference=conference,
        kind=Session.Kind.BREAK,
        title="Break",
        start=at(23, 15),
        end=at(23, 15, 15),
    )

    page = parse(client.get("/djangocon-us-2024/schedule/"))

    items = select(page, "article.is-logistics")
    assert [text(select(i, ".sg-item__title")[0]) for i in items] == ["Lunch", "Break"]
    assert select(items[0], "a")[0].get("href") == "/djangocon-us-2024/catering-menus/#monday-lunch"
    assert select(items[1], "a") == []


def test_schedule_marks_cancelled_and_leaves_out_hidden(client, conference):
    SessionFactory(conference=conference, title="Called off", is_cancelled=True)
    SessionFactory(conference=conference, title="Secret", is_hidden=True)

    page = parse(client.get("/djangocon-us-2024/schedule/"))

    titles = [text(t) for t in select(page, ".sg-item__title")]
    assert titles == ["Called off"]
    (cancelled,) = select(page, "article.is-cancelled")
    assert select(cancelled, ".status")[0].text_content() == "Cancelled"


def test_schedule_puts_all_day_items_in_a_strip(client, conference):
    SessionFactory(
        conference=conference,
        kind=Session.Kind.SPRINT,
        title="Sprints",
        start=at(26, 9),
        end=at(26, 17),
    )

    page = parse(client.get("/djangocon-us-2024/schedule/"))

    assert [select(li, "a")[0].text_content() for li in select(page, ".allday__item")] == [
        "Sprints"
    ]
    assert select(page, ".sg") == []


def test_schedule_day_page_shows_one_day(client, conference):
    SessionFactory(conference=conference, title="Monday talk", start=at(23, 9), end=at(23, 9, 25))
    SessionFactory(conference=conference, title="Tuesday talk", start=at(24, 9), end=at(24, 9, 25))

    by_path = parse(client.get("/djangocon-us-2024/schedule/2024-09-24/"))
    by_query = parse(client.get("/djangocon-us-2024/schedule/?day=2024-09-24"))

    for page in (by_path, by_query):
        assert [d.get("id") for d in select(page, "section.day")] == ["day-2024-09-24"]
        current = select(page, ".day-nav a[aria-current=page]")[0]
        assert current.get("href") == "/djangocon-us-2024/schedule/2024-09-24/"
        canonical = select(page, "link[rel=canonical]")[0].get("href")
        assert canonical == "http://testserver/djangocon-us-2024/schedule/2024-09-24/"


def test_schedule_day_without_sessions_or_bad_date_is_404(client, conference):
    SessionFactory(conference=conference, start=at(23, 9), end=at(23, 9, 25))

    assert client.get("/djangocon-us-2024/schedule/2024-09-30/").status_code == 404
    assert client.get("/djangocon-us-2024/schedule/?day=tomorrow").status_code == 404


def test_schedule_day_links_are_htmx_enhanced(client, conference):
    SessionFactory(conference=conference, start=at(23, 9), end=at(23, 9, 25))

    page = parse(client.get("/djangocon-us-2024/schedule/"))

    (nav_list,) = select(page, ".day-nav ul")
    assert nav_list.get("hx-target") == "#schedule-days"
    assert nav_list.get("hx-push-url") == "true"
    links = select(nav_list, "a")
    assert [(a.get("href"), a.get("hx-get")) for a in links] == [
        ("/djangocon-us-2024/schedule/", "/djangocon-us-2024/schedule/"),
        ("/djangocon-us-2024/schedule/2024-09-23/", "/djangocon-us-2024/schedule/2024-09-23/"),
    ]


def test_htmx_request_gets_only_the_day_partial(client, conference):
    SessionFactory(conference=conference, title="Monday talk", start=at(23, 9), end=at(23, 9, 25))

    response = client.get("/djangocon-us-2024/schedule/2024-09-23/", headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    fragment = lxml_html.fragment_fromstring(body, create_parent="div")
    assert [d.get("id") for d in select(fragment, "section.day")] == ["day-2024-09-23"]
    assert select(fragment, "#day-nav")[0].get("hx-swap-oob") == "true"


@pytest.mark.parametrize("size", [10, 1000])
def test_schedule_queries_are_constant(
    client, conference, django_assert_num_queries, size, settings
):
    without_page_cache(settings)
    build_programme(conference, size)

    # Host, language, conference, local dates, sessions, tags, presenters.
    with django_assert_num_queries(7):
        response = client.get("/djangocon-us-2024/schedule/")

    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
def test_schedule_day_queries_are_constant_when_signed_in(
    client, conference, django_assert_num_queries, django_user_model, size, settings
):
    without_page_cache(settings)
    build_programme(conference, size)
    client.force_login(django_user_model.objects.create_user("ann", password="unused-password"))

    # As for visitors (7), plus the day grid rules on a cold cache (one query for every day),
    # the user, their stars and (with database sessions) the session.
    with django_assert_num_queries(10 + SESSION_QUERIES):
        response = client.get("/djangocon-us-2024/schedule/2024-09-23/")

    assert response.status_code == 200


def test_schedule_never_shows_presenter_photos(client, conference):
    SessionFactory(conference=conference, with_presenters=[PresenterFactory(conference=conference)])

    page = parse(client.get("/djangocon-us-2024/schedule/"))

    assert select(page, "main img") == []


def test_htmx_request_for_all_days_gets_every_day_partial(client, conference):
    SessionFactory(conference=conference, start=at(23, 9), end=at(23, 9, 25))
    SessionFactory(conference=conference, start=at(24, 9), end=at(24, 9, 25))

    response = client.get("/djangocon-us-2024/schedule/", headers={"HX-Request": "true"})

    fragment = lxml_html.fragment_fromstring(response.content.decode(), create_parent="div")
    assert [d.get("id") for d in select(fragment, "section.day")] == [
        "day-2024-09-23",
        "day-2024-09-24",
    ]
    assert select(fragment, "h1") == []


def test_htmx_history_restore_gets_the_whole_page(client, conference):
    SessionFactory(conference=conference, start=at(23, 9), end=at(23, 9, 25))

    response = client.get(
        "/djangocon-us-2024/schedule/2024-09-23/",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert len(select(parse(response), "h1")) == 1


def test_plain_request_after_htmx_request_still_gets_the_page(client, conference):
    SessionFactory(conference=conference, start=at(23, 9), end=at(23, 9, 25))
    url = "/djangocon-us-2024/schedule/2024-09-23/"
    client.get(url, headers={"HX-Request": "true", "HX-Target": "schedule-days"})

    response = client.get(url)

    assert len(select(parse(response), "h1")) == 1


def test_schedule_before_publication(client, conference):
    page = parse(client.get("/djangocon-us-2024/schedule/"))

    assert text(select(page, "#schedule-days p")[0]) == "The schedule has not been published yet."
    assert ".g-r" not in page.xpath("//style")[0].text
