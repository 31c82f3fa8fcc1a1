import datetime as dt

from django.urls import reverse

from hallway.companion.models import Contact, Moment, Note, Star, Visit
from tests.companion.factories import LabelFactory, StarFactory
from tests.factories import PlaceFactory
from tests.html import parse, texts


def test_write_a_note_and_see_it_rendered_safely(client, attendee, conference, talk):
    client.force_login(attendee)
    url = reverse(
        "companion:session-notes", kwargs={"conference_slug": conference.slug, "pk": talk.pk}
    )
    body = (
        "* [Chesterton's fence](https://fs.blog/chestertons-fence/)\n"
        "* <script>alert('x')</script> and [bad](javascript:alert(1))\n"
        '* <img src="x" onerror="alert(2)">'
    )

    response = client.post(url, {"note-body": body, "note-is_draft": ""})
    html = client.get(url).content.decode()

    assert response.status_code == 302
    assert Note.objects.get().body == body
    preview = html.split('<div class="note-preview">')[1].split("</div>")[0]
    assert (
        '<a href="https://fs.blog/chestertons-fence/" rel="noopener noreferrer nofollow">'
        in preview
    )
    assert "<script" not in preview
    assert 'href="javascript:' not in preview
    assert "onerror" not in preview


def test_session_labels_form_sets_exactly_the_chosen_labels(client, attendee, conference, talk):
    agenda = LabelFactory(user=attendee, name="Agenda", position=0)
    deep = LabelFactory(user=attendee, name="Deep dive", position=1)
    online = LabelFactory(user=attendee, name="Online", position=2)
    StarFactory(user=attendee, session=talk, label=agenda)
    client.force_login(attendee)

    client.post(
        reverse(
            "companion:session-labels", kwargs={"conference_slug": conference.slug, "pk": talk.pk}
        ),
        {"labels": [deep.pk, online.pk]},
    )

    assert sorted(Star.objects.values_list("label__name", flat=True)) == ["Deep dive", "Online"]


def test_moments_people_places(client, attendee, conference):
    guide = PlaceFactory(
        conference=conference, name="The Parlour", website="https://parlour.example"
    )
    client.force_login(attendee)
    slug = {"conference_slug": conference.slug}

    client.post(
        reverse("companion:moments", kwargs=slug),
        {
            "title": "Django Social",
            "date": "2024-09-21",
            "time": "19:00",
            "place": "Brewery",
            "body": "Fun",
        },
    )
    client.post(
        reverse("companion:people", kwargs=slug),
        {
            "name": "Lorenzo",
            "met_where": "Lunch",
            "talked_about": "Redirects",
            "url": "example.com/l",
        },
    )
    client.post(
        reverse("companion:places", kwargs=slug),
        {"guide_place": guide.pk, "name": "", "category": "food", "what_i_had": "Caramel"},
    )
    empty = client.post(reverse("companion:places", kwargs=slug), {"category": "food"})

    moment = Moment.objects.get()
    assert (moment.title, moment.date, moment.time) == (
        "Django Social",
        dt.date(2024, 9, 21),
        dt.time(19),
    )
    assert Contact.objects.get().url == "https://example.com/l"
    visit = Visit.objects.get()
    assert (visit.display_name, visit.link) == ("The Parlour", "https://parlour.example")
    assert empty.context["form"].non_field_errors() == [
        "Pick a place from the local guide or give it a name."
    ]
    page = parse(client.get(reverse("companion:places", kwargs=slug)))
    assert texts(page, "//ul[@class='item-list']/li/h2") == ["The Parlour"]
    assert texts(page, "//ul[@class='item-list']/li/p[2]") == ["What I had: Caramel"]
    guide.delete()
    assert Visit.objects.get().display_name == "The Parlour"
