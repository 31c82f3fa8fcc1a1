import datetime as dt
import io

import pytest
from django.utils import timezone
from PIL import Image

from hallway.conferences.models import THEME_TOKENS, Conference
from hallway.conferences.theme import contrast_checks, contrast_ratio
from hallway.content.models import Place, Post
from hallway.program.models import Session
from tests.factories import (
    PlaceFactory,
    PostFactory,
    PresenterFactory,
    SessionFactory,
    SponsorFactory,
    SponsorLevelFactory,
)
from tests.html import parse, select, text
from tests.program.bulk import build_programme, without_page_cache

pytestmark = pytest.mark.django_db


def set_phase(conference, phase):
    conference.phase = phase
    conference.save()


def test_upcoming_home_shows_dates_ticket_link_and_sponsors(client, conference):
    conference.links = {"tickets": "https://ti.to/example"}
    set_phase(conference, Conference.Phase.UPCOMING)
    SponsorFactory(conference=conference, name="REVSYS")
    SponsorFactory(conference=conference, name="Hidden Co", is_hidden=True)

    page = parse(client.get("/djangocon-us-2024/"))

    assert [text(h) for h in select(page, "h1")] == ["DjangoCon US 2024"]
    assert text(select(page, ".hero__facts")[0]) == "22 September – 27 September 2024 Durham, NC"
    assert select(page, ".hero .button")[0].get("href") == "https://ti.to/example"
    assert [text(li) for li in select(page, ".logo-wall li")] == ["REVSYS"]


def test_upcoming_home_is_a_conference_front_page(client, conference):
    conference.venue_name = "Durham Convention Center"
    conference.links = {
        "tickets": "https://ti.to/example",
        "cfp": "https://pretalx.example/cfp",
        "opportunity_grants": "https://forms.example/grants",
        "photos": "https://photos.example/",
    }
    set_phase(conference, Conference.Phase.UPCOMING)
    gold = SponsorLevelFactory(conference=conference, name="Gold", slug="gold", position=0)
    community = SponsorLevelFactory(conference=conference, name="Community", slug="com", position=1)
    SponsorFactory(conference=conference, level=community, name="PSF")
    SponsorFactory(conference=conference, level=gold, name="REVSYS")
    PostFactory(conference=conference, title="Schedule out", published_at=timezone.now())
    PostFactory(conference=conference, title="Secret", is_hidden=True)
    PlaceFactory(conference=conference, name="Cocoa Cinnamon", slug="cocoa", category="coffee")

    page = parse(client.get("/djangocon-us-2024/"))

    assert text(select(page, ".hero__facts")[0]) == (
        "22 September – 27 September 2024 Durham Convention Center, Durham, NC"
    )
    assert [(text(a), a.get("href")) for a in select(page, ".hero .actions a")] == [
        ("Get your ticket", "https://ti.to/example"),
        ("Submit a proposal", "https://pretalx.example/cfp"),
        ("Apply for an opportunity grant", "https://forms.example/grants"),
        ("See the schedule", "/djangocon-us-2024/schedule/"),
    ]
    assert [text(h) for h in select(page, ".home-sponsors__level")] == ["Gold", "Community"]
    assert [text(li) for li in select(page, ".logo-wall li")] == ["REVSYS", "PSF"]
    assert [text(a) for a in select(page, ".home-news__list a")] == ["Schedule out"]
    assert [text(li) for li in select(page, ".home-guide__list li")] == ["Cocoa Cinnamon Coffee"]


def test_live_home_shows_what_is_on_now_and_next(client, conference):
    set_phase(conference, Conference.Phase.LIVE)
    now = timezone.now()
    SessionFactory(
        conference=conference,
        title="On now",
        start=now - dt.timedelta(minutes=10),
        end=now + dt.timedelta(minutes=15),
    )
    SessionFactory(
        conference=conference,
        title="Over",
        start=now - dt.timedelta(hours=2),
        end=now - dt.timedelta(hours=1),
    )
    SessionFactory(
        conference=conference,
        title="Soon",
        start=now + dt.timedelta(minutes=20),
        end=now + dt.timedelta(minutes=45),
    )
    SessionFactory(
        conference=conference,
        title="Secret",
        is_hidden=True,
        start=now - dt.timedelta(minutes=5),
        end=now + dt.timedelta(minutes=5),
    )

    page = parse(client.get("/djangocon-us-2024/"))

    now_titles = [text(h) for h in select(page, ".now .session-card__title")]
    next_titles = [text(h) for h in select(page, ".next .session-card__title")]
    assert (now_titles, next_titles) == (["On now"], ["Soon"])


def test_live_home_says_when_nothing_is_on(client, conference):
    set_phase(conference, Conference.Phase.LIVE)

    page = parse(client.get("/djangocon-us-2024/"))

    assert text(select(page, ".now li")[0]) == "Nothing is on right now."


