"""Languages: the conference's choice, the visitor's switcher, localized dates, the cache."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import NEW_YORK, PresenterFactory, SessionFactory
from tests.html import parse, select, text

pytestmark = pytest.mark.django_db

SESSION_PATH = "/djangocon-us-2024/talks/error-culture/"


@pytest.fixture
def talk(conference):
    presenter = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada")
    return SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=dt.datetime(2024, 9, 26, 14, 30, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 26, 15, 15, tzinfo=NEW_YORK),
        with_presenters=[presenter],
    )


@pytest.fixture
def spanish(conference):
    conference.language = "es"
    conference.save()
    return conference


def choose(client: Client, language: str, next_path: str = SESSION_PATH):
    """Press the footer's switcher as a browser without JavaScript does: a plain GET form."""
    return client.get("/language/", {"language": language, "next": next_path})


def test_a_conference_is_in_english_unless_its_organizers_choose(conference):
    assert conference.language == "en"


def test_a_spanish_conference_serves_its_session_page_in_spanish(client, spanish, talk):
    response = client.get(SESSION_PATH)
    page = parse(response)

    assert response["Content-Language"] == "es"
    assert page.get("lang") == "es"
    assert text(select(page, ".session__kicker .badge")[0]) == "Charla"
    assert [text(t) for t in select(page, ".facts dt")][0] == "Cuándo"
    assert [text(t) for t in select(page, ".facts time")] == [
        "jueves 26 de septiembre de 2024, 14:30",
        "15:15",
    ]
    assert text(select(page, ".facts__note")[0]) == "45 minutos · horas de America/New_York"
    assert [text(a) for a in select(page, ".site-nav a")][:2] == ["Programa", "Ponentes"]


def test_a_spanish_conference_serves_its_schedule_in_spanish(client, spanish, talk):
    page = parse(client.get("/djangocon-us-2024/schedule/"))

    assert [text(h) for h in select(page, "section.day h2")] == ["jueves 26 de septiembre"]
    assert [text(s) for s in select(page, ".day-nav__weekday")] == ["jue"]
    assert [text(t) for t in select(page, ".sg-item__meta time")] == ["14:30", "15:15"]
    assert text(select(page, "title")[0]) == "Programa · DjangoCon US 2024"


def test_a_spanish_conference_serves_its_home_page_in_spanish(client, spanish, talk):
    page = parse(client.get("/djangocon-us-2024/"))

    assert page.get("lang") == "es"
    assert text(select(page, ".skip-link")[0]) == "Saltar al contenido"
    assert text(select(page, ".language-switcher label")[0]) == "Idioma"


def test_an_english_conference_keeps_the_sites_12_hour_times(client, talk):
    page = parse(client.get(SESSION_PATH))

    assert page.get("lang") == "en"
    assert [text(t) for t in select(page, ".facts time")] == [
        "Thursday 26 September 2024, 2:30 PM",
        "3:15 PM",
    ]


def test_every_page_has_a_switcher_that_works_without_javascript(client, talk):
    page = parse(client.get(SESSION_PATH))

    form = select(page, "form.language-switcher")[0]
    assert (form.get("method"), form.get("action")) == ("get", "/language/")
    assert [i.get("value") for i in select(form, "input[name=next]")] == [SESSION_PATH]
    options = select(form, "select[name=language] option")
    assert [(o.get("value"), text(o)) for o in options] == [("en", "English"), ("es", "Español")]
    assert [o.get("value") for o in options if o.get("selected") is not None] == ["en"]
    assert [text(b) for b in select(form, "button")] == ["Change language"]


def test_the_switcher_keeps_the_choice_in_a_cookie_and_goes_back(client, talk):
    response = choose(client, "es")

    assert response.status_code == 302
    assert response["Location"] == SESSION_PATH
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = parse(client.get(SESSION_PATH))
    assert page.get("lang") == "es"
    assert text(select(page, ".facts time")[1]) == "15:15"


def test_a_visitors_choice_wins_over_the_conferences_language(client, spanish, talk):
    choose(client, "en")

    page = parse(client.get(SESSION_PATH))

    assert page.get("lang") == "en"
    assert text(select(page, ".facts time")[1]) == "3:15 PM"


def test_an_unknown_language_in_the_cookie_falls_back_to_the_conferences(client, spanish, talk):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    assert parse(client.get(SESSION_PATH)).get("lang") == "es"


def test_pages_outside_a_conference_are_in_english_or_the_visitors_choice(client, spanish):
    assert parse(client.get("/")).get("lang") == "en"

    choose(client, "es", "/")

    assert parse(client.get("/")).get("lang") == "es"


def test_the_page_cache_never_gives_one_language_to_a_reader_of_another(client, talk):
    english = Client()
    spanish_reader = Client()
    spanish_reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    first = english.get(SESSION_PATH)
    second = spanish_reader.get(SESSION_PATH)
    third = Client().get(SESSION_PATH)
    fourth = spanish_reader.get(SESSION_PATH)

    assert [r["X-Hallway-Cache"] for r in (first, second, third, fourth)] == [
        "miss",
        "miss",
        "hit",
        "hit",
    ]
    assert [parse(r).get("lang") for r in (first, second, third, fourth)] == [
        "en",
        "es",
        "en",
        "es",
    ]
    assert "Cookie" in fourth["Vary"]


def test_a_change_of_the_conferences_language_shows_on_the_next_request(client, talk):
    conference = talk.conference
    assert parse(client.get(SESSION_PATH)).get("lang") == "en"

    conference.language = "es"
    conference.save()
    response = Client().get(SESSION_PATH)

    assert response["X-Hallway-Cache"] == "miss"
    assert parse(response).get("lang") == "es"


def test_the_admin_sets_a_conferences_language(superuser_client, conference):
    page = parse(superuser_client.get(f"/admin/conferences/conference/{conference.pk}/change/"))

    options = select(page, "select[name=language] option")
    assert [(o.get("value"), text(o)) for o in options] == [("en", "English"), ("es", "Spanish")]


def test_the_switcher_ignores_an_unknown_language_and_a_foreign_next(client):
    response = client.get("/language/", {"language": "xx", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


# Words of the English interface that no Spanish page may show (the content below has none).
ENGLISH = re.compile(
    r"\b(Schedule|Presenters?|Sponsors|News|Local guide|Sign in|Skip to content|minutes|"
    r"Times are in|Powered by|Language|Watch|Add to calendar|When|Where|Monday|Thursday|"
    r"September|AM|PM|Organizers|Style guide|Main|Account|Cancelled|Talk|No \w+ yet)\b"
)


@pytest.mark.parametrize(
    "path",
    [
        "/djangocon-us-2024/",
        "/djangocon-us-2024/schedule/",
        SESSION_PATH,
        "/djangocon-us-2024/presenters/",
        "/djangocon-us-2024/presenters/ada/",
        "/djangocon-us-2024/sponsors/",
        "/djangocon-us-2024/news/",
        "/djangocon-us-2024/places/",
    ],
)
def test_spanish_pages_show_no_english_interface_words(client, spanish, talk, path):
    response = client.get(path)
    page = parse(response)
    for hidden in select(page, "script") + select(page, "style"):
        hidden.drop_tree()
    words = [page.text_content()]
    words += [
        element.get(name)
        for name in ("aria-label", "title", "alt", "placeholder")
        for element in page.iter()
        if isinstance(element.tag, str) and element.get(name)
    ]

    assert response.status_code == 200
    assert sorted({m for w in words for m in ENGLISH.findall(w)}) == []
