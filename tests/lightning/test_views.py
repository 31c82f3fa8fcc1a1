import datetime as dt

import pytest
from django.utils import timezone

from hallway.conferences.urls_helpers import conference_reverse
from hallway.lightning.models import LightningTalk
from tests.companion.factories import UserFactory
from tests.factories import SessionFactory
from tests.html import parse, texts
from tests.lightning.conftest import make_talk

LIST = "/djangocon-us-2024/lightning-talks/"


def sign_up_url(session) -> str:
    return conference_reverse(session.conference, "lightning:sign-up", pk=session.pk)


def test_lightning_page_is_404_while_the_feature_is_off(client, conference):
    assert client.get(LIST).status_code == 404


def test_attendee_signs_up_for_a_session(client, lightning_session, lightning_feature):
    user = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    client.force_login(user)

    response = client.post(
        sign_up_url(lightning_session),
        {"title": "  Tiny   wins ", "summary": "Small PRs get merged.", "speaker_name": "Ada L."},
        follow=True,
    )

    talk = LightningTalk.objects.get()
    assert (talk.session, talk.speaker, talk.title, talk.status) == (
        lightning_session,
        user,
        "Tiny wins",
        "proposed",
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Thank you! “Tiny wins” is proposed; the organizers will choose and order the talks."
    ]
    assert texts(parse(response), "//div[@class='my-talk']/p") == [
        "Your talk “Tiny wins”: Proposed."
    ]


def test_signing_up_needs_a_sign_in(client, lightning_session, lightning_feature):
    response = client.post(sign_up_url(lightning_session), {"title": "x", "summary": "y"})

    assert response["Location"].startswith("/accounts/login/")
    assert LightningTalk.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"title": "", "summary": "One line.", "speaker_name": "Ada"},
            {"title": ["This field is required."]},
        ),
        (
            {"title": "T", "summary": "x" * 201, "speaker_name": "Ada"},
            {"summary": ["Ensure this value has at most 200 characters (it has 201)."]},
        ),
    ],
)
def test_invalid_sign_up_names_the_field(
    client, lightning_session, lightning_feature, data, errors
):
    client.force_login(UserFactory(username="ada"))

    response = client.post(sign_up_url(lightning_session), data)

    assert response.status_code == 400
    form = next(s.form for s in response.context["sessions"] if s.pk == lightning_session.pk)
    assert form.errors == errors
    assert LightningTalk.objects.count() == 0


def test_one_sign_up_per_session(client, lightning_session, lightning_feature):
    talk = make_talk(lightning_session, "ada", "First")
    client.force_login(talk.speaker)

    response = client.post(
        sign_up_url(lightning_session), {"title": "Again", "summary": "s", "speaker_name": "A"}
    )

    form = response.context["sessions"][0].form
    assert form.non_field_errors() == [
        "You already signed up for this session: withdraw that talk to propose another."
    ]
    assert LightningTalk.objects.count() == 1


def test_only_lightning_sessions_take_sign_ups(client, conference, lightning_feature):
    talk = SessionFactory(conference=conference, kind="talk")
    client.force_login(UserFactory(username="ada"))

    response = client.post(sign_up_url(talk), {"title": "T", "summary": "S", "speaker_name": "A"})

    assert response.status_code == 404


def test_closed_call_refuses_sign_ups_with_a_clear_message(
    client, lightning_session, lightning_feature
):
    lightning_feature.closes_at = timezone.now() - dt.timedelta(minutes=5)
    lightning_feature.save()
    client.force_login(UserFactory(username="ada"))

    response = client.post(
        sign_up_url(lightning_session), {"title": "T", "summary": "S", "speaker_name": "A"}
    )

    assert response.context["sessions"][0].form.non_field_errors() == [
        "Lightning talk sign-ups are closed: nothing can be changed now."
    ]
    assert LightningTalk.objects.count() == 0
    assert texts(parse(response), "//main//p[@class='message']") == [
        "Lightning talk sign-ups are closed."
    ]


def test_speaker_withdraws_only_their_own_talk(client, lightning_session, lightning_feature):
    mine = make_talk(lightning_session, "ada", "Mine")
    theirs = make_talk(lightning_session, "bob", "Theirs")
    client.force_login(mine.speaker)
    withdraw = "lightning:withdraw"

    refused = client.post(conference_reverse(lightning_session.conference, withdraw, pk=theirs.pk))
    client.post(conference_reverse(lightning_session.conference, withdraw, pk=mine.pk))

    assert refused.status_code == 404
    assert list(LightningTalk.objects.values_list("title", flat=True)) == ["Theirs"]


def test_page_lists_accepted_talks_in_order_only(client, accepted_talks, lightning_feature):
    response = client.get(LIST)

    session = response.context["sessions"][0]
    assert [t.title for t in session.accepted_talks] == ["First", "Second"]
    content = response.content.decode()
    assert "Waiting" not in content
    assert "Declined" not in content


@pytest.mark.parametrize("count", [3, 30])
def test_lightning_page_queries_are_constant(
    client, conference, lightning_feature, count, django_assert_num_queries, signed_cookie_sessions
):
    for n in range(count):
        session = SessionFactory(conference=conference, kind="lightning", title=f"LT {n}")
        make_talk(session, f"speaker{n}", f"Talk {n}", status="accepted")
    client.force_login(UserFactory(username="ada"))
    # The first signed-in look finds the page reads the visitor (their own sign-ups), so it is
    # not one attendees can share; from then on it is rendered for each (member_pages.py). It
    # also leaves the conference's version and addresses in the cache.
    client.get(LIST)

    # The user, the conference, the feature, the sessions and their talks (two).
    with django_assert_num_queries(6):
        response = client.get(LIST)

    assert len(response.context["sessions"]) == count


# The accepted list on the session's page, in exports and in recaps. ---------------------------


def test_session_page_shows_the_accepted_talks(client, lightning_session, accepted_talks):
    content = client.get(lightning_session.get_absolute_url()).content.decode()

    assert content.index("<strong>First</strong>") < content.index("<strong>Second</strong>")
    assert "Waiting" not in content
    assert "Declined" not in content


def test_accepting_a_talk_refreshes_the_cached_session_page(
    client, lightning_session, accepted_talks
):
    url = lightning_session.get_absolute_url()
    assert "<strong>Waiting</strong>" not in client.get(url).content.decode()

    waiting = accepted_talks[2]
    waiting.status = "accepted"
    waiting.save()

    talks = "//section[@class='lightning-talks']/ol/li/strong"
    assert texts(parse(client.get(url)), talks) == ["Waiting", "First", "Second"]


def test_other_sessions_pages_have_no_lightning_section(client, conference, lightning_feature):
    talk = SessionFactory(conference=conference, kind="talk", slug="error-culture")

    assert b"lightning-talks-title" not in client.get(talk.get_absolute_url()).content
