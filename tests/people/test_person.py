"""One person across the years: matching, the presenter page, merging and splitting."""

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command

from hallway.conferences.models import Conference
from hallway.people.models import Person, Presenter, name_key
from hallway.people.services import PeopleError, merge_people, split_presenters
from tests.admin_utils import changelist_url
from tests.factories import (
    NEW_YORK,
    ConferenceFactory,
    PresenterFactory,
    SeriesFactory,
    SessionFactory,
)
from tests.html import parse, select, text
from tests.interop.conftest import FIXTURES
from tests.program.bulk import without_page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(db):
    series = SeriesFactory()
    y2023 = ConferenceFactory(
        name="DjangoCon US 2023",
        slug="djangocon-us-2023",
        series=series,
        starts_on=dt.date(2023, 10, 16),
        ends_on=dt.date(2023, 10, 20),
    )
    y2024 = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024", series=series)
    return y2023, y2024


def talk(conference, title, slug, presenter, start, **fields):
    return SessionFactory(
        conference=conference,
        title=title,
        slug=slug,
        start=start,
        end=start + dt.timedelta(minutes=45),
        with_presenters=[presenter],
        **fields,
    )


@pytest.fixture
def jeff(years):
    y2023, y2024 = years
    old = PresenterFactory(conference=y2023, name="Jeff Triplett", slug="jeff-triplett")
    new = PresenterFactory(conference=y2024, name="Jeff  Triplett", slug="jeff-triplett")
    talk(
        y2023,
        "Django deployments",
        "deployments",
        old,
        dt.datetime(2023, 10, 17, 10, tzinfo=NEW_YORK),
    )
    talk(
        y2024,
        "Django 5 in practice",
        "django-5",
        new,
        dt.datetime(2024, 9, 23, 11, tzinfo=NEW_YORK),
    )
    return old, new


def test_name_key_ignores_accents_case_punctuation_and_spacing():
    assert name_key("  José  Müller-Ñúñez ") == "jose muller nunez"
    assert name_key("JOSE MULLER NUNEZ") == "jose muller nunez"


def test_presenters_of_two_years_are_one_person(jeff):
    old, new = jeff

    assert old.person_id == new.person_id
    assert Person.objects.get().name == "Jeff Triplett"


def test_presenters_are_matched_by_slug_when_names_differ(years):
    y2023, y2024 = years
    old = PresenterFactory(conference=y2023, name="Katie McLaughlin", slug="glasnt")
    new = PresenterFactory(conference=y2024, name="Katie McL.", slug="glasnt")

    assert old.person_id == new.person_id


def test_different_names_and_slugs_are_different_people(years):
    y2023, y2024 = years
    ada = PresenterFactory(conference=y2023, name="Ada Lovelace", slug="ada")
    grace = PresenterFactory(conference=y2024, name="Grace Hopper", slug="grace")

    assert ada.person_id != grace.person_id


def test_namesakes_at_one_conference_stay_two_people(years):
    y2023, _ = years
    first = PresenterFactory(conference=y2023, name="Alex Smith", slug="alex-smith")
    second = PresenterFactory(conference=y2023, name="Alex Smith", slug="alex-smith-2")

    assert first.person_id != second.person_id


def test_presenter_page_lists_the_talks_of_every_year(client, jeff):
    page = parse(client.get("/djangocon-us-2024/presenters/jeff-triplett/"))

    assert [text(a) for a in select(page, ".session-list__title")] == [
        "Django 5 in practice",
        "Django deployments",
    ]
    assert [text(h) for h in select(page, ".other-year__name")] == ["DjangoCon US 2023"]
    assert select(page, ".other-year__name a")[0].get("href") == (
        "/djangocon-us-2023/presenters/jeff-triplett/"
    )
    assert select(page, "section[aria-labelledby=other-years-title] li a")[0].get("href") == (
        "/djangocon-us-2023/talks/deployments/"
    )
    older = parse(client.get("/djangocon-us-2023/presenters/jeff-triplett/"))
    assert [text(a) for a in select(older, ".session-list__title")] == [
        "Django deployments",
        "Django 5 in practice",
    ]


def test_other_years_link_to_their_own_host(client, jeff):
    Conference.objects.filter(slug="djangocon-us-2023").update(host="2023.djangocon.example")

    page = parse(client.get("/djangocon-us-2024/presenters/jeff-triplett/"))

    assert select(page, ".other-year__name a")[0].get("href") == (
        "//2023.djangocon.example/presenters/jeff-triplett/"
    )


def test_hidden_presenters_sessions_and_private_years_stay_out(client, jeff, years):
    old, new = jeff
    y2023, _ = years
    talk(
        y2023,
        "A hidden draft",
        "draft",
        old,
        dt.datetime(2023, 10, 18, 9, tzinfo=NEW_YORK),
        is_hidden=True,
    )
    private = ConferenceFactory(name="Private 2025", slug="private-2025", is_public=False)
    PresenterFactory(conference=private, name="Jeff Triplett", slug="jeff-triplett")

    page = parse(client.get("/djangocon-us-2024/presenters/jeff-triplett/"))

    assert [text(h) for h in select(page, ".other-year__name")] == ["DjangoCon US 2023"]
    assert "A hidden draft" not in page.text_content()
    Presenter.objects.filter(pk=old.pk).update(is_hidden=True)
    new.conference.bump_version()
    page = parse(client.get("/djangocon-us-2024/presenters/jeff-triplett/"))
    assert select(page, ".other-year__name") == []


