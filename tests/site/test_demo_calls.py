"""load_demo's venue proposal, lightning talks and sprints (safe to run twice)."""

from io import StringIO

import pytest
from django.core.management import call_command

from hallway.conferences.models import Feature
from hallway.lightning.models import LightningTalk
from hallway.proposals.models import VenueProposal, VenueProposalComment
from hallway.sprints.models import SprintProject, SprintSignup


@pytest.fixture
def demo_twice(settings, tmp_path):
    settings.HALLWAY_SHARED_DATA = tmp_path / "no-shared-data"
    for _ in range(2):
        call_command("load_demo", "--fixture", stdout=StringIO())


@pytest.mark.django_db
def test_demo_switches_the_features_on(demo_twice):
    keys = Feature.objects.enabled().values_list("key", flat=True)

    assert {"venue-proposal", "lightning-talks", "sprints"} <= set(keys)
    assert len(keys) == len(set(keys))


@pytest.mark.django_db
def test_demo_has_examples_of_each_workflow_once(demo_twice, client):
    assert (VenueProposal.objects.count(), VenueProposalComment.objects.count()) == (1, 1)
    assert (SprintProject.objects.count(), SprintSignup.objects.count()) == (3, 6)
    assert LightningTalk.objects.count() == 12
    assert LightningTalk.objects.filter(status="accepted").count() == 9

    for path in ("venue-proposal/", "lightning-talks/", "sprints/"):
        assert client.get(f"/djangocon-us-2024/{path}").status_code == 200
