"""Reading a playlist in the three forms organizers get it in.

* **YouTube Data API**: the JSON of ``playlistItems.list`` (``part=snippet,contentDetails``), one
  response or a JSON array of the responses of every page;
* **yt-dlp**: the JSON lines that ``yt-dlp --flat-playlist --dump-json <playlist>`` prints;
* **CSV**: a title and a URL per row, with or without a header row (``title,url``; an optional
  ``published`` column in ISO 8601).

The format is detected from the content. Bad input raises ``PlaylistError`` naming the line or
the item; private and deleted videos (YouTube lists them without a title) are left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.dateparse import parse_date, parse_datetime

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
# What YouTube lists in place of videos that cannot be seen.
HIDDEN_TITLES = frozenset({"private video", "deleted video"})


class PlaylistError(ValueError):
    """A playlist that cannot be read; the message names the line or the item."""


@dataclass(frozen=True)
class PlaylistItem:
    video_id: str
    title: str
    url: str
    published_at: dt.datetime | None = None
    description: str = ""
    position: int = 0


@dataclass(frozen=True)
class Playlist:
    format: str  # "youtube", "yt-dlp" or "csv"
    items: list[PlaylistItem]
    skipped: int = 0  # private or deleted videos


def youtube_id(url: str) -> str | None:
    """The YouTube video id in a watch, youtu.be, embed, shorts or live URL, else None."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    candidate = None
    if host == "youtu.be":
        candidate = parts.path.strip("/").split("/")[0]
    elif host in {"youtube.com", "youtube-nocookie.com", "music.youtube.com"}:
        if parts.path == "/watch":
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            segments = parts.path.strip("/").split("/")
            if len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
                candidate = segments[1]
    return candidate if candidate and YOUTUBE_ID.match(candidate) else None


