import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from hallway.companion.extras import agenda_extras
from hallway.companion.models import Note, Recap, Star
from hallway.companion.recap import BACK_TO_TOP, RecapBuilder, Slugger, github_slug, recap_for
from hallway.companion.services import store_photo
from hallway.program.models import Session
from tests.companion.conftest import status_of, upload
from tests.companion.factories import (
    ContactFactory,
    LabelFactory,
    MomentFactory,
    NoteFactory,
    StarFactory,
    VisitFactory,
)
from tests.companion.recap_checks import (
    assert_images_present,
    assert_sections_end_with_back_to_top,
    assert_toc_links_resolve,
    headings,
)
from tests.factories import NEW_YORK, PresenterFactory, SessionFactory
from tests.html import parse, select, text, texts


@pytest.mark.parametrize(
    ("title", "anchor"),
    [
        ("Press Coffee, Crepes, and Cocktails", "press-coffee-crepes-and-cocktails"),
        (
            "Panel Discussion: Open, friendly, and welcoming: on the history and future of "
            "mentoring in Django",
            "panel-discussion-open-friendly-and-welcoming-on-the-history-and-future-of-"
            "mentoring-in-django",
        ),
        ("Troubleshooting is a Lifestyle 😎", "troubleshooting-is-a-lifestyle-"),
        ("Queeny's", "queenys"),
        ("Sarah P. Duke Gardens", "sarah-p-duke-gardens"),
        (
            "path('/user/<user.username:user>/', view_profile)",
            "pathuseruserusernameuser-view_profile",
        ),
        ("Django & Celery: A love story", "django--celery-a-love-story"),
        ("Café Ümlaut 2024", "café-ümlaut-2024"),
        ("🎉 Party", "-party"),
        ("More Sight Seeing and Food!", "more-sight-seeing-and-food"),
    ],
)
def test_github_slug(title, anchor):
    assert github_slug(title) == anchor


def test_slugger_numbers_repeated_headings_like_github():
    slugger = Slugger()

    assert [slugger.slug(t) for t in ["Intro", "Intro", "Intro", "Intro-1"]] == [
        "intro",
        "intro-1",
        "intro-2",
        "intro-1-1",
    ]


@pytest.fixture
def full_recap(attendee, conference):
    """An attendee who starred, noted, met, visited and photographed things."""
    conference.city = "Durham, NC"
    conference.save()
    agenda = LabelFactory(user=attendee, name="Agenda", position=0)
    LabelFactory(user=attendee, name="Personal", position=1)
    speaker = PresenterFactory(conference=conference, name="Ryan Cheley")
    other = PresenterFactory(conference=conference, name="Jack Linke")
    day1 = dt.datetime(2024, 9, 23, 10, 0, tzinfo=NEW_YORK)
    error_culture = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=day1,
        video_url="https://youtu.be/example",
        with_presenters=[speaker, other],
    )
    lifestyle = SessionFactory(
        conference=conference,
        title="Troubleshooting is a Lifestyle 😎",
        slug="troubleshooting",
        start=day1 + dt.timedelta(hours=2),
    )
    panel = SessionFactory(
        conference=conference,
        title="Panel Discussion: Open, friendly, and welcoming: on mentoring",
        slug="panel",
        start=day1 + dt.timedelta(days=2),
    )
    unstarred_noted = SessionFactory(
        conference=conference,
        title="Noted but not starred",
        slug="noted",
        start=day1 + dt.timedelta(days=1),
    )
    draft_talk = SessionFactory(
        conference=conference,
        title="A draft",
        slug="a-draft",
        start=day1 + dt.timedelta(days=1, hours=3),
    )
    for session in (error_culture, lifestyle, panel, draft_talk):
        StarFactory(user=attendee, session=session, label=agenda)
    NoteFactory(
        user=attendee,
        session=error_culture,
        body="* Delete the alert's cause\n* [Chesterton's fence](https://fs.blog/chestertons-fence/)",
    )
    NoteFactory(user=attendee, session=unstarred_noted, body="* Came for the title")
    NoteFactory(
        user=attendee, session=draft_talk, body="half a thought -- to finish", is_draft=True
    )
    NoteFactory(user=attendee, session=panel, body="   ")
    social = MomentFactory(
        user=attendee,
        conference=conference,
        title="Django Social",
        date=dt.date(2024, 9, 21),
        time=dt.time(19),
        place="A brewery",
        body="Met lots of people.",
    )
    MomentFactory(
        user=attendee,
        conference=conference,
        title="Intro",
        date=dt.date(2024, 9, 23),
        time=dt.time(8),
        body="A moment called Intro, to clash with the intro heading.",
    )
    MomentFactory(
        user=attendee,
        conference=conference,
        title="Sprints lunch",
        date=dt.date(2024, 9, 26),
        body="",
        is_draft=True,
    )
    ContactFactory(
        user=attendee,
        conference=conference,
        name="Lorenzo",
        met_where="Lunch",
        talked_about="Redirects",
        url="https://example.com/lorenzo",
    )
    press = VisitFactory(
        user=attendee,
        conference=conference,
        name="Press Coffee, Crepes, and Cocktails",
        category="food",
        what_i_had="Berries crepe",
        url="https://example.com/press",
    )
    store_photo(attendee, conference, upload(), caption="Berries crepe", credit="", visit=press)
    store_photo(
        attendee, conference, upload(), caption="The social", credit="Bartek P.", moment=social
    )
    store_photo(
        attendee, conference, upload(), caption="Slide one", credit="", session=error_culture
    )
    return recap_for(attendee, conference)


