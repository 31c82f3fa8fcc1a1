from hallway.conferences.versioning import bump
from hallway.program.models import Session

API = "/api/conferences/djangocon-us-2024"


def test_responses_carry_an_etag_and_cache_control(client, program):
    response = client.get(f"{API}/sessions/")

    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"].startswith('"')
    assert len(response["ETag"]) == 34


def test_if_none_match_gets_a_304(client, program):
    etag = client.get(f"{API}/sessions/")["ETag"]

    response = client.get(f"{API}/sessions/", headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert response["Cache-Control"] == "public, max-age=60"


def test_a_stale_etag_gets_the_body(client, program):
    response = client.get(f"{API}/sessions/", headers={"if-none-match": '"stale"'})

    assert response.status_code == 200
    assert response.json()["count"] == 6


def test_a_cached_body_is_served_until_the_conference_version_changes(client, program):
    first = client.get(f"{API}/sessions/")
    # A write that sends no signal, so the version stays: the cache cannot notice it, which
    # shows the second answer comes from the cache.
    Session.objects.filter(pk=program.sessions.orm.pk).update(title="Renamed")
    cached = client.get(f"{API}/sessions/")
    bump(program.conference.pk)  # what every save of the conference's data does
    fresh = client.get(f"{API}/sessions/")

    assert cached.content == first.content
    assert cached["ETag"] == first["ETag"]
    assert "Renamed" in fresh.json()["results"][1]["title"]
    assert fresh["ETag"] != first["ETag"]


def test_an_edit_is_visible_at_once(client, program):
    client.get(f"{API}/sessions/{program.sessions.orm.guid}/")
    program.sessions.orm.title = "The ORM, renamed"
    program.sessions.orm.save()

    response = client.get(f"{API}/sessions/{program.sessions.orm.guid}/")

    assert response.json()["title"] == "The ORM, renamed"


def test_the_conference_list_notices_a_version_change(client, program):
    first = client.get("/api/conferences/")
    program.conference.__class__.objects.filter(pk=program.conference.pk).update(name="Renamed")
    cached = client.get("/api/conferences/")
    bump(program.conference.pk)
    fresh = client.get("/api/conferences/")

    assert cached.content == first.content
    assert fresh.json()["results"][0]["name"] == "Renamed"


def test_hiding_a_conference_empties_the_list(client, program):
    client.get("/api/conferences/")
    program.conference.is_public = False
    program.conference.save()

    assert client.get("/api/conferences/").json()["count"] == 0
    assert client.get(f"{API}/sessions/").status_code == 404


def test_query_string_order_does_not_matter(client, program, django_assert_num_queries):
    first = client.get(f"{API}/sessions/?kind=talk&page_size=2")

    with django_assert_num_queries(0):
        second = client.get(f"{API}/sessions/?page_size=2&kind=talk")

    assert second.content == first.content


def test_each_host_has_its_own_entry(client, program):
    program.conference.host = "2024.djangocon.us"
    program.conference.save()
    path = f"{API}/sessions/{program.sessions.orm.guid}/"

    client.get(path)
    on_own_host = client.get(path, headers={"host": "2024.djangocon.us"})

    assert on_own_host.json()["url"] == "http://2024.djangocon.us/talks/the-orm-in-depth/"


def test_errors_are_not_cached(client, program):
    client.get(f"{API}/sessions/{program.sessions.hidden.guid}/")
    Session.objects.filter(pk=program.sessions.hidden.pk).update(is_hidden=False)

    response = client.get(f"{API}/sessions/{program.sessions.hidden.guid}/")

    assert response.status_code == 200


def test_a_compressed_answer_revalidates_too(client, program):
    # GZipMiddleware makes the ETag weak when it compresses; If-None-Match compares weakly.
    gzipped = client.get(f"{API}/sessions/", headers={"accept-encoding": "gzip"})

    response = client.get(
        f"{API}/sessions/",
        headers={"accept-encoding": "gzip", "if-none-match": gzipped["ETag"]},
    )

    assert gzipped["Content-Encoding"] == "gzip"
    assert gzipped["ETag"].startswith('W/"')
    assert response.status_code == 304
