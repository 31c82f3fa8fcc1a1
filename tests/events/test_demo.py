import datetime as dt
import io

from hallway.companion.demo import create_demo_attendee
from hallway.conferences.models import Feature
from hallway.events.demo import create_demo_events
from hallway.events.models import Event, Rsvp
from tests.factories import PlaceFactory, SponsorFactory


def test_demo_events_are_created_idempotently(conference):
    PlaceFactory(conference=conference, name="Fullsteam Brewery", category="food")
    SponsorFactory(conference=conference, name="REVSYS")
    create_demo_attendee(conference)
    out = io.StringIO()

    create_demo_events(conference)
    create_demo_events(conference, stdout=out)

    assert out.getvalue() == "Side events: 4 with 20 RSVPs"
    assert Feature.objects.get(conference=conference, key="events").is_enabled
    events = {e.slug: e for e in Event.objects.filter(conference=conference).with_counts()}
    assert {slug: (e.confirmed_count, e.waiting_count) for slug, e in events.items()} == {
        "welcome-social": (6, 0),
        "speakers-dinner": (3, 2),
        "leadership-summit": (3, 0),
        "board-games-night": (6, 0),
    }
    assert events["welcome-social"].place.name == "Fullsteam Brewery"
    assert events["board-games-night"].sponsor.name == "REVSYS"
    assert events["welcome-social"].starts_at.astimezone(conference.tzinfo) == dt.datetime(
        2024, 9, 21, 19, 0, tzinfo=conference.tzinfo
    )
    demo = dict(Rsvp.objects.filter(user__username="demo").values_list("event__slug", "status"))
    assert demo == {"welcome-social": "confirmed", "speakers-dinner": "waiting"}