def build(recap, **kwargs):
    return RecapBuilder(
        recap, absolute=lambda path: "https://hallway.test" + path, **kwargs
    ).build()


def test_recap_has_the_shape_of_a_real_recap(full_recap):
    document = build(full_recap)
    markdown = document.markdown

    assert markdown.startswith(
        "# DjangoCon US 2024 Recap\n\n## Table of Contents\n\n- [Intro](#intro)\n"
    )
    assert [(level, anchor) for level, _, anchor in headings(markdown)] == [
        (1, "djangocon-us-2024-recap"),
        (2, "table-of-contents"),
        (2, "intro"),
        (2, "pre-conference"),
        (3, "django-social"),
        (2, "monday-september-23"),
        (3, "intro-1"),
        (3, "error-culture"),
        (3, "troubleshooting-is-a-lifestyle-"),
        (2, "tuesday-september-24"),
        (3, "noted-but-not-starred"),
        (3, "a-draft"),
        (2, "wednesday-september-25"),
        (3, "panel-discussion-open-friendly-and-welcoming-on-mentoring"),
        (2, "hallway-track"),
        (3, "people-i-met"),
        (2, "sightseeing-and-food"),
        (3, "press-coffee-crepes-and-cocktails"),
    ]
    assert (
        "    - [Press Coffee, Crepes, and Cocktails](#press-coffee-crepes-and-cocktails)"
        in markdown
    )
    assert_toc_links_resolve(markdown)
    assert_sections_end_with_back_to_top(markdown)
    assert markdown.count(BACK_TO_TOP) == 10


def test_recap_session_section(full_recap):
    markdown = build(full_recap).markdown
    section = markdown.split("### Error Culture\n\n")[1].split(BACK_TO_TOP)[0]

    assert section == (
        "[Error Culture](https://hallway.test/djangocon-us-2024/talks/error-culture/) "
        "by Ryan Cheley and Jack Linke\n\n"
        f"Monday 10:00 AM · {full_recap.user.notes.first().session.room.name}\n\n"
        "My points of interest\n\n"
        "* Delete the alert's cause\n* [Chesterton's fence](https://fs.blog/chestertons-fence/)\n\n"
        "Video: [watch the recording](https://youtu.be/example)\n\n"
        "Slide one\n\n![Slide one](images/slide-one-3.jpg)\n\n"
    ).replace("-3.jpg", f"-{full_recap.user.photos.get(caption='Slide one').pk}.jpg")


def test_recap_photos_have_captions_and_credits(full_recap):
    markdown = build(full_recap).markdown

    social = full_recap.user.photos.get(caption="The social")
    assert (
        f"The social (photo credit: Bartek P.)\n\n![The social](images/the-social-{social.pk}.jpg)"
        in markdown
    )


