import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from hallway.conferences.models import Conference

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PLAYLIST = FIXTURES / "djangocon-us-2024-playlist.json"
FACTS = Path(__file__).resolve().parents[2] / "hallway/site/fixtures/djangocon-us-2024.json"


@pytest.fixture
def demo(db, settings, tmp_path) -> Conference:
    """The DjangoCon US 2024 demo from the facts fixture, its videos removed (the playlist is
    what brings them)."""
    settings.HALLWAY_SHARED_DATA = tmp_path / "no-shared-data"
    call_command("load_demo", "--fixture", stdout=StringIO())
    conference = Conference.objects.get(slug="djangocon-us-2024")
    conference.videos.all().delete()
    conference.sessions.update(video_url="")
    return conference


@pytest.fixture
def expected_sessions() -> dict[str, str]:
    """Video id → session slug, as the 2024 site linked them (the facts fixture)."""
    facts = json.loads(FACTS.read_text())
    return {
        session["video_url"].rsplit("/", 1)[-1]: session["slug"]
        for session in facts["sessions"]
        if session["video_url"]
    }
