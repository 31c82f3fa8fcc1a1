import pytest
from django.urls import reverse

from hallway.companion.models import Label, Star
from hallway.companion.stars import SESSION_KEY, stars_for
from tests.companion.factories import LabelFactory, StarFactory
from tests.factories import SessionFactory
from tests.html import attrs, outer, parse


def star_url(session):
    return reverse(
        "companion:star", kwargs={"conference_slug": session.conference.slug, "pk": session.pk}
    )


def test_star_without_js_redirects_back_to_next(client, attendee, talk):
    client.force_login(attendee)

    response = client.post(star_url(talk), {"next": "/djangocon-us-2024/schedule/"})

    assert response.status_code == 302
    assert response["Location"] == "/djangocon-us-2024/schedule/"
    assert list(Star.objects.values_list("user__username", "session__title", "label__name")) == [
        ("ada", "Error Culture", "Agenda")
    ]


def test_star_refuses_an_offsite_next(client, attendee, talk):
    client.force_login(attendee)

    response = client.post(star_url(talk), {"next": "https://evil.example/"})

    assert response["Location"] == "/djangocon-us-2024/schedule/"


def test_star_twice_unstars_from_every_label(client, attendee, talk):
    deep_dive = LabelFactory(user=attendee, name="Deep dive", position=5)
    StarFactory(user=attendee, session=talk, label=deep_dive)
    client.force_login(attendee)

    client.post(star_url(talk))

    assert Star.objects.count() == 0


def test_star_with_htmx_returns_only_the_pressed_button(client, attendee, talk):
    client.force_login(attendee)

    response = client.post(star_url(talk), {"next": "/x/"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<span class="star-form"><button type="submit" form="star-form"')
    assert attrs(parse(html), "//button", "aria-pressed") == ["true"]
    assert attrs(parse(html), "//button", "aria-label") == ["Star Error Culture"]
    assert "<html" not in html


def test_star_button_names_its_state_for_screen_readers(client, attendee, talk):
    client.force_login(attendee)

    first = parse(client.post(star_url(talk), headers={"HX-Request": "true"}))
    second = parse(client.post(star_url(talk), headers={"HX-Request": "true"}))

    assert attrs(first, "//button", "aria-pressed") == ["true"]
    # A toggle button keeps its name; aria-pressed says whether it is on.
    assert attrs(first, "//button", "aria-label") == ["Star Error Culture"]
    assert attrs(second, "//button", "aria-pressed") == ["false"]
    assert attrs(second, "//button", "aria-label") == ["Star Error Culture"]


def test_star_under_a_given_label_keeps_the_others(client, attendee, talk):
    agenda = LabelFactory(user=attendee, name="Agenda", position=0)
    online = LabelFactory(user=attendee, name="Online", position=1)
    StarFactory(user=attendee, session=talk, label=agenda)
    client.force_login(attendee)

    client.post(star_url(talk), {"label": online.pk})

    assert sorted(Star.objects.values_list("label__name", flat=True)) == ["Agenda", "Online"]


def test_star_under_someone_elses_label_is_404(client, attendee, other_attendee, talk):
    theirs = LabelFactory(user=other_attendee, name="Theirs")
    client.force_login(attendee)

    response = client.post(star_url(talk), {"label": theirs.pk})

    assert response.status_code == 404
    assert Star.objects.count() == 0


def test_star_get_is_not_allowed(client, talk):
    assert client.get(star_url(talk)).status_code == 405


def test_anonymous_stars_live_in_the_session(client, talk):
    response = client.post(star_url(talk), headers={"HX-Request": "true"})

    assert attrs(parse(response), "//button", "aria-pressed") == ["true"]
    assert client.session[SESSION_KEY] == {str(talk.conference_id): [talk.pk]}
    assert Star.objects.count() == 0
    client.post(star_url(talk))
    assert client.session[SESSION_KEY] == {str(talk.conference_id): []}


def test_anonymous_picks_are_kept_at_sign_up(client, talk, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    client.post(star_url(talk))

    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "username": "newcomer",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
        },
    )

    assert response.status_code == 302
    assert list(Star.objects.values_list("user__username", "session_id", "label__name")) == [
        ("newcomer", talk.pk, "Agenda")
    ]
    assert SESSION_KEY not in client.session


def test_anonymous_picks_are_kept_at_sign_in(client, attendee, talk):
    client.post(star_url(talk))

    client.post(reverse("account_login"), {"login": "ada", "password": "correct horse battery"})

    assert list(Star.objects.values_list("user__username", "session_id")) == [("ada", talk.pk)]


def test_stars_for_a_signed_in_attendee_takes_one_query(
    rf, attendee, conference, django_assert_num_queries
):
    sessions = [SessionFactory(conference=conference) for _ in range(3)]
    agenda = LabelFactory(user=attendee, name="Agenda", position=0)
    online = LabelFactory(user=attendee, name="Online", position=1)
    StarFactory(user=attendee, session=sessions[0], label=agenda)
    StarFactory(user=attendee, session=sessions[0], label=online)
    StarFactory(user=attendee, session=sessions[2], label=online)
    request = rf.get("/")
    request.user = attendee

    with django_assert_num_queries(1):
        stars = stars_for(request, conference)

    assert {pk: [label.name for label in labels] for pk, labels in stars.items()} == {
        sessions[0].pk: ["Agenda", "Online"],
        sessions[2].pk: ["Online"],
    }


def test_stars_for_an_anonymous_visitor_takes_no_query(
    client, conference, talk, django_assert_num_queries
):
    client.post(star_url(talk))
    request = client.get("/").wsgi_request

    with django_assert_num_queries(0):
        stars = stars_for(request, conference)

    assert [(pk, [label.name for label in labels]) for pk, labels in stars.items()] == [
        (talk.pk, ["Agenda"])
    ]


@pytest.mark.parametrize("labels", [0, 2])
def test_default_labels_are_created_once(client, attendee, talk, labels):
    for n in range(labels):
        LabelFactory(user=attendee, name=f"Mine {n}", position=n)
    client.force_login(attendee)

    client.post(star_url(talk))

    expected = (
        ["Agenda", "Personal", "Deep dive", "Less relevant", "Online"]
        if not labels
        else [
            "Mine 0",
            "Mine 1",
        ]
    )
    assert list(Label.objects.filter(user=attendee).values_list("name", flat=True)) == expected


def test_session_page_links_signed_in_attendees_to_their_notes(client, attendee, talk):
    notes = reverse(
        "companion:session-notes", kwargs={"conference_slug": talk.conference.slug, "pk": talk.pk}
    )
    anonymous = client.get(talk.get_absolute_url()).content.decode()
    client.force_login(attendee)

    signed_in = client.get(talk.get_absolute_url()).content.decode()

    star = "//button[@class='star-button']"
    assert attrs(parse(anonymous), star, "aria-label") == ["Star Error Culture"]
    assert notes not in anonymous
    assert outer(parse(signed_in), "//a[@class='star-notes-link']") == (
        f'<a class="star-notes-link" href="{notes}">Labels and notes</a>'
    )