def watch_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def read_playlist(content: bytes) -> Playlist:
    """The playlist in ``content`` (any of the three formats), in playlist order."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise PlaylistError(f"line {line}: not UTF-8 text (save the file as UTF-8)") from None
    stripped = text.lstrip()
    if not stripped:
        raise PlaylistError("the file is empty")
    if stripped[0] in "{[":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            if error.msg == "Extra data":
                return _read_json_lines(text)
            raise PlaylistError(f"line {error.lineno}: not valid JSON ({error.msg})") from None
        if isinstance(data, dict) and "items" in data or isinstance(data, list):
            return _read_youtube(data)
        return _read_json_lines(text)
    return _read_csv(text)


# YouTube Data API --------------------------------------------------------------------------


def _read_youtube(data) -> Playlist:
    pages = data if isinstance(data, list) else [data]
    items, skipped = [], 0
    for page_index, page in enumerate(pages, start=1):
        if not isinstance(page, dict) or not isinstance(page.get("items"), list):
            raise PlaylistError(
                f'response {page_index}: expected an object with an "items" list '
                "(a playlistItems.list response)"
            )
        for index, entry in enumerate(page["items"], start=1):
            where = f"response {page_index}, item {index}"
            snippet = entry.get("snippet") if isinstance(entry, dict) else None
            if not isinstance(snippet, dict):
                raise PlaylistError(f'{where}: no "snippet"')
            details = entry.get("contentDetails") or {}
            video_id = (snippet.get("resourceId") or {}).get("videoId") or details.get("videoId")
            title = (snippet.get("title") or "").strip()
            if not video_id:
                raise PlaylistError(f"{where}: no snippet.resourceId.videoId")
            if title.lower() in HIDDEN_TITLES:
                skipped += 1
                continue
            if not title:
                raise PlaylistError(f"{where}: no snippet.title")
            # The video's own date; snippet.publishedAt is when it was added to the playlist.
            published = details.get("videoPublishedAt") or snippet.get("publishedAt")
            items.append(
                PlaylistItem(
                    video_id=str(video_id),
                    title=title,
                    url=watch_url(str(video_id)),
                    published_at=_moment(published, where, "publishedAt"),
                    description=snippet.get("description") or "",
                    position=len(items),
                )
            )
    return Playlist("youtube", items, skipped)


# yt-dlp ------------------------------------------------------------------------------------


def _read_json_lines(text: str) -> Playlist:
    items, skipped = [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise PlaylistError(f"line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(entry, dict):
            raise PlaylistError(f"line {number}: expected a JSON object (one video per line)")
        video_id = str(entry.get("id") or "").strip()
        title = str(entry.get("title") or "").strip()
        if not video_id:
            raise PlaylistError(f'line {number}: no "id"')
        if title.lower() in HIDDEN_TITLES:
            skipped += 1
            continue
        if not title:
            raise PlaylistError(f'line {number}: no "title"')
        url = str(entry.get("webpage_url") or entry.get("url") or "")
        if not url.startswith(("http://", "https://")):
            url = watch_url(video_id) if YOUTUBE_ID.match(video_id) else ""
        if not url:
            raise PlaylistError(f'line {number}: no "url"')
        items.append(
            PlaylistItem(
                video_id=video_id,
                title=title,
                url=url,
                published_at=_yt_dlp_moment(entry),
                description=entry.get("description") or "",
                position=len(items),
            )
        )
    return Playlist("yt-dlp", items, skipped)


def _yt_dlp_moment(entry: dict) -> dt.datetime | None:
    for key in ("release_timestamp", "timestamp"):
        if isinstance(entry.get(key), int | float):
            return dt.datetime.fromtimestamp(entry[key], tz=dt.UTC)
    day = str(entry.get("upload_date") or "")
    if re.fullmatch(r"\d{8}", day):
        return dt.datetime.strptime(day, "%Y%m%d").replace(tzinfo=dt.UTC)
    return None


# CSV ---------------------------------------------------------------------------------------

_TITLE_HEADERS = {"title", "name", "video title", "video"}
_URL_HEADERS = {"url", "link", "video url", "youtube", "address"}
_DATE_HEADERS = {"published", "published at", "date", "publishedat", "uploaded"}


def _read_csv(text: str) -> Playlist:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    columns = {"title": 0, "url": 1}
    first = [cell.strip().lower() for cell in rows[0]] if rows else []
    start = 0
    if any(cell in _URL_HEADERS for cell in first):
        columns = {}
        for index, cell in enumerate(first):
            for key, names in (("title", _TITLE_HEADERS), ("url", _URL_HEADERS)):
                if cell in names:
                    columns.setdefault(key, index)
            if cell in _DATE_HEADERS:
                columns.setdefault("published", index)
        if "title" not in columns:
            raise PlaylistError('line 1: the header has a URL column but no "title" column')
        start = 1
    elif first and len(first) >= 2 and _is_url(first[0]) and not _is_url(first[1]):
        columns = {"title": 1, "url": 0}  # URL first, no header
    items = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(columns["title"], columns["url"]):
            raise PlaylistError(
                f"line {number}: expected a title and a URL, found {len(row)} column(s)"
            )
        title, url = row[columns["title"]].strip(), row[columns["url"]].strip()
        if not title:
            raise PlaylistError(f"line {number}: the title is empty")
        if not _is_url(url):
            raise PlaylistError(f"line {number}: {url!r} is not a URL (http:// or https://)")
        published = None
        if "published" in columns and len(row) > columns["published"]:
            published = _moment(row[columns["published"]].strip(), f"line {number}", "published")
        items.append(
            PlaylistItem(
                video_id=youtube_id(url) or url,
                title=title,
                url=url,
                published_at=published,
                position=len(items),
            )
        )
    if not items:
        raise PlaylistError("no videos found (expected rows of title and URL)")
    return Playlist("csv", items)


def _is_url(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value.strip())
    except ValidationError:
        return False
    return True


def _moment(value, where: str, field: str) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = parse_datetime(str(value).replace("Z", "+00:00"))
        day = parse_date(str(value)) if moment is None else None
    except ValueError:
        moment = day = None
    if moment is None:
        if day is None:
            raise PlaylistError(f"{where}: {field} {value!r} is not an ISO 8601 date")
        moment = dt.datetime.combine(day, dt.time.min)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment
