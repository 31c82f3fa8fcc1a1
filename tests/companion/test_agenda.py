import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from hallway.companion.extras import agenda_extras
from hallway.companion.models import Attendance, Star
from hallway.companion.services import changes_for
from hallway.program.models import ScheduleChange, Session
from tests.companion.factories import LabelFactory, NoteFactory, StarFactory, UserFactory
from tests.factories import NEW_YORK, RoomFactory, SessionFactory
from tests.html import attrs, parse, select, text, texts


def agenda_url(conference, **kwargs):
    return reverse("companion:agenda", kwargs={"conference_slug": conference.slug, **kwargs})


def at(hour, minute=0, day=23):
    return dt.datetime(2024, 9, day, hour, minute, tzinfo=NEW_YORK)


@pytest.fixture
def agenda_label(attendee):
    return LabelFactory(user=attendee, name="Agenda", position=0)


def test_agenda_groups_by_day_and_flags_overlaps(client, attendee, conference, agenda_label):
    first = SessionFactory(
        conference=conference, title="Overlapping A", start=at(10), end=at(10, 45)
    )
    second = SessionFactory(
        conference=conference, title="Overlapping B", start=at(10, 30), end=at(11)
    )
    alone = SessionFactory(
        conference=conference, title="Alone", start=at(9, day=24), end=at(10, day=24)
    )
    for session in (first, second, alone):
        StarFactory(user=attendee, session=session, label=agenda_label)
    client.force_login(attendee)

    response = client.get(agenda_url(conference))

    days = response.context["days"]
    assert [(day.date, [e.session.title for e in day.entries]) for day in days] == [
        (dt.date(2024, 9, 23), ["Overlapping A", "Overlapping B"]),
        (dt.date(2024, 9, 24), ["Alone"]),
    ]
    assert [[o.title for o in e.overlaps] for e in days[0].entries] == [
        ["Overlapping B"],
        ["Overlapping A"],
    ]
    assert days[1].entries[0].overlaps == []
    assert len(select(parse(response), ".agenda-item--overlap")) == 2


def test_agenda_shows_one_label(client, attendee, conference, agenda_label):
    online = LabelFactory(user=attendee, name="Online", position=1)
    StarFactory(
        user=attendee,
        session=SessionFactory(conference=conference, title="In person"),
        label=agenda_label,
    )
    StarFactory(
        user=attendee, session=SessionFactory(conference=conference, title="Remote"), label=online
    )
    client.force_login(attendee)

    response = client.get(agenda_url(conference), {"label": online.pk})

    assert [e.session.title for d in response.context["days"] for e in d.entries] == ["Remote"]


def test_agenda_for_an_anonymous_visitor_shows_session_picks(client, conference, talk):
    client.post(
        reverse("companion:star", kwargs={"conference_slug": conference.slug, "pk": talk.pk})
    )

    response = client.get(agenda_url(conference))

    assert response.status_code == 200
    assert [e.session.title for d in response.context["days"] for e in d.entries] == [
        "Error Culture"
    ]
    notice = "//main/p[@class='notice']/a"
    assert texts(parse(response), notice) == ["Sign up"]
    assert attrs(parse(response), notice, "href") == [
        "/accounts/signup/?next=/djangocon-us-2024/my/agenda/"
    ]


