"""Background tasks of interop (django-tasks; ``python manage.py db_worker`` runs them)."""

from django_tasks import task


@task()
def sync_schedules_task(slugs: list[str] | None = None) -> list[str]:
    """Pull every followed schedule (or those of ``slugs``); returns one line per pull."""
    from hallway.interop.models import ScheduleSync
    from hallway.interop.sync import sync_schedules

    syncs = sync_schedules(slugs=slugs or None, trigger=ScheduleSync.Trigger.TASK)
    return [
        f"{sync.source.conference.slug}: {sync.result}{f' ({sync.error})' if sync.error else ''}"
        for sync in syncs
    ]
