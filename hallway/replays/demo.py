"""The demo's playlist: the videos the 2024 site linked to, imported as a playlist would be, so
the organizers' admin shows confirmed videos at once."""

from __future__ import annotations

import json

from hallway.replays.playlists import youtube_id
from hallway.replays.services import import_playlist


def create_demo_videos(conference, stdout=None) -> None:
    """Import the sessions' existing video links as a yt-dlp playlist (each one matches its
    session with confidence 1.0, and is confirmed). Safe to run again: known videos are kept."""
    lines = []
    for session in conference.sessions.exclude(video_url="").order_by("start", "title"):
        video_id = youtube_id(session.video_url) or session.video_url
        lines.append(json.dumps({"id": video_id, "title": session.title, "url": session.video_url}))
    if not lines:
        return
    report = import_playlist(conference, "\n".join(lines).encode(), confirm_above=1.0)
    if stdout is not None:
        stdout.write(f"  Replays: {report.summary()}")
