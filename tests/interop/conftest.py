import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import (
    ConferenceFactory,
    PresenterFactory,
    RoomFactory,
    SessionFactory,
    TrackFactory,
)

SCHEMAS = Path(settings.HALLWAY_SHARED_DATA).parent / "schemas" / "c3voc" / "validator"
FIXTURES = Path(__file__).parent / "fixtures"
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _schema_path(relative: str) -> Path:
    path = SCHEMAS / relative
    if not path.is_file():
        pytest.skip(
            f"c3voc schema not found at {path} (../shared absent); it is EUPL, not vendored"
        )
    return path


@pytest.fixture(scope="session")
def frab_xsd():
    """The c3voc frab XML schema, read from ../shared (it may not be copied into the repo)."""
    import xmlschema

    return xmlschema.XMLSchema(_schema_path("xsd/schedule.xml.xsd"))


@pytest.fixture(scope="session")
def schedule_json_validator():
    """A Draft6Validator for the c3voc schedule JSON schema from ../shared."""
    from jsonschema import Draft6Validator

    schema = json.loads(_schema_path("json/schema.json").read_text())
    Draft6Validator.check_schema(schema)
    return Draft6Validator(schema)


def xsd_errors(xsd, body: bytes) -> list[str]:
    return [f"{error.path}: {error.reason}" for error in xsd.iter_errors(body.decode())]


def json_errors(validator, body: bytes) -> list[str]:
    document = json.loads(body)
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def view_request(rf, path: str):
    """A GET request as the middleware would hand it to a view, for counting the view's own
    queries (the site-wide middleware keeps per-process caches of its own)."""
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    request = rf.get(path)
    request.user = AnonymousUser()
    request.htmx = HtmxDetails(request)
    request.host_conference_id = None
    return request


@pytest.fixture
def scheduled_conference(db):
    """A small but awkward schedule: an empty room, a session past midnight, one over 24 h,
    one without a room, a cancelled one, Unicode, two presenters on one session."""
    conference = ConferenceFactory(
        name="PyCon Ünïcode 2024",
        slug="pycon-unicode-2024",
        starts_on=dt.date(2024, 11, 2),
        ends_on=dt.date(2024, 11, 4),
        time_zone="America/New_York",
    )
    hall = RoomFactory(conference=conference, name="Grand Hall", position=0)
    salon = RoomFactory(conference=conference, name="Salon Ø", position=1)
    RoomFactory(conference=conference, name="Empty Room", position=2)
    web = TrackFactory(conference=conference, name="Web", color="#336699")
    ada = PresenterFactory(conference=conference, name="Ada Lovelace")
    jose = PresenterFactory(conference=conference, name="José Müller-Ñúñez")
    sessions = {
        "keynote": SessionFactory(
            conference=conference,
            kind="keynote",
            title="Opening keynote: «Django» 🎉",
            slug="opening-keynote",
            start=dt.datetime(2024, 11, 2, 9, 0, tzinfo=NEW_YORK),
            end=dt.datetime(2024, 11, 2, 10, 0, tzinfo=NEW_YORK),
            room=hall,
            track=web,
            with_presenters=[ada, jose],
        ),
        # The night the clocks go back (3 Nov 2024, 02:00 EDT -> 01:00 EST).
        "night": SessionFactory(
            conference=conference,
            title="Night owls",
            slug="night-owls",
            start=dt.datetime(2024, 11, 2, 23, 30, tzinfo=NEW_YORK),
            end=dt.datetime(2024, 11, 3, 6, 30, tzinfo=NEW_YORK),
            room=salon,
            with_presenters=[jose],
        ),
        "marathon": SessionFactory(
            conference=conference,
            kind="sprint",
            title="Marathon sprint",
            slug="marathon-sprint",
            start=dt.datetime(2024, 11, 3, 9, 0, tzinfo=NEW_YORK),
            end=dt.datetime(2024, 11, 4, 15, 0, tzinfo=NEW_YORK),
            room=hall,
        ),
        "lunch": SessionFactory(
            conference=conference,
            kind="meal",
            title="Lunch",
            slug="lunch-monday",
            link_url="/catering/#monday",
            start=dt.datetime(2024, 11, 4, 12, 0, tzinfo=NEW_YORK),
            end=dt.datetime(2024, 11, 4, 13, 0, tzinfo=NEW_YORK),
            room=None,
        ),
        "cancelled": SessionFactory(
            conference=conference,
            title="Gone talk",
            slug="gone-talk",
            is_cancelled=True,
            start=dt.datetime(2024, 11, 4, 14, 0, tzinfo=NEW_YORK),
            end=dt.datetime(2024, 11, 4, 14, 30, tzinfo=NEW_YORK),
            room=salon,
        ),
    }
    conference.test_sessions = sessions
    return conference


SHARED_2023 = Path(settings.HALLWAY_SHARED_DATA) / "djangocon-us-2023" / "content"


@pytest.fixture
def shared_content_2023() -> Path:
    """The real DjangoCon US 2023 content (Jekyll layout) from ../shared; skips without it."""
    if not SHARED_2023.is_dir():
        pytest.skip(f"DjangoCon US 2023 content not found at {SHARED_2023} (../shared absent)")
    return SHARED_2023
