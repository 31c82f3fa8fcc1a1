"""Reading playlists: YouTube Data API JSON, yt-dlp JSON lines, CSV; errors name the line."""

import datetime as dt
import json

import pytest

from hallway.replays.playlists import PlaylistError, read_playlist, youtube_id

YT_DLP = "\n".join(
    json.dumps(entry)
    for entry in [
        {
            "_type": "url",
            "ie_key": "Youtube",
            "id": "YE_SXB7xkSw",
            "url": "https://www.youtube.com/watch?v=YE_SXB7xkSw",
            "title": "A Brief History of Django | DjangoCon US 2024",
            "description": None,
            "duration": 1502.0,
            "timestamp": 1730732400,
        },
        {
            "id": "ppg8-iAwd34",
            "url": "ppg8-iAwd34",
            "title": "Postgres Internals",
            "upload_date": "20241105",
        },
    ]
)


def test_youtube_api_response():
    content = json.dumps(
        {
            "kind": "youtube#playlistItemListResponse",
            "items": [
                {
                    "snippet": {
                        "title": "Maps with Django | DjangoCon US 2024",
                        "description": "Paolo shows maps.",
                        "publishedAt": "2024-12-01T10:00:00Z",
                        "resourceId": {"kind": "youtube#video", "videoId": "abcdefghijk"},
                    },
                    "contentDetails": {
                        "videoId": "abcdefghijk",
                        "videoPublishedAt": "2024-11-04T15:00:00Z",
                    },
                },
                {
                    "snippet": {
                        "title": "Private video",
                        "resourceId": {"videoId": "zzzzzzzzzzz"},
                    }
                },
            ],
        }
    ).encode()

    playlist = read_playlist(content)

    assert (playlist.format, playlist.skipped, len(playlist.items)) == ("youtube", 1, 1)
    item = playlist.items[0]
    assert (item.video_id, item.title, item.url, item.description) == (
        "abcdefghijk",
        "Maps with Django | DjangoCon US 2024",
        "https://www.youtube.com/watch?v=abcdefghijk",
        "Paolo shows maps.",
    )
    assert item.published_at == dt.datetime(2024, 11, 4, 15, 0, tzinfo=dt.UTC)


def test_youtube_pages_in_an_array():
    page = {"items": [{"snippet": {"title": "T", "resourceId": {"videoId": "abcdefghijk"}}}]}
    page2 = {"items": [{"snippet": {"title": "U", "resourceId": {"videoId": "bcdefghijkl"}}}]}

    playlist = read_playlist(json.dumps([page, page2]).encode())

    assert [item.title for item in playlist.items] == ["T", "U"]
    assert [item.position for item in playlist.items] == [0, 1]


def test_youtube_item_without_video_id_is_named():
    content = json.dumps({"items": [{"snippet": {"title": "T"}}]}).encode()

    with pytest.raises(PlaylistError) as error:
        read_playlist(content)

    assert str(error.value) == "response 1, item 1: no snippet.resourceId.videoId"


def test_yt_dlp_lines():
    playlist = read_playlist(YT_DLP.encode())

    assert playlist.format == "yt-dlp"
    assert [(i.video_id, i.url) for i in playlist.items] == [
        ("YE_SXB7xkSw", "https://www.youtube.com/watch?v=YE_SXB7xkSw"),
        ("ppg8-iAwd34", "https://www.youtube.com/watch?v=ppg8-iAwd34"),
    ]
    assert [i.published_at for i in playlist.items] == [
        dt.datetime(2024, 11, 4, 15, 0, tzinfo=dt.UTC),
        dt.datetime(2024, 11, 5, tzinfo=dt.UTC),
    ]
    assert playlist.items[0].description == ""


def test_yt_dlp_bad_line_is_named():
    content = YT_DLP + '\n{"id": "x", "title": "broken"\n'

    with pytest.raises(PlaylistError) as error:
        read_playlist(content.encode())

    assert str(error.value).startswith("line 3: not valid JSON (")


def test_csv_with_header_in_any_order():
    content = "URL,Title,Published\nhttps://youtu.be/YE_SXB7xkSw,A Brief History,2024-11-04\n"

    playlist = read_playlist(content.encode())

    item = playlist.items[0]
    assert (playlist.format, item.video_id, item.title, item.url) == (
        "csv",
        "YE_SXB7xkSw",
        "A Brief History",
        "https://youtu.be/YE_SXB7xkSw",
    )
    assert item.published_at == dt.datetime(2024, 11, 4, tzinfo=dt.UTC)


def test_csv_without_header():
    content = '"Maps with Django, at last",https://vimeo.com/12345\nSecond,https://vimeo.com/6\n'

    playlist = read_playlist(content.encode())

    assert [(i.title, i.video_id) for i in playlist.items] == [
        ("Maps with Django, at last", "https://vimeo.com/12345"),
        ("Second", "https://vimeo.com/6"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "title,url\nGood,https://youtu.be/YE_SXB7xkSw\nBad,not a url\n",
            "line 3: 'not a url' is not a URL (http:// or https://)",
        ),
        ("title,url\n,https://youtu.be/YE_SXB7xkSw\n", "line 2: the title is empty"),
        ("title,url\nOnly a title\n", "line 2: expected a title and a URL, found 1 column(s)"),
        (
            "title,url,published\nT,https://a.example/v,yesterday\n",
            "line 2: published 'yesterday' is not an ISO 8601 date",
        ),
        ("", "the file is empty"),
    ],
)
def test_csv_errors_name_the_line(content, message):
    with pytest.raises(PlaylistError) as error:
        read_playlist(content.encode())

    assert str(error.value) == message


def test_not_utf8_is_refused():
    with pytest.raises(PlaylistError) as error:
        read_playlist("title,url\nCafé,https://a.example\n".encode("latin-1"))

    assert str(error.value) == "line 2: not UTF-8 text (save the file as UTF-8)"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://youtu.be/YE_SXB7xkSw", "YE_SXB7xkSw"),
        ("https://www.youtube.com/watch?v=YE_SXB7xkSw&list=PL1", "YE_SXB7xkSw"),
        ("https://m.youtube.com/live/YE_SXB7xkSw?si=x", "YE_SXB7xkSw"),
        ("https://www.youtube.com/embed/YE_SXB7xkSw", "YE_SXB7xkSw"),
        ("https://vimeo.com/12345", None),
        ("https://www.youtube.com/watch?v=short", None),
    ],
)
def test_youtube_id(url, expected):
    assert youtube_id(url) == expected