@pytest.mark.parametrize("count", [1, 6])
def test_presenter_page_queries_are_constant(client, django_assert_num_queries, settings, count):
    without_page_cache(settings)
    for n in range(count + 1):
        conference = ConferenceFactory(
            name=f"Conf {2010 + n}",
            slug=f"conf-{2010 + n}",
            starts_on=dt.date(2010 + n, 5, 1),
            ends_on=dt.date(2010 + n, 5, 3),
        )
        presenter = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada")
        for m in range(3):
            talk(
                conference,
                f"Talk {n}.{m}",
                f"talk-{m}",
                presenter,
                dt.datetime(2010 + n, 5, 1, 9 + m, tzinfo=NEW_YORK),
            )

    # Host, language, conference, presenter, their sessions, their other years, those years'
    # sessions.
    with django_assert_num_queries(7):
        response = client.get(f"/conf-{2010 + count}/presenters/ada/")

    assert len(select(parse(response), ".other-year__name")) == count


def test_imported_schedules_link_presenters_across_years(client, tmp_path):
    """Two years of a pretalx conference imported with import_schedule: the speaker who spoke
    at both has one page listing both talks."""
    call_command(
        "import_schedule", str(FIXTURES / "pretalx.json"), "--slug", "democon-2025", "--publish"
    )
    document = json.loads((FIXTURES / "pretalx.json").read_text())
    conference = document["schedule"]["conference"]
    conference.update(title="DemoCon 2026", start="2026-03-28", end="2026-03-30")
    event = conference["days"][0]["rooms"]["Saal 1"][0]
    next_year = {
        **document,
        "schedule": {
            **document["schedule"],
            "conference": {
                **conference,
                "days": [
                    {
                        **conference["days"][0],
                        "date": "2026-03-28",
                        "day_start": "2026-03-28T04:00:00+01:00",
                        "day_end": "2026-03-29T03:59:00+02:00",
                        "rooms": {
                            "Saal 1": [
                                {
                                    **event,
                                    "guid": "0d6d7a0e-0000-4000-8000-000000000001",
                                    "id": 901,
                                    "slug": "democon-901-zeichen-revisited",
                                    "title": "Zeichen, revisited",
                                    "date": "2026-03-28T10:00:00+01:00",
                                }
                            ]
                        },
                    }
                ],
            },
        },
    }
    path = tmp_path / "2026.json"
    path.write_text(json.dumps(next_year))
    call_command("import_schedule", str(path), "--slug", "democon-2026", "--publish")
    speaker = event["persons"][0]["name"]

    people = Presenter.objects.filter(name=speaker).values_list("person_id", flat=True)
    assert len(set(people)) == 1
    slug = Presenter.objects.get(name=speaker, conference__slug="democon-2026").slug
    page = parse(client.get(f"/democon-2026/presenters/{slug}/"))
    assert [text(a) for a in select(page, ".session-list__title")] == [
        "Zeichen, revisited",
        "Schön, schöner, am schönsten: Unicode in der Praxis",
        "Closing",
    ]
    assert [text(h) for h in select(page, ".other-year__name")] == ["DemoCon 2025"]


def test_merge_people(jeff, years):
    y2023, y2024 = years
    stranger = PresenterFactory(conference=y2024, name="J. Triplett", slug="jt")
    old, new = jeff
    Presenter.objects.filter(pk=new.pk).delete()
    versions = {c.pk: c.version for c in Conference.objects.all()}

    person = merge_people(Person.objects.filter(pk__in=[old.person_id, stranger.person_id]))

    assert person.pk == old.person_id
    stranger.refresh_from_db()
    assert stranger.person_id == person.pk
    assert Person.objects.count() == 1
    after = {c.pk: c.version for c in Conference.objects.all()}
    assert all(after[pk] > versions[pk] for pk in (y2023.pk, y2024.pk))


def test_merge_refuses_two_presenters_of_one_conference(jeff, years):
    _, y2024 = years
    other = PresenterFactory(conference=y2024, name="Somebody Else", slug="else")
    _, new = jeff

    with pytest.raises(PeopleError) as error:
        merge_people(Person.objects.filter(pk__in=[new.person_id, other.person_id]))

    assert str(error.value) == (
        "Jeff  Triplett and Somebody Else both present at DjangoCon US 2024: merge or delete "
        "one of these presenters first."
    )
    assert Person.objects.count() == 2


