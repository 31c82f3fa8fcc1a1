import datetime as dt

import pytest
from django.core.files.base import ContentFile

from hallway.content.models import Sponsor
from tests.factories import (
    ConferenceFactory,
    PageFactory,
    SponsorFactory,
    SponsorLevelFactory,
)
from tests.html import attrs, outer, parse, texts

pytestmark = pytest.mark.django_db

URL = "/djangocon-us-2024/sponsors/"


def test_sponsor_page_lists_levels_in_order_and_sponsors_by_date(client, conference):
    gold = SponsorLevelFactory(conference=conference, name="Gold", slug="gold", position=2)
    diamond = SponsorLevelFactory(conference=conference, name="Diamond", slug="diamond", position=0)
    SponsorLevelFactory(conference=conference, name="Coffee", slug="coffee", position=5)
    SponsorFactory(conference=conference, level=gold, name="Later", added_on=dt.date(2024, 5, 1))
    SponsorFactory(conference=conference, level=gold, name="Earlier", added_on=dt.date(2023, 1, 1))
    SponsorFactory(conference=conference, level=diamond, name="Shiny")

    response = client.get(URL)

    assert response.status_code == 200
    levels = list(response.context["levels"])
    assert [level.name for level in levels] == ["Diamond", "Gold"]
    assert [s.name for s in levels[1].listed_sponsors] == ["Earlier", "Later"]


def test_sponsor_page_leaves_out_hidden_sponsors_and_their_empty_levels(client, conference):
    diamond = SponsorLevelFactory(conference=conference, name="Diamond", slug="diamond")
    SponsorFactory(conference=conference, level=diamond, name="Secret Corp", is_hidden=True)
    gold = SponsorLevelFactory(conference=conference, name="Gold", slug="gold")
    SponsorFactory(conference=conference, level=gold, name="Open Corp")

    response = client.get(URL)

    assert [level.name for level in response.context["levels"]] == ["Gold"]
    assert b"Secret Corp" not in response.content
    assert b"Diamond" not in response.content


def test_sponsor_page_shows_another_conferences_sponsors_nowhere(client, conference):
    other = ConferenceFactory(name="Other Conf", slug="other-conf")
    SponsorFactory(conference=other, name="Elsewhere Inc")

    response = client.get(URL)

    assert b"Elsewhere Inc" not in response.content
    assert list(response.context["levels"]) == []


def test_sponsor_page_renders_logo_label_description_and_hiring(client, conference):
    sponsor = SponsorFactory(
        conference=conference,
        name="REVSYS",
        slug="revsys",
        url="https://www.revsys.com/",
        url_label="revsys.com",
        description="We *love* Django.",
        hiring_url="https://www.revsys.com/jobs/",
        logo_orientation=Sponsor.Orientation.PORTRAIT,
    )
    sponsor.logo.save("revsys.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"))

    page = parse(client.get(URL))

    assert outer(page, "//li[@id='revsys']/img") == (
        f'<img class="sponsor__logo sponsor__logo--portrait" src="{sponsor.logo.url}" '
        'alt="REVSYS logo" loading="lazy" decoding="async" width="160" height="200">'
    )
    body = "//li[@id='revsys']/div[@class='sponsor__body']"
    assert outer(page, f"{body}/h3") == (
        '<h3 class="sponsor__name"><a href="https://www.revsys.com/">REVSYS</a></h3>'
    )
    assert texts(page, f"{body}/p") == ["revsys.com", "We love Django.", "REVSYS is hiring!"]
    assert outer(page, f"{body}/p[1]") == (
        '<p class="sponsor__url"><a href="https://www.revsys.com/">revsys.com</a></p>'
    )
    assert outer(page, f"{body}/p[2]") == "<p>We <em>love</em> Django.</p>"
    assert outer(page, f"{body}/p[3]/a") == (
        '<a class="badge sponsor__hiring" href="https://www.revsys.com/jobs/">REVSYS is hiring!</a>'
    )


def test_sponsor_page_has_one_h1_and_social_tags(client, conference):
    page = parse(client.get(URL))

    assert texts(page, "//h1") == ["Sponsors"]
    assert attrs(page, "//meta[@property='og:title']", "content") == [
        "Sponsors of DjangoCon US 2024"
    ]
    assert attrs(page, "//meta[@name='twitter:title']", "content") == [
        "Sponsors of DjangoCon US 2024"
    ]


def test_sponsor_page_lists_navigation_pages_in_the_footer(client, conference):
    PageFactory(conference=conference, title="Code of conduct", slug="conduct", in_navigation=True)
    PageFactory(conference=conference, title="Not in nav", slug="quiet")

    response = client.get(URL)

    footer = "//ul[@class='footer-links']//a"
    assert texts(parse(response), footer) == ["Organizers", "Code of conduct", "Style guide"]
    assert attrs(parse(response), footer, "href")[1] == "/djangocon-us-2024/conduct/"
    assert "Not in nav" not in response.content.decode()


def _many_sponsors(conference, count):
    for _ in range(3):
        PageFactory(conference=conference, in_navigation=True)
    levels = [
        SponsorLevelFactory(conference=conference, slug=f"level-{n}", position=n) for n in range(4)
    ]
    Sponsor.objects.bulk_create(
        Sponsor(conference=conference, level=levels[n % 4], name=f"S{n}", slug=f"s-{n}")
        for n in range(count)
    )


def test_sponsor_page_queries_with_10_sessions(client, sessions_10, django_assert_num_queries):
    _many_sponsors(sessions_10, 5)

    with django_assert_num_queries(5):
        response = client.get(URL)

    assert response.status_code == 200


def test_sponsor_page_queries_with_1000_sessions(client, sessions_1000, django_assert_num_queries):
    _many_sponsors(sessions_1000, 200)

    with django_assert_num_queries(5):
        response = client.get(URL)

    assert len(response.context["levels"][0].listed_sponsors) == 50