def test_unfinished_notes_are_listed_and_left_out(full_recap):
    document = build(full_recap)

    assert sorted((u.kind, u.title, u.reason) for u in document.unfinished) == [
        ("Moment", "Sprints lunch", "draft"),
        ("Session", "A draft", "draft"),
        (
            "Session",
            "Panel Discussion: Open, friendly, and welcoming: on mentoring",
            "no points of interest yet",
        ),
        ("Session", "Troubleshooting is a Lifestyle 😎", "no points of interest yet"),
    ]
    assert "half a thought" not in document.markdown
    assert "Sprints lunch" not in document.markdown
    assert document.markdown.count("My points of interest") == 2
    assert "<!--" not in document.markdown


def test_unfinished_notes_can_be_kept_as_comments(full_recap):
    full_recap.drafts_as_comments = True

    markdown = build(full_recap).markdown

    assert "<!--\nhalf a thought - - to finish\n-->" in markdown
    assert_sections_end_with_back_to_top(markdown)


def test_recap_label_decides_what_was_attended(full_recap, attendee):
    full_recap.label = attendee.labels.get(name="Personal")

    titles = [anchor for level, _, anchor in headings(build(full_recap).markdown) if level == 3]

    assert titles == [
        "django-social",
        "intro-1",
        "error-culture",
        "noted-but-not-starred",
        "people-i-met",
        "press-coffee-crepes-and-cocktails",
    ]


def test_recap_page_lists_unfinished_and_previews(client, attendee, full_recap, conference):
    client.force_login(attendee)

    response = client.get(reverse("companion:recap", kwargs={"conference_slug": conference.slug}))

    page = parse(response)
    assert response.status_code == 200
    assert text(page, "//section[@aria-labelledby='unfinished-title']/h2") == "Unfinished notes"
    preview = "//article[@class='recap recap--preview']"
    place = "Press Coffee, Crepes, and Cocktails"
    assert texts(page, f"{preview}//*[@id='press-coffee-crepes-and-cocktails']") == [place]
    assert texts(page, f"{preview}//a[@href='#press-coffee-crepes-and-cocktails']") == [place]


def test_recap_zip_has_markdown_and_images(client, attendee, full_recap, conference, tmp_path):
    client.force_login(attendee)

    response = client.get(
        reverse("companion:recap-download", kwargs={"conference_slug": conference.slug})
    )

    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(archive.namelist())
    assert names[-1] == "recap.md"
    assert len(names) == 4
    assert all(n.startswith("images/") for n in names[:-1])
    archive.extractall(tmp_path)
    images = assert_images_present((tmp_path / "recap.md").read_text(), tmp_path)
    assert sorted(images) == names[:-1]


def test_export_recap_command(attendee, full_recap, conference, tmp_path):
    out = io.StringIO()

    call_command(
        "export_recap",
        user="ada",
        slug=conference.slug,
        out=str(tmp_path / "r"),
        stdout=out,
        stderr=io.StringIO(),
    )

    markdown = (tmp_path / "r" / "recap.md").read_text()
    assert len(assert_images_present(markdown, tmp_path / "r")) == 3
    folder = tmp_path / "r"
    assert (
        out.getvalue() == f"Wrote {folder / 'recap.md'} and 3 image(s) under {folder / 'images'}.\n"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"user": "nobody", "slug": "djangocon-us-2024"}, "--user: no user called 'nobody'."),
        ({"user": "ada", "slug": "nope"}, "--slug: no conference with slug 'nope'."),
    ],
)
def test_export_recap_command_errors(attendee, conference, tmp_path, options, message):
    from django.core.management import CommandError

    with pytest.raises(CommandError) as error:
        call_command("export_recap", out=str(tmp_path), **options)

    assert str(error.value) == message


