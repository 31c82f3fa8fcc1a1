from tests.factories import ConferenceFactory, SessionFactory

API = "/api/conferences/djangocon-us-2024"


def get_json(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def titles(body) -> list[str]:
    return [item["title"] for item in body["results"]]


def test_index_links_the_schema_and_the_conferences(client, db):
    assert get_json(client, "/api/") == {
        "openapi": "http://testserver/api/openapi.json",
        "docs": "http://testserver/api/docs/",
        "conferences": "http://testserver/api/conferences/",
    }


def test_conference_list_shows_public_conferences_newest_first(client, program):
    ConferenceFactory(name="Old Con", slug="old-con", starts_on="2019-09-22", ends_on="2019-09-27")
    ConferenceFactory(name="Secret Con", slug="secret-con", is_public=False)

    body = get_json(client, "/api/conferences/")

    assert [item["slug"] for item in body["results"]] == ["djangocon-us-2024", "old-con"]
    assert body["results"][0] == {
        "slug": "djangocon-us-2024",
        "name": "DjangoCon US 2024",
        "tagline": "",
        "starts_on": "2024-09-22",
        "ends_on": "2024-09-27",
        "days": [f"2024-09-{day}" for day in range(22, 28)],
        "time_zone": "America/New_York",
        "city": "Durham, NC",
        "venue_name": "",
        "phase": "live",
        "website_url": "",
        "url": "http://testserver/djangocon-us-2024/",
        "api": {
            "sessions": f"http://testserver{API}/sessions/",
            "presenters": f"http://testserver{API}/presenters/",
            "rooms": f"http://testserver{API}/rooms/",
            "changes": f"http://testserver{API}/changes/",
        },
    }


def test_conference_detail_adds_description_tracks_and_tags(client, program):
    body = get_json(client, f"{API}/")

    assert body["tracks"] == [{"slug": "web", "name": "Web", "color": ""}]
    assert body["tags"] == [{"slug": "async", "name": "Async"}, {"slug": "orm", "name": "ORM"}]
    assert body["description"] == ""


def test_non_public_conference_is_not_found_everywhere(client, program):
    program.conference.is_public = False
    program.conference.save()

    for path in (
        "/",
        "/sessions/",
        f"/sessions/{program.sessions.orm.guid}/",
        "/presenters/",
        "/presenters/ada-lovelace/",
        "/rooms/",
        "/changes/",
    ):
        body = get_json(client, f"{API}{path}", status=404)
        assert body == {
            "detail": "No public conference with the slug 'djangocon-us-2024'.",
            "errors": [],
        }
    assert get_json(client, "/api/conferences/")["results"] == []


def test_session_list_is_listed_sessions_in_time_order_unscheduled_last(client, program):
    body = get_json(client, f"{API}/sessions/")

    assert body["count"] == 6
    assert titles(body) == [
        "Tutorial on querysets",
        "The ORM in depth",
        "Async views",
        "Coffee",
        "A cancelled talk",
        "Unscheduled talk",
    ]


def test_session_detail_has_every_field_in_the_conference_zone(client, program):
    session = program.sessions.orm

    body = get_json(client, f"{API}/sessions/{session.guid}/")

    assert body == {
        "guid": str(session.guid),
        "slug": "the-orm-in-depth",
        "title": "The ORM in depth",
        "kind": "talk",
        "start": "2024-09-23T09:00:00-04:00",
        "end": "2024-09-23T09:45:00-04:00",
        "duration_minutes": 45,
        "room": "main-hall",
        "track": "web",
        "tags": ["async", "orm"],
        # The hidden presenter between them is left out; the order is the session's.
        "presenters": [
            {"slug": "ada-lovelace", "name": "Ada Lovelace"},
            {"slug": "grace-hopper", "name": "Grace Hopper"},
        ],
        "level": "Intermediate",
        "language": "en",
        "abstract": "Everything about *select_related*.",
        "url": "http://testserver/djangocon-us-2024/talks/the-orm-in-depth/",
        "video_url": "https://videos.example.com/orm",
        "slides_url": "",
        "is_cancelled": False,
    }


def test_session_urls_follow_the_kind(client, program):
    sessions = {item["slug"]: item for item in get_json(client, f"{API}/sessions/")["results"]}

    assert sessions["tutorial-on-querysets"]["url"] == (
        "http://testserver/djangocon-us-2024/tutorials/tutorial-on-querysets/"
    )
    # A break has no page of its own.
    assert sessions["coffee"]["url"] is None
    assert sessions["a-cancelled-talk"]["is_cancelled"] is True
    assert sessions["unscheduled-talk"]["start"] is None
    assert sessions["unscheduled-talk"]["duration_minutes"] is None
    assert sessions["unscheduled-talk"]["room"] is None


def test_hidden_session_never_appears(client, program):
    hidden = program.sessions.hidden

    listed = get_json(client, f"{API}/sessions/?q=Hidden")
    detail = get_json(client, f"{API}/sessions/{hidden.guid}/", status=404)
    presenter = get_json(client, f"{API}/presenters/ada-lovelace/")

    assert listed["count"] == 0
    assert detail == {"detail": f"No session with the GUID {hidden.guid}.", "errors": []}
    assert [s["slug"] for s in presenter["sessions"]] == ["the-orm-in-depth"]


def test_session_of_another_conference_is_not_found(client, program):
    other = SessionFactory(conference=ConferenceFactory(slug="other-con"))

    get_json(client, f"{API}/sessions/{other.guid}/", status=404)


def test_presenter_list_leaves_out_hidden_presenters(client, program):
    body = get_json(client, f"{API}/presenters/")

    assert [item["slug"] for item in body["results"]] == ["ada-lovelace", "grace-hopper"]
    get_json(client, f"{API}/presenters/secret-person/", status=404)


def test_presenter_placeholder_company_is_empty_in_the_api(client, program):
    grace = program.presenters.grace
    grace.company = "Nill"
    grace.save()

    body = get_json(client, f"{API}/presenters/grace-hopper/")

    assert body["company"] == ""


def test_presenter_detail_lists_sessions_in_time_order(client, program):
    grace = program.presenters.grace
    grace.github = "grace"
    grace.pronouns = "she/her"
    grace.save()

    body = get_json(client, f"{API}/presenters/grace-hopper/")

    assert body == {
        "slug": "grace-hopper",
        "name": "Grace Hopper",
        "pronouns": "she/her",
        "company": "",
        "role": "",
        "bio": "Writes Django.",
        "photo_url": None,
        "links": {"github": "https://github.com/grace"},
        "url": "http://testserver/djangocon-us-2024/presenters/grace-hopper/",
        "sessions": [
            {
                "guid": str(program.sessions.tutorial.guid),
                "slug": "tutorial-on-querysets",
                "title": "Tutorial on querysets",
                "start": "2024-09-22T09:00:00-04:00",
                "end": "2024-09-22T12:00:00-04:00",
            },
            {
                "guid": str(program.sessions.orm.guid),
                "slug": "the-orm-in-depth",
                "title": "The ORM in depth",
                "start": "2024-09-23T09:00:00-04:00",
                "end": "2024-09-23T09:45:00-04:00",
            },
            {
                "guid": str(program.sessions.async_.guid),
                "slug": "async-views",
                "title": "Async views",
                "start": "2024-09-23T10:00:00-04:00",
                "end": "2024-09-23T10:30:00-04:00",
            },
        ],
    }


def test_rooms_in_their_order(client, program):
    body = get_json(client, f"{API}/rooms/")

    assert body["results"] == [
        {
            "slug": "main-hall",
            "name": "Main Hall",
            "description": "",
            "is_online": False,
            "guid": None,
        },
        {
            "slug": "side-room",
            "name": "Side Room",
            "description": "",
            "is_online": False,
            "guid": None,
        },
    ]


def test_changes_newest_first_without_hidden_sessions(client, program):
    body = get_json(client, f"{API}/changes/")

    assert [item["id"] for item in body["results"]] == [
        program.changes.removed.pk,
        program.changes.cancel.pk,
        program.changes.moved.pk,
    ]
    removed, _cancel, moved = body["results"]
    assert removed["session"] is None
    assert removed["session_title"] == "Gone talk"
    assert moved == {
        "id": program.changes.moved.pk,
        "kind": "moved",
        "created_at": moved["created_at"],
        "session": {
            "guid": str(program.sessions.async_.guid),
            "slug": "async-views",
            "title": "Async views",
        },
        "session_title": "Async views",
        "field": "room",
        "old_value": "Main Hall",
        "new_value": "Side Room",
    }
    # In the conference's zone, like every time in the API.
    assert moved["created_at"].endswith(("-04:00", "-05:00"))


def test_urls_point_at_the_host_the_client_used(client, program):
    program.conference.host = "2024.djangocon.us"
    program.conference.save()
    path = f"{API}/sessions/{program.sessions.orm.guid}/"

    on_main_site = get_json(client, path)
    on_own_host = client.get(path, headers={"host": "2024.djangocon.us"}).json()

    assert on_main_site["url"] == "http://testserver/djangocon-us-2024/talks/the-orm-in-depth/"
    assert on_own_host["url"] == "http://2024.djangocon.us/talks/the-orm-in-depth/"


def test_any_origin_may_read_the_api(client, program):
    for path in ("/api/", "/api/conferences/", f"{API}/sessions/", "/api/nothing/"):
        response = client.get(path)
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Expose-Headers"] == "ETag"
