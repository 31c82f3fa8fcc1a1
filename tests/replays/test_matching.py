"""The 60-video playlist against the demo programme: every clear match is proposed, no video goes
to two sessions, vague ones wait for an organizer."""

import json
from collections import Counter

import pytest

from hallway.replays.matching import Candidate, Matcher
from hallway.replays.models import Video
from hallway.replays.services import import_playlist
from tests.replays.conftest import PLAYLIST

CLEAR = 0.8


def playlist_titles() -> dict[str, str]:
    items = json.loads(PLAYLIST.read_text())["items"]
    return {item["snippet"]["resourceId"]["videoId"]: item["snippet"]["title"] for item in items}


@pytest.mark.django_db
def test_playlist_every_clear_match_is_proposed(demo, expected_sessions):
    report = import_playlist(demo, PLAYLIST.read_bytes())

    assert len(report.created) == 60
    videos = {video.video_id: video for video in Video.objects.select_related("session")}
    titles = playlist_titles()
    clear = [vid for vid, title in titles.items() if not title.startswith("Lightning")][:52]
    wrong = {
        titles[vid]: (videos[vid].session and videos[vid].session.slug, videos[vid].confidence)
        for vid in clear
        if videos[vid].session is None
        or videos[vid].session.slug != expected_sessions[vid]
        or videos[vid].confidence < CLEAR
    }
    assert wrong == {}
    assert {videos[vid].status for vid in clear} == {Video.Status.PROPOSED}


@pytest.mark.django_db
def test_playlist_no_video_goes_to_two_sessions_nor_two_videos_to_a_session(demo):
    import_playlist(demo, PLAYLIST.read_bytes())

    per_session = Counter(Video.objects.exclude(session=None).values_list("session_id", flat=True))
    assert [count for count in per_session.values() if count > 1] == []


@pytest.mark.django_db
def test_playlist_vague_and_unrelated_videos_wait_for_the_organizer(demo):
    report = import_playlist(demo, PLAYLIST.read_bytes(), confirm_above=CLEAR)

    titles = playlist_titles()
    waiting = {
        video.title: video.status for video in Video.objects.exclude(status=Video.Status.CONFIRMED)
    }
    assert len(report.confirmed) == 52
    assert sorted(waiting) == sorted(
        title for title in titles.values() if title not in {v.title for v in report.confirmed}
    )
    assert len(waiting) == 8
    assert Video.Status.CONFIRMED not in waiting.values()
    unrelated = list(titles.values())[-5:]
    assert {waiting[title] for title in unrelated} == {Video.Status.UNMATCHED}


@pytest.mark.django_db
def test_playlist_confirmed_videos_reach_the_sessions(demo, expected_sessions):
    import_playlist(demo, PLAYLIST.read_bytes(), confirm_above=CLEAR)

    linked = dict(demo.sessions.exclude(video_url="").values_list("video_url", "slug"))
    assert len(linked) == 52
    assert all(expected_sessions[url.rsplit("=", 1)[-1]] == slug for url, slug in linked.items())


def test_matcher_reordered_words_and_suffix_score_one():
    matcher = Matcher(
        [Candidate(1, "Maps with Django", ("Paolo Melchiorre",))],
        conference_names=["DjangoCon US 2024"],
    )

    assert (
        matcher.score("Django with maps | DjangoCon US 2024", None, matcher.candidates[0], "x")
        == 1.0
    )


def test_matcher_presenter_name_decides_between_similar_titles():
    matcher = Matcher(
        [
            Candidate(1, "Opening Remarks", ("Peter Grandstaff",)),
            Candidate(2, "Opening Remarks", ("Velda Kiara",)),
        ],
        conference_names=["DjangoCon US 2024"],
    )

    proposals = matcher.assign([("v1", "Velda Kiara - Opening Remarks | DjangoCon US 2024", None)])

    assert proposals["v1"].session_id == 2