def test_split_gives_a_person_of_their_own(client, jeff):
    old, new = jeff

    split_presenters([new])

    new.refresh_from_db()
    old.refresh_from_db()
    assert new.person_id != old.person_id
    page = parse(client.get("/djangocon-us-2024/presenters/jeff-triplett/"))
    assert select(page, ".other-year__name") == []
    older = parse(client.get("/djangocon-us-2023/presenters/jeff-triplett/"))
    assert select(older, ".other-year__name") == []


def test_a_split_is_not_undone_by_later_saves(jeff):
    old, new = jeff
    split_presenters([new])

    new.refresh_from_db()
    new.company = "REVSYS"
    new.save()

    assert new.person_id != old.person_id


def test_link_people_migration_logic_matches_presenters_without_person(years):
    from hallway.people.services import link_presenters

    y2023, y2024 = years
    Presenter.objects.bulk_create(
        [
            Presenter(conference=y2023, name="Ada Lovelace", slug="ada"),
            Presenter(conference=y2024, name="Ada Lovelace", slug="ada"),
        ]
    )

    assert link_presenters(Presenter.objects.order_by("conference__starts_on")) == 2
    assert len(set(Presenter.objects.values_list("person_id", flat=True))) == 1


def staff(client, *codenames, username="staff"):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def test_admin_merge_action(superuser_client, years):
    y2023, y2024 = years
    a = PresenterFactory(conference=y2023, name="Jeff Triplett", slug="jeff")
    b = PresenterFactory(conference=y2024, name="Jeffrey Triplett", slug="jeffrey")

    response = superuser_client.post(
        changelist_url(Person),
        {"action": "merge", "_selected_action": [a.person_id, b.person_id]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Merged into Jeff Triplett: one page lists their talks of every year."
    ]
    b.refresh_from_db()
    assert b.person_id == a.person_id


def test_admin_merge_error_is_a_message(superuser_client, years):
    y2023, _ = years
    a = PresenterFactory(conference=y2023, name="Ada", slug="ada")

    response = superuser_client.post(
        changelist_url(Person), {"action": "merge", "_selected_action": [a.person_id]}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Select at least two people to merge."
    ]


def test_admin_split_action(superuser_client, jeff):
    old, new = jeff

    response = superuser_client.post(
        changelist_url(Presenter), {"action": "split", "_selected_action": [new.pk]}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "1 presenter is now a person of their own."
    ]
    new.refresh_from_db()
    assert new.person_id != old.person_id


def test_staff_without_change_permission_cannot_merge(client, signed_cookie_sessions, jeff, years):
    y2023, y2024 = years
    other = PresenterFactory(conference=y2024, name="Someone", slug="someone")
    viewer = staff(client, "view_person")
    old, _ = jeff

    response = viewer.post(
        changelist_url(Person),
        {"action": "merge", "_selected_action": [old.person_id, other.person_id]},
    )

    assert response.status_code == 200  # "no action selected": the action is not offered
    assert Person.objects.count() == 2
    assert (
        staff(client, "change_presenter", username="editor").get(changelist_url(Person)).status_code
        == 403
    )


@pytest.mark.parametrize("rows", [3, 30])
def test_person_changelist_queries_are_constant(
    superuser_client, years, django_assert_num_queries, rows
):
    y2023, y2024 = years
    for n in range(rows):
        PresenterFactory(conference=y2023, name=f"Person {n}", slug=f"p-{n}")
        PresenterFactory(conference=y2024, name=f"Person {n}", slug=f"p-{n}")

    with django_assert_num_queries(6):
        response = superuser_client.get(changelist_url(Person))

    assert response.context["cl"].result_count == rows


def test_data_migration_links_existing_presenters(years):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("hallway.people.migrations.0003_link_presenters_to_people")
    y2023, y2024 = years
    Presenter.objects.bulk_create(
        [
            Presenter(conference=y2023, name="Zoë Ångström", slug="zoe"),
            Presenter(conference=y2024, name="Zoe Angstrom", slug="zoe-angstrom"),
            Presenter(conference=y2024, name="Someone Else", slug="zoe"),
            Presenter(conference=y2023, name="Kim", slug="kim"),
        ]
    )

    migration.link(apps, None)

    by_name = {p.name: p.person_id for p in Presenter.objects.all()}
    assert by_name["Zoë Ångström"] == by_name["Zoe Angstrom"]
    assert by_name["Someone Else"] not in (by_name["Zoe Angstrom"], None)
    assert by_name["Kim"] not in (by_name["Zoe Angstrom"], by_name["Someone Else"])
    assert Person.objects.get(pk=by_name["Zoe Angstrom"]).name == "Zoë Ångström"
    assert Person.objects.count() == 3


def test_partial_save_of_a_bulk_row_keeps_its_person(years):
    y2023, _ = years
    (presenter,) = Presenter.objects.bulk_create(
        [Presenter(conference=y2023, name="Bo", slug="bo")]
    )

    presenter.company = "ACME"
    presenter.save(update_fields=["company"])

    presenter.refresh_from_db()
    assert presenter.person.name == "Bo"
    assert Person.objects.count() == 1
