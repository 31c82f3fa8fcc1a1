"""Helpers shared by the tests/*/test_admin.py modules."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def add_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")


def bulk(factory, count: int, **fields):
    """``count`` rows built by ``factory`` and saved with one bulk_create."""
    model = factory._meta.get_model_class()
    return model.objects.bulk_create(factory.build_batch(count, **fields))


@pytest.fixture
def signed_cookie_sessions(settings):
    # Sessions in signed cookies cost no query whichever SESSION_ENGINE the run uses
    # (database on SQLite runs, Redis on PostgreSQL runs), so query counts are literal.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"


@pytest.fixture
def superuser_client(client, db, signed_cookie_sessions):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(client, db, signed_cookie_sessions):
    """Staff without any model permission."""
    user = get_user_model().objects.create_user("helper", "helper@example.com", "pw", is_staff=True)
    client.force_login(user)
    return client
