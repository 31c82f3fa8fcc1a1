import pytest

from hallway.proposals.models import VenueProposal, VenueProposalComment
from tests.admin_utils import changelist_url


def _proposal(conference, n: int) -> VenueProposal:
    return VenueProposal(
        conference=conference,
        city=f"City {n}",
        venue_name=f"Venue {n}",
        capacity=300,
        possible_dates="2025",
        cost_estimate=1000,
        contact_name="C",
        contact_email="c@example.com",
    )


@pytest.mark.parametrize("count", [3, 50])
def test_proposal_changelist_queries_are_constant(
    superuser_client, conference, count, django_assert_num_queries
):
    VenueProposal.objects.bulk_create(_proposal(conference, n) for n in range(count))

    with django_assert_num_queries(8):
        response = superuser_client.get(changelist_url(VenueProposal))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


def test_comment_added_in_the_admin_is_signed_by_its_author(superuser_client, conference):
    proposal = _proposal(conference, 1)
    proposal.save()
    url = f"{changelist_url(VenueProposal)}{proposal.pk}/change/"
    data = {
        "conference": conference.pk,
        "status": "shortlisted",
        "city": proposal.city,
        "venue_name": proposal.venue_name,
        "capacity": 300,
        "possible_dates": "2025",
        "cost_estimate": "1000",
        "currency": "USD",
        "details": "",
        "contact_name": "C",
        "contact_email": "c@example.com",
        "organisation": "",
        "comments-TOTAL_FORMS": "1",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "comments-0-body": "Call them back in March.",
    }

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    comment = VenueProposalComment.objects.get()
    assert (comment.body, comment.author.username) == ("Call them back in March.", "boss")
    assert VenueProposal.objects.get().status == "shortlisted"
