"""The background work of notifications, run by the task worker. Each task reads what is
stored when it runs and is idempotent (see :mod:`hallway.notifications.services`)."""

from __future__ import annotations

from django_tasks import task

from hallway.core.tasks import retried
from hallway.notifications import services


@task()
@retried()
def notify_schedule_changes(session_id: int) -> int:
    return services.notify_schedule_changes(session_id)


@task()
@retried()
def notify_session_media(session_id: int, kind: str, url: str, title: str) -> int:
    return services.notify_session_media(session_id, kind=kind, url=url, title=title)


@task()
@retried()
def notify_rsvps_promoted(rsvp_ids: list[int]) -> int:
    return services.notify_rsvps_promoted(rsvp_ids)


@task()
@retried()
def send_announcement(announcement_id: int) -> int:
    return services.send_announcement(announcement_id)


@task()
def send_digests() -> int:
    """The periodic digest run (``manage.py send_digests`` does the same from cron)."""
    return services.send_digests()
