"""Helpers shared by the tests of the feature apps (visas, grants…)."""

from unittest import mock

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from hallway.conferences.models import Feature


def switch_on(conference, key: str, **dates) -> Feature:
    feature, _created = Feature.objects.update_or_create(
        conference=conference, key=key, defaults={"is_enabled": True, **dates}
    )
    return feature


def grant(user, *codenames: str):
    """Give ``user`` the permissions ``app_label.codename``; returns a fresh instance (the
    permission cache of the old one is stale)."""
    for name in codenames:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)


def run_worker() -> None:
    """Run every queued task with the real database worker, as ``db_worker --batch`` does.

    The worker closes stale connections between tasks, as a long-running process should; in a
    test that would close the connection holding the test's transaction, so that alone is off
    (Django's test client turns the same handler off for requests).
    """
    with mock.patch.object(db_worker, "close_old_connections", return_value=None):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
