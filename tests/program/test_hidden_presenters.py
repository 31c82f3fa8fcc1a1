import pytest

from tests.factories import PresenterFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_hidden_presenter_is_left_out_of_the_session_page(client, conference):
    shown = PresenterFactory(conference=conference, name="Shown Speaker")
    hidden = PresenterFactory(conference=conference, name="Secret Speaker", is_hidden=True)
    session = SessionFactory(conference=conference, with_presenters=[shown, hidden])

    response = client.get(session.get_absolute_url())

    assert response.status_code == 200
    assert response.context["session"].ordered_presenters == [shown]
    assert "Secret Speaker" not in response.content.decode()
