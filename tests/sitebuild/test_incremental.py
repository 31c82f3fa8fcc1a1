"""``build_site`` into the folder of an earlier build: only what changed is rendered and written."""

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from hallway.conferences.models import Conference
from hallway.program.models import Session
from hallway.sitebuild.incremental import (
    MANIFEST,
    REUSE_FOLDER,
    QueryRecorder,
    build_caches,
    decode_param,
    encode_param,
)
from hallway.sitebuild.services import MARKER, build_site
from tests.factories import NEW_YORK, PageFactory, PostFactory, PresenterFactory, SessionFactory

pytestmark = pytest.mark.django_db

MOVED_PAGES = [
    "presenters/ada-lovelace/card.png",
    "presenters/ada-lovelace/index.html",
    "schedule.ics",
    "schedule.json",
    "schedule.xml",
    "schedule/2024-09-23/index.html",
    "schedule/changes.xml",
    "schedule/changes/index.html",
    "schedule/error-culture.ics",
    "schedule/index.html",
    "sitemap.xml",
    "talks/error-culture/card.png",
    "talks/error-culture/index.html",
]


@pytest.fixture
def site(conference):
    # After the conference the home page shows no clock, so two builds of it are equal.
    Conference.objects.filter(pk=conference.pk).update(phase=Conference.Phase.ARCHIVED)
    conference.refresh_from_db()
    ada = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada-lovelace")
    grace = PresenterFactory(conference=conference, name="Grace Hopper", slug="grace-hopper")
    # (Fixed times: moved by a few hours, the session stays on its day.)
    SessionFactory(
        conference=conference,
        title="Error culture",
        slug="error-culture",
        start=dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK),
        with_presenters=[ada],
    )
    SessionFactory(
        conference=conference,
        kind="tutorial",
        title="Forms",
        slug="forms",
        start=dt.datetime(2024, 9, 23, 10, 0, tzinfo=NEW_YORK),
        with_presenters=[grace],
    )
    PostFactory(conference=conference, title="Tickets on sale", slug="tickets-on-sale")
    PageFactory(conference=conference, title="Code of conduct", slug="code-of-conduct")
    return conference


def build(conference, out: Path, **options):
    return build_site(conference, out, **options)


