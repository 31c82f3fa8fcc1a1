import datetime as dt

import pytest

from hallway.conferences.models import Feature
from hallway.lightning.models import LightningTalk
from tests.companion.factories import UserFactory
from tests.factories import SessionFactory


@pytest.fixture
def lightning_feature(conference):
    return Feature.objects.create(conference=conference, key="lightning-talks", is_enabled=True)


@pytest.fixture
def lightning_session(conference):
    return SessionFactory(
        conference=conference,
        kind="lightning",
        title="Lightning talks (Monday)",
        slug="lightning-talks-monday",
        start=dt.datetime(2024, 9, 23, 21, 0, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 23, 22, 0, tzinfo=dt.UTC),
    )


def make_talk(session, username: str, title: str, *, status="proposed", position=0):
    user = UserFactory(username=username)
    return LightningTalk.objects.create(
        session=session,
        speaker=user,
        speaker_name=username.title(),
        title=title,
        summary=f"About {title.lower()}.",
        status=status,
        position=position,
    )


@pytest.fixture
def accepted_talks(lightning_session):
    """Two accepted talks (given second-first by position), one proposed, one declined."""
    return [
        make_talk(lightning_session, "bea", "Second", status="accepted", position=2),
        make_talk(lightning_session, "ana", "First", status="accepted", position=1),
        make_talk(lightning_session, "cy", "Waiting"),
        make_talk(lightning_session, "di", "Declined", status="declined"),
    ]