def build_agenda(attendee, conference, label, count):
    room = RoomFactory(conference=conference)
    start = at(9)
    sessions = Session.objects.bulk_create(
        [
            Session(
                conference=conference,
                title=f"Bulk {n}",
                slug=f"bulk-{n}",
                start=start + dt.timedelta(minutes=20 * n),
                end=start + dt.timedelta(minutes=20 * n + 30),
                room=room,
            )
            for n in range(count)
        ]
    )
    Star.objects.bulk_create([Star(user=attendee, session=s, label=label) for s in sessions])
    NoteFactory(user=attendee, session=sessions[0])
    ScheduleChange.objects.create(
        conference=conference, session=sessions[0], session_title="Bulk 0", kind="retimed"
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_agenda_queries_are_constant(
    client, attendee, conference, agenda_label, count, django_assert_num_queries, settings
):
    # The public page cache keeps the conference version briefly; keep it for the whole test.
    settings.HALLWAY_VERSION_CACHE_SECONDS = 300
    # Sessions in a signed cookie: the same count whether sessions live in the database or Redis.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    build_agenda(attendee, conference, agenda_label, count)
    client.force_login(attendee)
    client.get(agenda_url(conference))  # creates the attendance row and labels once

    # user, conference, labels, attendance, changes, stars, notes, share links, and one per
    # agenda extras provider (volunteer shifts, side events…)
    with django_assert_num_queries(8 + len(agenda_extras)):
        response = client.get(agenda_url(conference))
    # Seen again, nothing changed: the page kept for the attendee (page_cache.kept_per_member).
    with django_assert_num_queries(1):
        again = client.get(agenda_url(conference))

    assert sum(len(day.entries) for day in response.context["days"]) == count
    assert (response["X-Hallway-Cache"], again["X-Hallway-Cache"]) == ("miss", "hit")
    assert again.content.count(b'class="agenda-item') == response.content.count(
        b'class="agenda-item'
    )


def test_changes_to_starred_sessions_show_until_dismissed(
    client, attendee, conference, agenda_label, talk
):
    unstarred = SessionFactory(conference=conference, title="Not mine")
    ScheduleChange.objects.create(
        conference=conference,
        session=talk,
        session_title=talk.title,
        kind="retimed",
        old_value="09:00",
        new_value="10:00",
    )  # before starring: not news to this attendee
    StarFactory(user=attendee, session=talk, label=agenda_label)
    ScheduleChange.objects.create(
        conference=conference,
        session=talk,
        session_title=talk.title,
        kind="moved",
        old_value="Room 1",
        new_value="Room 2",
    )
    ScheduleChange.objects.create(
        conference=conference, session=unstarred, session_title="Not mine", kind="cancelled"
    )
    client.force_login(attendee)

    response = client.get(agenda_url(conference))

    page, html = parse(response), response.content.decode()
    changes = "//section[@aria-labelledby='changes-title']"
    assert text(page, f"{changes}/h2") == "Changes to sessions you starred"
    assert texts(page, f"{changes}/ul/li/strong") == ["Error Culture"]
    assert texts(page, f"{changes}/ul/li/text()") == [": Moved to another room (Room 1 → Room 2)"]
    # The retiming before the star is not news; the page has 09:00 elsewhere (the talk's time).
    assert "09:00" not in text(page, changes)
    assert "Not mine" not in html
    client.post(reverse("companion:dismiss-changes", kwargs={"conference_slug": conference.slug}))
    assert (
        "Changes to sessions you starred" not in client.get(agenda_url(conference)).content.decode()
    )


def test_changes_for_ignores_other_attendees_stars(attendee, other_attendee, conference, talk):
    StarFactory(user=other_attendee, session=talk)
    ScheduleChange.objects.create(
        conference=conference, session=talk, session_title="x", kind="moved"
    )

    assert list(changes_for(attendee, conference)) == []
    assert len(changes_for(other_attendee, conference)) == 1


def feed_url(attendance):
    return reverse(
        "companion:agenda-feed",
        kwargs={"conference_slug": attendance.conference.slug, "token": attendance.feed_token},
    )


def test_feed_lists_starred_sessions_without_login(
    client, attendee, conference, agenda_label, talk
):
    SessionFactory(conference=conference, title="Someone else's pick")
    StarFactory(user=attendee, session=talk, label=agenda_label)
    StarFactory(user=attendee, session=talk, label=LabelFactory(user=attendee, name="Deep dive"))
    attendance = Attendance.objects.create(user=attendee, conference=conference)

    response = client.get(feed_url(attendance))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Error Culture"]
    assert str(calendar["X-WR-CALNAME"]) == "DjangoCon US 2024: my agenda"


def test_feed_follows_a_moved_session(client, attendee, conference, agenda_label, talk):
    StarFactory(user=attendee, session=talk, label=agenda_label)
    attendance = Attendance.objects.create(user=attendee, conference=conference)
    talk.start, talk.end = at(15), at(15, 45)
    talk.save()

    event = icalendar.Calendar.from_ical(client.get(feed_url(attendance)).content).walk("VEVENT")[0]

    assert event.decoded("DTSTART") == at(15)


def test_feed_reset_kills_the_old_address(client, attendee, conference):
    attendance = Attendance.objects.create(user=attendee, conference=conference)
    old = feed_url(attendance)
    client.force_login(attendee)

    client.post(reverse("companion:reset-feed", kwargs={"conference_slug": conference.slug}))
    attendance.refresh_from_db()

    assert client.get(old).status_code == 404
    assert client.get(feed_url(attendance)).status_code == 200
    assert feed_url(attendance) != old


def test_feed_with_a_wrong_token_is_404(client, conference):
    url = reverse(
        "companion:agenda-feed", kwargs={"conference_slug": conference.slug, "token": "nope"}
    )
    assert client.get(url).status_code == 404


def test_share_link_shows_one_label_read_only_until_revoked(
    client, attendee, conference, agenda_label
):
    online = LabelFactory(user=attendee, name="Online", position=1)
    StarFactory(
        user=attendee,
        session=SessionFactory(conference=conference, title="Shared talk"),
        label=online,
    )
    hidden = SessionFactory(conference=conference, title="Private pick")
    StarFactory(user=attendee, session=hidden, label=agenda_label)
    NoteFactory(user=attendee, session=hidden, body="secret note text")
    client.force_login(attendee)
    client.post(
        reverse("companion:share-create", kwargs={"conference_slug": conference.slug}),
        {"label": online.pk},
    )
    link = attendee.share_links.get()
    client.logout()

    response = client.get(link.get_absolute_url())

    html = response.content.decode()
    assert texts(parse(response), "//p[@class='agenda-item__title']") == ["Shared talk"]
    assert "Private pick" not in html
    assert "secret note text" not in html
    assert 'class="star-form"' not in html
    client.force_login(attendee)
    client.post(
        reverse(
            "companion:share-revoke", kwargs={"conference_slug": conference.slug, "pk": link.pk}
        )
    )
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 404


def test_other_attendee_cannot_revoke_a_share_link(client, attendee, other_attendee, conference):
    link = attendee.share_links.create(conference=conference)
    client.force_login(other_attendee)

    response = client.post(
        reverse(
            "companion:share-revoke", kwargs={"conference_slug": conference.slug, "pk": link.pk}
        )
    )

    assert response.status_code == 404
    assert attendee.share_links.count() == 1


def test_users_without_stars_see_an_empty_agenda(client, conference):
    client.force_login(UserFactory())

    page = parse(client.get(agenda_url(conference)))

    assert texts(page, "//section[@class='agenda-day']") == []
    assert text(page, "//main/p[a]") == "Nothing starred yet. Star sessions on the schedule."


def test_feed_describes_changes_to_starred_sessions(
    client, attendee, conference, agenda_label, talk
):
    StarFactory(user=attendee, session=talk, label=agenda_label)
    ScheduleChange.objects.create(
        conference=conference,
        session=talk,
        session_title=talk.title,
        kind="moved",
        old_value="Room 1",
        new_value="Room 2",
    )
    attendance = Attendance.objects.create(user=attendee, conference=conference)

    event = icalendar.Calendar.from_ical(client.get(feed_url(attendance)).content).walk("VEVENT")[0]

    assert str(event["DESCRIPTION"]).startswith(
        "Schedule change: Moved to another room (Room 1 → Room 2)\n\n"
    )


def test_dismissing_changes_with_htmx_removes_the_notice(client, attendee, conference, talk):
    attendance = Attendance.objects.create(user=attendee, conference=conference)
    client.force_login(attendee)

    response = client.post(
        reverse("companion:dismiss-changes", kwargs={"conference_slug": conference.slug}),
        headers={"HX-Request": "true"},
    )

    attendance.refresh_from_db()
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
    assert attendance.changes_seen_at is not None
