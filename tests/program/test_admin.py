import datetime as dt

import pytest

from hallway.program.models import ScheduleChange, Session, SessionPresenter
from tests.admin_utils import (
    add_url,
    bulk,
    changelist_url,
)
from tests.factories import (
    ConferenceFactory,
    PresenterFactory,
    RoomFactory,
    ScheduleChangeFactory,
    SessionFactory,
    TrackFactory,
)
from tests.html import attrs, parse, texts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [10, 100])
def test_session_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, rows
):
    room = RoomFactory(conference=conference)
    track = TrackFactory(conference=conference)
    sessions = bulk(SessionFactory, rows, conference=conference, room=room, track=track)
    presenters = bulk(PresenterFactory, rows, conference=conference)
    SessionPresenter.objects.bulk_create(
        SessionPresenter(session=s, presenter=p) for s, p in zip(sessions, presenters, strict=True)
    )

    with django_assert_num_queries(9):
        response = superuser_client.get(changelist_url(Session))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [10, 100])
def test_schedule_change_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, rows
):
    bulk(ScheduleChangeFactory, rows, conference=conference)

    with django_assert_num_queries(9):
        response = superuser_client.get(changelist_url(ScheduleChange))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("model", [Session, ScheduleChange], ids=["session", "schedulechange"])
def test_staff_without_permission_gets_403(staff_client, model):
    assert staff_client.get(changelist_url(model)).status_code == 403


def test_session_changelist_names_the_presenters_in_order(superuser_client, conference):
    ada = PresenterFactory(conference=conference, name="Ada")
    grace = PresenterFactory(conference=conference, name="Grace")
    SessionFactory(conference=conference, with_presenters=[grace, ada])

    page = parse(superuser_client.get(changelist_url(Session)))

    assert texts(page, "//td[@class='field-presenter_names']") == ["Grace, Ada"]


def test_session_changelist_is_in_time_order(superuser_client, conference):
    late = SessionFactory(
        conference=conference,
        title="Late",
        start=dt.datetime(2024, 9, 24, 15, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 24, 16, tzinfo=dt.UTC),
    )
    early = SessionFactory(
        conference=conference,
        title="Early",
        start=dt.datetime(2024, 9, 23, 9, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 23, 10, tzinfo=dt.UTC),
    )

    response = superuser_client.get(changelist_url(Session))

    assert list(response.context["cl"].result_list) == [early, late]


def test_session_form_has_the_presenter_inline_with_autocomplete(superuser_client, conference):
    session = SessionFactory(conference=conference)

    response = superuser_client.get(f"/admin/program/session/{session.pk}/change/")

    inline = response.context["inline_admin_formsets"][0]
    assert inline.opts.model is SessionPresenter
    assert inline.opts.autocomplete_fields == ["presenter"]


def test_presenter_autocomplete_finds_presenters_by_name(superuser_client, conference):
    PresenterFactory(conference=conference, name="Ada Lovelace")
    PresenterFactory(conference=conference, name="Grace Hopper")

    response = superuser_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "program",
            "model_name": "sessionpresenter",
            "field_name": "presenter",
            "term": "ada",
        },
    )

    assert [result["text"] for result in response.json()["results"]] == ["Ada Lovelace"]


def session_form(conference, room, **changes):
    data = {
        "conference": conference.pk,
        "kind": "talk",
        "title": "Signals considered",
        "slug": "signals-considered",
        "start_0": "2024-09-23",
        "start_1": "09:00:00",
        "end_0": "2024-09-23",
        "end_1": "09:25:00",
        "room": room.pk,
        "language": "en",
        "sessionpresenter_set-TOTAL_FORMS": "0",
        "sessionpresenter_set-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_session_form_saves_a_session(superuser_client, conference):
    room = RoomFactory(conference=conference)

    response = superuser_client.post(add_url(Session), session_form(conference, room))

    assert response.status_code == 302
    assert Session.objects.get(slug="signals-considered").room == room


def test_session_form_refuses_a_room_of_another_conference(superuser_client, conference):
    other_room = RoomFactory(conference=ConferenceFactory(slug="elsewhere"))

    response = superuser_client.post(add_url(Session), session_form(conference, other_room))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["room"] == [
        "This belongs to another conference."
    ]


def test_schedule_changes_are_read_only(superuser_client, conference):
    change = ScheduleChangeFactory(conference=conference)
    url = f"/admin/program/schedulechange/{change.pk}/change/"

    assert superuser_client.get(url).status_code == 200
    assert superuser_client.post(url, {"kind": "cancelled"}).status_code == 403
    assert superuser_client.get(add_url(ScheduleChange)).status_code == 403
    change.refresh_from_db()
    assert change.kind == "moved"


def test_session_form_shows_times_in_the_conference_time_zone(superuser_client, conference):
    session = SessionFactory(
        conference=conference,
        start=dt.datetime(2024, 9, 23, 13, 0, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 23, 13, 45, tzinfo=dt.UTC),
    )

    page = parse(superuser_client.get(f"/admin/program/session/{session.pk}/change/"))

    assert attrs(page, "//input[@name='start_1']", "value") == ["09:00:00"]
    assert attrs(page, "//input[@name='end_1']", "value") == ["09:45:00"]
    assert texts(page, "//div[contains(@class, 'field-start')]//div[@class='help']") == [
        "In America/New_York time."
    ]


def test_session_form_has_no_server_time_note_beside_conference_times(superuser_client, conference):
    session = SessionFactory(conference=conference)

    response = superuser_client.get(f"/admin/program/session/{session.pk}/change/")

    # core/admin-zone.js drops the body's UTC offset that Django's widgets compare with the
    # browser's ("You are 5 hours ahead of server time").
    assert "/static/core/admin-zone.js" in str(response.context["media"])
    assert response.context["adminform"].form.fields["start"].help_text == (
        "In America/New_York time."
    )


def test_session_changelist_of_one_conference_leaves_out_its_column(superuser_client, conference):
    SessionFactory(conference=conference)

    everything = superuser_client.get(changelist_url(Session))
    one = superuser_client.get(changelist_url(Session), {"conference__id__exact": conference.pk})

    assert "conference" in everything.context["cl"].list_display
    assert one.context["cl"].list_display == [
        "action_checkbox",
        "title",
        "presenter_names",
        "kind",
        "local_start_display",
        "room",
        "track",
        "is_hidden",
        "is_cancelled",
    ]


def test_session_form_reads_times_in_the_conference_time_zone(superuser_client, conference):
    room = RoomFactory(conference=conference)

    superuser_client.post(add_url(Session), session_form(conference, room))

    session = Session.objects.get(slug="signals-considered")
    assert session.start == dt.datetime(2024, 9, 23, 13, 0, tzinfo=dt.UTC)


def test_cancel_action_cancels_and_logs_each_session(superuser_client, conference):
    first, second = SessionFactory.create_batch(2, conference=conference)
    already = SessionFactory(conference=conference, is_cancelled=True)

    response = superuser_client.post(
        changelist_url(Session),
        {"action": "cancel_sessions", "_selected_action": [first.pk, second.pk, already.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Cancelled 2 sessions."]
    assert Session.objects.filter(is_cancelled=True).count() == 3
    assert sorted(
        ScheduleChange.objects.filter(kind="cancelled").values_list("session_id", flat=True)
    ) == sorted([first.pk, second.pk])


def test_hide_action_hides_sessions(superuser_client, conference):
    session = SessionFactory(conference=conference)

    superuser_client.post(
        changelist_url(Session), {"action": "hide_sessions", "_selected_action": [session.pk]}
    )

    session.refresh_from_db()
    assert session.is_hidden is True
