"""The roster and its CSV hold volunteers' names and e-mail addresses: organizers with the
``volunteers.view_signup`` permission only."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.companion.factories import UserFactory
from tests.factories import NEW_YORK
from tests.html import outer, parse, select, text, texts
from tests.volunteers.factories import RoleFactory, ShiftFactory, SignupFactory

HOUR = dt.timedelta(hours=1)


def url(conference, name: str) -> str:
    return reverse(f"volunteers:{name}", kwargs={"conference_slug": conference.slug})


@pytest.fixture
def roster_data(conference, attendee):
    """The data that could leak, made first: a sign-up with a name and an e-mail address."""
    desk = RoleFactory(conference=conference, name="Registration desk", slug="desk")
    start = dt.datetime(2024, 9, 23, 8, 0, tzinfo=NEW_YORK)
    shift = ShiftFactory(
        role=desk, capacity=3, location="Lobby", starts_at=start, ends_at=start + HOUR
    )
    SignupFactory(shift=shift, user=attendee)
    return shift


ROLES = ["anonymous", "volunteer", "other attendee", "staff without permission", "coordinator"]


def client_for(client, role, attendee, other_attendee, staff_without_permission, roster_keeper):
    users = {
        "volunteer": attendee,
        "other attendee": other_attendee,
        "staff without permission": staff_without_permission,
        "coordinator": roster_keeper,
    }
    if role in users:
        client.force_login(users[role])
    return client


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("volunteer", 403),
        ("other attendee", 403),
        ("staff without permission", 403),
        ("coordinator", 200),
    ],
)
@pytest.mark.parametrize("page", ["roster", "roster-csv"])
def test_roster_permission_matrix(
    client,
    conference,
    volunteering,
    roster_data,
    attendee,
    other_attendee,
    staff_without_permission,
    roster_keeper,
    role,
    status,
    page,
):
    client = client_for(
        client, role, attendee, other_attendee, staff_without_permission, roster_keeper
    )

    response = client.get(url(conference, page))

    assert response.status_code == status
    body = response.content.decode()
    assert ("ada@example.com" in body) is (status == 200)
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")


def test_the_board_shows_no_names_or_addresses(
    client, conference, volunteering, roster_data, other_attendee
):
    client.force_login(other_attendee)

    body = client.get(url(conference, "board")).content.decode()

    assert "ada@example.com" not in body
    assert "Lovelace" not in body
    assert "Roster of volunteers" not in body


def test_the_board_links_the_roster_for_coordinators(
    client, conference, volunteering, roster_data, roster_keeper
):
    client.force_login(roster_keeper)

    page = parse(client.get(url(conference, "board")))

    roster_link = f"//main//p/a[@href='{url(conference, 'roster')}']"
    assert text(page, roster_link) == "Roster of volunteers (organizers)"


def test_roster_lists_volunteers_by_role_and_shift(
    client, conference, volunteering, roster_data, roster_keeper
):
    client.force_login(roster_keeper)

    response = client.get(url(conference, "roster"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    page = parse(response)
    desk = "//section[@aria-labelledby='roster-desk']"
    assert text(page, f"{desk}/h2") == "Registration desk"
    assert outer(page, f"{desk}//ul[@class='roster__people']/li") == (
        '<li>Ada Lovelace · <a href="mailto:ada@example.com">ada@example.com</a></li>'
    )
    assert texts(page, f"{desk}//tbody/tr/td[3]") == ["1 / 3"]


def test_roster_csv_has_one_row_per_volunteer_and_escapes_formulas(
    client, conference, volunteering, roster_data, roster_keeper
):
    SignupFactory(
        shift=roster_data,
        user=UserFactory(username="mallory", first_name="=HYPERLINK(1)", last_name=""),
    )
    later = roster_data.starts_at + HOUR
    ShiftFactory(
        role=roster_data.role,
        capacity=1,
        location="Side door",
        starts_at=later,
        ends_at=later + HOUR,
    )
    client.force_login(roster_keeper)

    response = client.get(url(conference, "roster-csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="djangocon-us-2024-volunteers.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "role", "starts", "ends", "location", "session", "places", "status", "name", "username",
        "email",
    ]  # fmt: skip
    assert rows[1] == [
        "Registration desk", "2024-09-23 08:00", "2024-09-23 09:00", "Lobby", "", "3",
        "confirmed", "Ada Lovelace", "ada", "ada@example.com",
    ]  # fmt: skip
    assert rows[2][6:] == ["confirmed", "'=HYPERLINK(1)", "mallory", "mallory@example.com"]
    assert rows[3] == [
        "Registration desk", "2024-09-23 09:00", "2024-09-23 10:00", "Side door", "", "1",
        "", "", "", "",
    ]  # fmt: skip
    assert len(rows) == 4


@pytest.mark.parametrize("count", [3, 50])
def test_roster_queries_are_constant(
    client, conference, volunteering, roster_keeper, count, django_assert_num_queries, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    # The public page cache keeps the conference version briefly; keep it for the whole test.
    settings.HALLWAY_VERSION_CACHE_SECONDS = 300
    desk = RoleFactory(conference=conference, name="Desk", slug="desk")
    for n in range(count):
        SignupFactory(shift=ShiftFactory(role=desk), user=UserFactory(username=f"v{n}"))
    client.force_login(roster_keeper)
    client.get(url(conference, "roster"))

    # user, permissions (user and group), conference, feature, shifts, sign-ups with users
    with django_assert_num_queries(7):
        response = client.get(url(conference, "roster"))

    assert len(response.context["shifts"]) == count


def test_roster_lists_the_waiting_list_after_the_volunteers(
    client, conference, volunteering, roster_keeper
):
    shift = ShiftFactory(capacity=1, role__conference=conference)
    SignupFactory(shift=shift, user=UserFactory(username="first"))
    SignupFactory(shift=shift, user=UserFactory(username="second"), status="waiting")
    client.force_login(roster_keeper)

    page = parse(client.get(url(conference, "roster")))
    rows = list(csv.reader(io.StringIO(client.get(url(conference, "roster-csv")).content.decode())))

    assert [" ".join(li.text_content().split()) for li in select(page, ".roster__people li")] == [
        "first · first@example.com",
        "second · second@example.com waiting list",
    ]
    assert [(row[6], row[8]) for row in rows[1:]] == [("confirmed", "first"), ("waiting", "second")]
