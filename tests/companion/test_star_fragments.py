"""The schedule grid is laid out once per conference version and shared by signed-in visitors,
with each visitor's own stars laid over it ({% slotcache %})."""

import datetime as dt

import pytest
from django.template import Context, Template

from hallway.core.slotcache import join_slots, split_slots
from tests.companion.factories import StarFactory, UserFactory
from tests.companion.test_stars import star_url
from tests.factories import SessionFactory
from tests.html import parse, select
from tests.program.bulk import without_page_cache

pytestmark = pytest.mark.django_db

SCHEDULE = "/djangocon-us-2024/schedule/"


@pytest.fixture
def talks(conference):
    return [SessionFactory(conference=conference, title=f"Talk {n}") for n in range(3)]


def pressed(response) -> dict[str, str]:
    """{button's label: aria-pressed} of every star button on the page."""
    return {
        button.get("aria-label"): button.get("aria-pressed")
        for button in select(parse(response), ".star-button")
    }


def test_each_signed_in_visitor_sees_their_own_stars_on_the_shared_grid(client, talks):
    ada, grace = UserFactory(username="ada"), UserFactory(username="grace")
    StarFactory(user=ada, session=talks[0])
    StarFactory(user=grace, session=talks[2])

    client.force_login(ada)
    first = pressed(client.get(SCHEDULE))
    client.force_login(grace)
    second = pressed(client.get(SCHEDULE))

    assert first == {"Star Talk 0": "true", "Star Talk 1": "false", "Star Talk 2": "false"}
    assert second == {"Star Talk 0": "false", "Star Talk 1": "false", "Star Talk 2": "true"}


def test_the_shared_grid_is_not_laid_out_again(client, talks, django_assert_num_queries, settings):
    without_page_cache(settings)
    client.force_login(UserFactory(username="ada"))
    client.get(SCHEDULE)

    # The conference, the user, their stars (and the session row without Redis): no dates,
    # sessions, presenters or tags.
    with django_assert_num_queries(3 + settings.SESSION_ENGINE.endswith(".db")):
        response = client.get(SCHEDULE)

    assert len(select(parse(response), ".sg-item")) == 3


def test_a_new_day_shows_at_once(client, talks):
    client.get(SCHEDULE)  # caches the dates

    talks[2].start += dt.timedelta(days=1)
    talks[2].end += dt.timedelta(days=1)
    talks[2].save()
    page = parse(client.get(SCHEDULE))

    assert len(select(page, "#day-nav li")) == 3  # "All days" and two days


def test_an_edit_shows_to_signed_in_visitors_at_once(client, talks):
    client.force_login(UserFactory(username="ada"))
    client.get(SCHEDULE)

    talks[1].title = "Renamed talk"
    talks[1].save()
    page = parse(client.get(SCHEDULE))

    assert "Renamed talk" in [a.text_content() for a in select(page, ".sg-item__title a")]


def test_stars_kept_in_an_anonymous_session_show_on_the_shared_grid(client, talks):
    client.post(star_url(talks[1]))

    assert pressed(client.get(SCHEDULE))["Star Talk 1"] == "true"


def test_the_grid_is_the_same_as_without_the_fragment_cache(client, talks):
    """The slots hold exactly the buttons a direct render gives."""
    StarFactory(user=UserFactory(username="ada"), session=talks[0])
    client.force_login(UserFactory(username="ada"))
    buttons = "{% for session in talks %}{% include 'companion/_star_button.html' %}{% endfor %}"
    template = "{% load companion %}" + buttons
    cached = "{% load hallway %}{% slotcache conference 'test' %}" + buttons
    cached += "{% endslotcache %}"
    request = client.get(SCHEDULE).wsgi_request
    context = {
        "talks": talks,
        "conference": talks[0].conference,
        "stars": {talks[0].pk: [True]},
        "slot_state": {talks[0].pk: [True]},
        "request": request,
    }

    direct = Template(template).render(Context(context))

    assert Template(cached).render(Context(context)) == direct
    assert Template(cached).render(Context(context)) == direct  # from the cache


def test_a_stray_nul_makes_the_fragment_uncacheable_not_wrong():
    assert split_slots("a\x007\x01plain\x01pressed\x00b") == ["a", (7, "plain", "pressed"), "b"]
    assert join_slots(["a", (7, "plain", "pressed"), "b"], {7: [True]}) == "apressedb"
    assert split_slots("title with \x00 in it") is None


def test_a_fragment_inside_another_leaves_its_slots_to_the_outer_one(client, talks):
    request = client.get(SCHEDULE).wsgi_request
    buttons = "{% for session in talks %}{% include 'companion/_star_button.html' %}{% endfor %}"
    nested = (
        "{% load hallway %}{% slotcache conference 'outer' %}"
        f"{{% slotcache conference 'inner' %}}{buttons}{{% endslotcache %}}"
        "{% endslotcache %}"
    )
    context = {"talks": talks, "conference": talks[0].conference, "request": request}

    starred = {talks[0].pk: [True]}
    first = Template(nested).render(Context({**context, "stars": starred, "slot_state": starred}))
    second = Template(nested).render(Context({**context, "stars": {}, "slot_state": {}}))

    assert first.count('aria-pressed="true"') == 1
    assert second.count('aria-pressed="true"') == 0


def test_star_buttons_say_in_words_what_they_are_on_the_shared_grid(client, talks):
    # A sighted newcomer reads "Star" (or "Starred") beside the icon (the stylesheet shows the
    # one of the button's state; tests/e2e check it in a browser), and a tooltip says what
    # starring does; both states come out of the one cached fragment. The label stays the
    # same, as a toggle button's should: aria-pressed says the state.
    ada = UserFactory(username="ada")
    StarFactory(user=ada, session=talks[1])
    client.force_login(ada)

    buttons = select(parse(client.get(SCHEDULE)), ".star-button")

    def shown(button) -> str:
        state = "on" if button.get("aria-pressed") == "true" else "off"
        return select(button, f".star-button__text--{state}")[0].text_content()

    assert [(b.get("aria-label"), shown(b), b.get("title")) for b in buttons] == [
        ("Star Talk 0", "Star", "Star a session to add it to your agenda"),
        ("Star Talk 1", "Starred", "Star a session to add it to your agenda"),
        ("Star Talk 2", "Star", "Star a session to add it to your agenda"),
    ]