def test_publish_and_unpublish(client, attendee, other_attendee, full_recap, conference):
    public = full_recap.get_public_url()
    photo = attendee.photos.get(caption="Berries crepe")
    photo_url = photo.get_absolute_url()
    assert client.get(public).status_code == 404
    assert status_of(client, photo_url) == 404
    client.force_login(attendee)
    publish = reverse("companion:recap-publish", kwargs={"conference_slug": conference.slug})

    client.post(publish, {"publish": "1"})
    client.logout()
    page = client.get(public)

    assert page.status_code == 200
    assert texts(
        parse(page), "//article[@class='recap']//h3[@id='press-coffee-crepes-and-cocktails']"
    ) == ["Press Coffee, Crepes, and Cocktails"]
    assert "Unfinished notes" not in page.content.decode()
    assert status_of(client, photo_url) == 200
    client.force_login(attendee)
    client.post(publish, {"publish": "0"})
    client.logout()
    assert client.get(public).status_code == 404
    assert status_of(client, photo_url) == 404
    assert Recap.objects.get().published_at is not None


def test_published_recap_does_not_expose_photos_left_out(client, attendee, conference, full_recap):
    draft_moment = attendee.moments.get(title="Sprints lunch")
    hidden = store_photo(
        attendee, conference, upload(), caption="Not for the public", moment=draft_moment
    )
    full_recap.is_published = True
    full_recap.save()

    assert status_of(client, hidden.get_absolute_url()) == 404
    assert "Not for the public" not in client.get(full_recap.get_public_url()).content.decode()


@pytest.mark.parametrize("count", [10, 1000])
def test_recap_queries_are_constant(attendee, conference, count, django_assert_num_queries):
    label = LabelFactory(user=attendee, name="Agenda", position=0)
    start = dt.datetime(2024, 9, 23, 9, tzinfo=NEW_YORK)
    sessions = Session.objects.bulk_create(
        [
            Session(
                conference=conference,
                title=f"Bulk {n}",
                slug=f"bulk-{n}",
                start=start + dt.timedelta(minutes=10 * n),
                end=start + dt.timedelta(minutes=10 * n + 5),
            )
            for n in range(count)
        ]
    )
    Star.objects.bulk_create([Star(user=attendee, session=s, label=label) for s in sessions])
    Note.objects.bulk_create([Note(user=attendee, session=s, body="* ok") for s in sessions])
    recap = recap_for(attendee, conference)

    # photos, notes, stars, sessions (+ tags, presenters), moments, people, places, and one
    # per agenda extras provider (volunteer shifts, side events…)
    # 9, one per agenda provider, one for the session extras (lightning talks).
    with django_assert_num_queries(10 + len(agenda_extras)):
        document = build(recap)

    assert document.markdown.count("My points of interest") == count


def test_notes_cannot_break_the_recap_structure(full_recap, attendee):
    note = attendee.notes.get(session__slug="error-culture")
    note.body = (
        "# A heading of my own\n\nText\n\nAnother one\n-----------\n\n"
        "<!-- an unclosed comment\n\n```python\nprint('never closed')"
    )
    note.save()

    markdown = build(full_recap).markdown

    assert "**A heading of my own**" in markdown
    assert "**Another one**" in markdown
    assert "&lt;!-- an unclosed comment" in markdown
    assert "print('never closed')\n```" in markdown
    assert_toc_links_resolve(markdown)
    assert_sections_end_with_back_to_top(markdown)
    assert [anchor for level, _, anchor in headings(markdown) if level == 3][2] == "error-culture"
    assert "sightseeing-and-food" in [anchor for _, _, anchor in headings(markdown)]


def test_published_recap_has_a_byline_under_its_title(client, full_recap):
    full_recap.is_published = True
    full_recap.published_at = dt.datetime(2024, 9, 28, 2, 30, tzinfo=dt.UTC)  # the 27th in NY
    full_recap.save()

    tree = parse(client.get(full_recap.get_public_url()))

    article = select(tree, "article.recap")[0]
    assert [child.tag for child in article[:2]] == ["h1", "p"]
    byline = article[1]
    assert byline.get("class") == "recap__byline muted"
    assert " ".join(byline.text_content().split()) == (
        f"By {full_recap.user.username} · published Friday 27 September"
    )


def test_recap_moments_use_the_sites_12_hour_clock(full_recap):
    markdown = build(full_recap).markdown

    assert markdown.split("### Django Social\n\n")[1].split("\n")[0] == "7:00 PM · A brewery"