def files(folder: Path) -> dict[str, bytes]:
    """The site's files (not the build's own state)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.name not in (MARKER, MANIFEST)
        and path.relative_to(folder).parts[0] != REUSE_FOLDER
    }


def mtimes(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).parts[0] != REUSE_FOLDER
    }


def move(slug: str, hours: int) -> None:
    session = Session.objects.get(slug=slug)
    session.start += dt.timedelta(hours=hours)
    session.end += dt.timedelta(hours=hours)
    session.save()


def test_a_second_build_renders_nothing_and_writes_nothing(site, tmp_path):
    out = tmp_path / "site"
    first = build(site, out)
    before = mtimes(out)

    again = build(site, out)

    assert (again.written, again.removed) == ([], [])
    # Only the answers that ran no query are asked again: switched-off features' 404s.
    not_found = sorted(path for path, status, _ in first.broken if status == 404)
    assert sorted(again.rendered) == not_found
    assert again.reused == len(first.rendered) - len(not_found)
    assert again.unchanged == len(first.files)
    assert sorted(again.pages) == sorted(first.pages)
    assert {k: v for k, v in mtimes(out).items() if k != MANIFEST and k != MARKER} == {
        k: v for k, v in before.items() if k != MANIFEST and k != MARKER
    }


def test_moving_a_session_rewrites_only_the_pages_that_show_it(site, tmp_path):
    out = tmp_path / "site"
    first = build(site, out)
    before = mtimes(out)

    move("error-culture", hours=3)
    report = build(site, out)
    after = mtimes(out)

    assert sorted(report.written) == MOVED_PAGES
    assert report.removed == []
    not_found = [path for path, status, _ in first.broken if status == 404]
    assert sorted(report.rendered) == sorted(
        [
            "/sitemap.xml",
            *(
                f"/djangocon-us-2024/{page.removesuffix('index.html')}"
                for page in MOVED_PAGES
                if page != "sitemap.xml"
            ),
            *not_found,
        ]
    )
    touched = sorted(path for path in after if after[path] != before.get(path))
    assert touched == sorted([*MOVED_PAGES, MANIFEST, MARKER])
    assert after["tutorials/forms/index.html"] == before["tutorials/forms/index.html"]


def test_an_incremental_build_equals_a_full_build_into_an_empty_folder(site, tmp_path):
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(site, out, compress=True)
    move("error-culture", hours=3)
    SessionFactory(conference=site, title="Added late", slug="added-late")
    Session.objects.get(slug="forms").delete()
    build(site, out, compress=True)

    build(site, fresh, compress=True)

    incremental, full = files(out), files(fresh)
    assert sorted(incremental) == sorted(full)
    assert [name for name in incremental if incremental[name] != full[name]] == []
    assert "talks/added-late/index.html" in incremental
    assert "tutorials/forms/index.html" not in incremental


def test_pages_that_are_gone_are_removed(site, tmp_path):
    out = tmp_path / "site"
    build(site, out)

    Session.objects.get(slug="forms").delete()
    report = build(site, out)

    assert report.removed == [
        "schedule/forms.ics",
        "tutorials/forms/card.png",
        "tutorials/forms/index.html",
    ]
    assert not (out / "tutorials").exists()  # the folders left empty go too


def test_a_change_of_options_renders_every_page(site, tmp_path):
    out = tmp_path / "site"
    first = build(site, out)

    report = build(site, out, base_url="https://2024.djangocon.example/")

    assert report.reused == 0
    assert len(report.rendered) == len(first.rendered)


def test_full_renders_every_page_but_writes_only_what_changed(site, tmp_path):
    out = tmp_path / "site"
    # (An empty change feed says it was updated when it was made: give it an entry.)
    move("forms", hours=1)
    first = build(site, out)

    report = build(site, out, full=True)

    assert (report.reused, len(report.rendered)) == (0, len(first.rendered))
    assert report.written == []


def test_a_build_that_stopped_half_way_leaves_no_manifest(site, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(site, out)

    def fail(self):
        raise RuntimeError("stopped")

    monkeypatch.setattr("hallway.sitebuild.services.SiteBuilder.run", fail)
    with pytest.raises(RuntimeError):
        build(site, out)
    monkeypatch.undo()
    report = build(site, out)

    assert not report.reused
    assert json.loads((out / MARKER).read_text())["complete"] is True


def test_the_command_reports_written_unchanged_and_removed(site, tmp_path, capsys):
    out = tmp_path / "site"
    call_command("build_site", "--slug", site.slug, "--out", str(out), "--workers", "1")
    move("error-culture", hours=3)

    capsys.readouterr()
    call_command("build_site", "--slug", site.slug, "--out", str(out), "--workers", "1")
    output = capsys.readouterr()
    last = output.out.strip().splitlines()[-1]

    not_found = output.err.count(" answered 404 ")
    written = len(MOVED_PAGES)
    unchanged = len(files(out)) - written
    rendered = written + not_found  # (the sitemap too: it lists the moved session's page)
    entries = len(json.loads((out / MANIFEST).read_text())["entries"])
    assert last == (
        f"{written} written, {unchanged} unchanged, 0 removed ({rendered} rendered, "
        f"{entries - rendered} kept without rendering)"
    )


def test_a_post_whose_time_has_come_shows_up_without_any_other_change(site, tmp_path, monkeypatch):
    out = tmp_path / "site"
    post = PostFactory(conference=site, title="Later", slug="later")
    # In the future for the first build; no row changes before the second.
    type(post).objects.filter(pk=post.pk).update(
        published_at=timezone.now() + dt.timedelta(minutes=30)
    )
    build(site, out)
    assert not (out / "news/later/index.html").exists()

    an_hour_later = timezone.now() + dt.timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: an_hour_later)
    report = build(site, out)

    assert sorted(page for page in report.written if page.startswith("news/")) == [
        "news/feed.xml",
        "news/index.html",
        "news/later/index.html",
    ]


def test_now_is_stored_as_now_and_replayed_as_the_current_time():
    recorded = timezone.now()
    later = recorded + dt.timedelta(hours=5)

    assert encode_param(recorded, recorded) == {"t": "now", "v": "datetime", "naive": False}
    assert decode_param(encode_param(recorded, recorded), later) == later
    text = str(recorded.astimezone(dt.UTC).replace(tzinfo=None))  # how SQLite gets it
    assert decode_param(encode_param(text, recorded), later) == str(
        later.astimezone(dt.UTC).replace(tzinfo=None)
    )
    yesterday = recorded - dt.timedelta(days=1)
    assert decode_param(encode_param(yesterday, recorded), later) == yesterday


def test_a_value_taken_from_the_build_cache_brings_the_queries_that_made_it(site):
    with build_caches():
        maker, taker = QueryRecorder(), QueryRecorder()
        with maker.recording():
            assert cache.get("dates") is None
            cache.set("dates", list(Session.objects.values_list("start", flat=True)))
        with taker.recording():
            Conference.objects.filter(pk=site.pk).exists()
            dates = cache.get("dates")

    assert len(dates) == 2
    assert len(maker.queries) == 1
    assert taker.queries[1:] == maker.queries
    assert taker.unrecordable is False


def test_a_value_made_in_another_thread_brings_its_queries_too(site):
    # build_site --workers N renders in threads, and each thread has its own cache instance.
    maker, taker = QueryRecorder(), QueryRecorder()

    def make():
        try:
            with maker.recording():
                cache.get("one")
                connection.cursor().execute("SELECT 1")
                cache.set("one", 1)
        finally:
            connection.close()

    with build_caches():
        thread = threading.Thread(target=make)
        thread.start()
        thread.join()
        with taker.recording():
            one = cache.get("one")

    assert one == 1
    assert maker.queries == [("SELECT 1", "null")]
    assert (taker.queries, taker.unrecordable) == (maker.queries, False)


def test_a_value_added_after_a_delete_brings_its_own_queries(site):
    first, second, taker = QueryRecorder(), QueryRecorder(), QueryRecorder()
    with build_caches():
        with first.recording():
            cache.get("key")
            Conference.objects.filter(pk=site.pk).exists()
            cache.add("key", 1)
        cache.delete("key")
        with second.recording():
            cache.get("key")
            Session.objects.filter(slug="forms").exists()
            cache.add("key", 2)
        with taker.recording():
            two = cache.get("key")

    assert two == 2
    assert first.queries != second.queries
    assert taker.queries == second.queries


def test_a_value_stored_outside_any_page_makes_its_takers_render_every_time(site):
    with build_caches():
        cache.set("outside", 1)
        taker = QueryRecorder()
        with taker.recording():
            cache.get("outside")

    assert taker.unrecordable is True


def test_a_day_page_that_took_the_cached_dates_shows_a_new_day(site, tmp_path):
    # The day pages take the schedule's dates from the cache (the first schedule page made
    # them): a new day must still reach the nav of a day whose own sessions did not change.
    SessionFactory(
        conference=site,
        title="Sprints",
        slug="sprints",
        start=dt.datetime(2024, 9, 24, 9, 0, tzinfo=NEW_YORK),
    )
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    build(site, out)
    move("error-culture", hours=48)
    report = build(site, out)

    build(site, fresh)

    assert "schedule/2024-09-24/index.html" in report.written
    assert (
        files(out)["schedule/2024-09-24/index.html"]
        == files(fresh)["schedule/2024-09-24/index.html"]
    )


def test_a_full_build_takes_every_card_and_event_from_the_last_build(site, tmp_path):
    out = tmp_path / "site"
    first = build(site, out)
    cards = {name: data for name, data in files(out).items() if name.endswith("card.png")}

    report = build(site, out, full=True)

    # Five cards (the conference, two sessions, two presenters) and two VEVENTs, made once
    # (each session's own .ics takes the VEVENT that schedule.ics made).
    assert (first.outputs_made, first.outputs_taken) == (7, 2)
    assert (report.outputs_made, report.outputs_taken) == (0, 9)
    assert {name: files(out)[name] for name in cards} == cards


def test_moving_a_session_draws_only_the_cards_and_event_that_show_it(site, tmp_path):
    out = tmp_path / "site"
    build(site, out)
    kept_before = sorted(path.name for path in (out / REUSE_FOLDER).iterdir())

    move("error-culture", hours=3)
    report = build(site, out)
    kept_after = sorted(path.name for path in (out / REUSE_FOLDER).iterdir())

    # Its card, its presenter's card (which shows its time) and its VEVENT; the outputs they
    # replace are removed, the four others stay.
    assert report.outputs_made == 3
    assert len(kept_after) == 7
    assert len(set(kept_before) & set(kept_after)) == 4