def test_archived_home_recaps_recorded_talks_and_presenters(client, conference):
    set_phase(conference, Conference.Phase.ARCHIVED)
    ada = PresenterFactory(conference=conference, name="Ada")
    SessionFactory(
        conference=conference,
        title="Talk with video",
        video_url="https://youtu.be/a",
        with_presenters=[ada],
    )
    SessionFactory(
        conference=conference,
        title="Keynote",
        kind=Session.Kind.KEYNOTE,
        video_url="https://youtu.be/k",
    )
    SessionFactory(conference=conference, title="No video")
    SessionFactory(
        conference=conference, title="Lunch", kind=Session.Kind.MEAL, video_url="https://youtu.be/l"
    )

    page = parse(client.get("/djangocon-us-2024/"))

    assert [text(h) for h in select(page, ".session-card__title")] == ["Keynote", "Talk with video"]
    assert text(select(page, ".session-card__video")[0]) == "Watch “Keynote”"
    assert [text(n) for n in select(page, ".people-grid__name")] == ["Ada"]


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize(
    ("phase", "queries"),
    [
        # Host, the conference's language (ConferenceLocaleMiddleware), conference, the
        # phase's teasers, and in every phase five more: sponsor levels and their sponsors,
        # the latest posts, the guide's places, scheduled posts.
        (Conference.Phase.UPCOMING, 8),
        (Conference.Phase.LIVE, 14),  # now and next, each with tags and presenters
        (Conference.Phase.ARCHIVED, 12),  # featured talks with tags and presenters; presenters
    ],
)
def test_home_queries_are_constant(
    client, conference, django_assert_num_queries, size, phase, queries, settings
):
    without_page_cache(settings)
    set_phase(conference, phase)
    build_programme(conference, size)
    SponsorFactory(conference=conference)
    # The home page's news and guide at the same two sizes.
    Post.objects.bulk_create(
        Post(conference=conference, title=f"P{n}", slug=f"p{n}", published_at=timezone.now())
        for n in range(size)
    )
    Place.objects.bulk_create(
        Place(conference=conference, name=f"Place {n}", slug=f"place-{n}") for n in range(size)
    )
    # The live home needs something on now and next to show.
    Session.objects.filter(slug="talk-0").update(
        start=timezone.now() - dt.timedelta(minutes=5), end=timezone.now() + dt.timedelta(minutes=5)
    )
    Session.objects.filter(slug="talk-1").update(
        start=timezone.now() + dt.timedelta(minutes=5),
        end=timezone.now() + dt.timedelta(minutes=30),
    )

    with django_assert_num_queries(queries):
        response = client.get("/djangocon-us-2024/")

    assert response.status_code == 200


def test_theme_css_has_light_and_dark_tokens_and_swatches(conference):
    conference.theme = {"color-brand": "#112233"}

    css = conference.theme_css()

    assert "  --color-brand: #112233;" in css
    assert "@media (prefers-color-scheme: dark) {\n  :root {\n    --color-brand: #7fd1a8;" in css
    assert ".swatch--color-brand { background: #112233; }" in css
    assert ".swatch--dark-color-brand { background: #7fd1a8; }" in css
    assert f".swatch--font-body {{ font-family: {THEME_TOKENS['font-body']}; }}" in css


def test_theme_tokens_use_the_system_font_stack_only():
    assert "Hallway Sans" not in THEME_TOKENS["font-heading"]


def test_style_guide_renders_every_colour_token_as_a_swatch_without_inline_styles(
    client, conference
):
    response = client.get("/djangocon-us-2024/styleguide/")
    page = parse(response)

    names = [text(n) for n in select(page, ".swatch__name")]
    assert names == [f"--{name}" for name in THEME_TOKENS if name.startswith("color-")]
    chips = [chip.get("class") for chip in select(page, ".swatch__chip")][:2]
    assert chips == ["swatch__chip swatch--color-brand", "swatch__chip swatch--dark-color-brand"]
    assert page.xpath("//*[@style]") == []


def test_contrast_ratio_matches_wcag():
    assert round(contrast_ratio("#000000", "#ffffff"), 2) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48


def test_default_theme_passes_aa_in_both_schemes():
    assert [check for check in contrast_checks(THEME_TOKENS) if not check.passes] == []


def test_style_guide_flags_a_failing_pair(client, conference):
    conference.theme = {"color-muted": "#bbbbbb"}
    conference.save()

    page = parse(client.get("/djangocon-us-2024/styleguide/"))

    failing = [
        text(row.xpath("td")[1])
        for row in select(page, ".contrast tbody tr")
        if "contrast__result--fail" in row.xpath("td")[4].get("class")
    ]
    assert failing == ["Secondary text", "Secondary text on cards"]


def test_conference_card_is_the_default_share_image(client, conference):
    page = parse(client.get("/djangocon-us-2024/styleguide/"))
    card = client.get("/djangocon-us-2024/card.png")

    meta = {m.get("property"): m.get("content") for m in select(page, "meta")}
    assert meta["og:image"] == "http://testserver/djangocon-us-2024/card.png"
    assert Image.open(io.BytesIO(card.content)).size == (1200, 630)


def test_live_home_links_today_on_the_conference_clock(client, conference):
    today = timezone.now().astimezone(conference.tzinfo).date()
    conference.starts_on, conference.ends_on = today - dt.timedelta(days=1), today
    set_phase(conference, Conference.Phase.LIVE)

    page = parse(client.get("/djangocon-us-2024/"))

    link = select(page, ".hero .button")[0]
    assert (text(link), link.get("href")) == (
        "Today's schedule",
        f"/djangocon-us-2024/schedule/#day-{today.isoformat()}",
    )


def test_live_home_is_never_served_stale_from_the_page_cache(client, conference):
    set_phase(conference, Conference.Phase.LIVE)
    client.get("/djangocon-us-2024/")
    now = timezone.now()
    # bulk_create sends no signal, so the conference version stays: as when time simply passes.
    Session.objects.bulk_create(
        [
            Session(
                conference=conference,
                title="Started a moment ago",
                slug="started",
                start=now - dt.timedelta(minutes=1),
                end=now + dt.timedelta(minutes=20),
            )
        ]
    )

    response = client.get("/djangocon-us-2024/")

    assert response["Cache-Control"] == "private, max-age=60"
    titles = [text(h) for h in select(parse(response), ".now .session-card__title")]
    assert titles == ["Started a moment ago"]
