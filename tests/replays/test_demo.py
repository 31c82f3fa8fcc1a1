from io import StringIO

import pytest
from django.core.management import call_command

from hallway.conferences.models import Conference
from hallway.replays.models import Video
from hallway.speakers.models import SpeakerAccess


@pytest.mark.django_db
def test_load_demo_confirms_the_sites_videos_and_sets_up_a_speaker(settings, tmp_path):
    settings.HALLWAY_SHARED_DATA = tmp_path / "no-shared-data"
    out = StringIO()

    call_command("load_demo", "--fixture", stdout=out)
    call_command("load_demo", "--fixture", stdout=out)  # safe to run twice

    conference = Conference.objects.get(slug="djangocon-us-2024")
    assert Video.objects.filter(status="confirmed").count() == 57
    assert Video.objects.count() == 57
    assert set(Video.objects.values_list("confidence", flat=True)) == {1.0}
    assert conference.sessions.exclude(video_url="").count() == 57
    access = SpeakerAccess.objects.select_related("presenter").get()
    assert access.email == "speaker@localhost"
    assert f"Speaker sign-in for {access.presenter.name} (works once, 7 days): " in out.getvalue()
