import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from hallway.conferences.models import Conference, Feature
from hallway.conferences.urls_helpers import conference_reverse
from hallway.proposals.models import VenueProposal, VenueProposalComment
from tests.admin_utils import changelist_url
from tests.companion.factories import UserFactory
from tests.html import parse, texts

VALID = {
    "city": "Chicago",
    "venue_name": "Navy Pier",
    "capacity": "450",
    "possible_dates": "8–12 September 2025",
    "cost_estimate": "85000",
    "currency": "usd",
    "details": "Step-free access everywhere.",
    "contact_name": "Jane Organiser",
    "contact_email": "jane@example.com",
    "organisation": "ChiPy",
    "website": "",
}


@pytest.fixture
def feature(conference):
    return Feature.objects.create(conference=conference, key="venue-proposal", is_enabled=True)


def form_url(conference) -> str:
    return conference_reverse(conference, "proposals:proposal-form")


def test_proposal_form_is_404_while_the_feature_is_off(client, conference):
    Feature.objects.create(conference=conference, key="venue-proposal", is_enabled=False)

    assert client.get("/djangocon-us-2024/venue-proposal/").status_code == 404


def test_anonymous_visitor_sends_a_proposal(client, conference, feature):
    response = client.post(form_url(conference), VALID, follow=True)

    proposal = VenueProposal.objects.get()
    assert (proposal.conference, proposal.city, proposal.venue_name) == (
        conference,
        "Chicago",
        "Navy Pier",
    )
    assert (proposal.capacity, proposal.currency, proposal.status) == (450, "USD", "new")
    assert proposal.submitted_by is None
    assert [str(m) for m in response.context["messages"]] == [
        "Thank you! The organizers have your proposal and will contact you by e-mail."
    ]


def test_signed_in_proposal_remembers_its_sender(client, conference, feature):
    user = UserFactory(username="jane")
    client.force_login(user)

    client.post(form_url(conference), VALID)

    assert VenueProposal.objects.get().submitted_by == user


def test_proposal_does_not_invalidate_the_public_page_cache(client, conference, feature):
    version = Conference.objects.get().version

    client.post(form_url(conference), VALID)

    assert Conference.objects.get().version == version


def test_honeypot_answers_like_a_success_and_keeps_nothing(client, conference, feature):
    response = client.post(form_url(conference), {**VALID, "website": "http://spam.example"})

    assert response.status_code == 302
    assert VenueProposal.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("city", "", "This field is required."),
        ("capacity", "0", "Ensure this value is greater than or equal to 1."),
        ("cost_estimate", "-5", "Ensure this value is greater than or equal to 0."),
        ("currency", "U$D", "Give the currency as three letters, for example USD."),
        ("contact_email", "jane-at-example", "Enter a valid email address."),
    ],
)
def test_invalid_proposal_names_the_field(client, conference, feature, field, value, message):
    response = client.post(form_url(conference), {**VALID, field: value})

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert VenueProposal.objects.count() == 0


def test_closed_call_refuses_the_proposal_with_a_clear_message(client, conference, feature):
    feature.closes_at = timezone.now() - dt.timedelta(minutes=1)
    feature.save()

    response = client.post(form_url(conference), VALID)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Venue proposals are closed: this form takes no entries now."
    ]
    assert VenueProposal.objects.count() == 0
    assert texts(parse(client.get(form_url(conference))), "//main//p[@class='message']") == [
        "Venue proposals are closed."
    ]


def test_a_call_that_opens_later_says_when_and_is_not_shared_from_cache(
    client, conference, feature
):
    feature.opens_at = dt.datetime(2099, 1, 10, 14, 0, tzinfo=dt.UTC)
    feature.save()

    response = client.get(form_url(conference))

    assert (
        'Venue proposals open on <time datetime="2099-01-10T09:00:00-05:00">'
        "Saturday 10 January 2099, 9:00 AM</time>." in response.content.decode()
    )
    assert "private" in response["Cache-Control"]


# Privacy: the proposals hold contact details, for organizers with the permission only. --------


@pytest.fixture
def proposal(conference):
    proposal = VenueProposal.objects.create(
        conference=conference,
        city="Chicago",
        venue_name="Navy Pier",
        capacity=450,
        possible_dates="September 2025",
        cost_estimate=85000,
        contact_name="Jane Organiser",
        contact_email="jane.private@example.com",
    )
    VenueProposalComment.objects.create(proposal=proposal, body="Visited; great light.")
    return proposal


def _admin_pages(proposal) -> list[str]:
    return [
        changelist_url(VenueProposal),
        f"{changelist_url(VenueProposal)}{proposal.pk}/change/",
    ]


@pytest.mark.parametrize("role", ["anonymous", "attendee", "sender", "staff-without-permission"])
def test_proposal_contact_data_stays_private(client, conference, feature, proposal, role):
    if role != "anonymous":
        user = UserFactory(username=role, is_staff=role == "staff-without-permission")
        if role == "sender":
            proposal.submitted_by = user
            proposal.save()
        client.force_login(user)

    pages = [form_url(conference), *_admin_pages(proposal)]
    answers = [client.get(path) for path in pages]

    assert [a.status_code for a in answers[1:]] == (
        [302, 302] if role in ("anonymous", "attendee", "sender") else [403, 403]
    )
    for answer in answers:
        assert b"jane.private@example.com" not in answer.content


def test_staff_with_the_view_permission_reads_proposals_and_comments(client, proposal):
    user = UserFactory(username="board", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_venueproposal"))
    client.force_login(user)

    changelist, change = (client.get(path) for path in _admin_pages(proposal))

    assert (changelist.status_code, change.status_code) == (200, 200)
    assert texts(parse(changelist), "//th[@class='field-venue_name']") == ["Navy Pier"]
    readonly = "//div[contains(@class, 'field-{}')]//div[@class='readonly']"
    assert texts(parse(change), readonly.format("contact_email")) == ["jane.private@example.com"]
    assert texts(parse(change), readonly.format("body")) == ["Visited; great light."]
