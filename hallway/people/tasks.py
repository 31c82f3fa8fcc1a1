"""Background work of the people app, run by the tasks worker (see hallway.core.tasks)."""

from __future__ import annotations

from django_tasks import task

from hallway.core.tasks import retried
from hallway.people.photos import make_thumbnails


@task()
@retried(retry_on=(OSError,))
def make_person_thumbnails(photo_name: str, conference_slug: str, folder: str) -> list[str]:
    """Every thumbnail size of a presenter's or organizer's photo (see make_thumbnails).

    Retried on OSError: a storage that does not answer, or a photo that is not there yet.
    """
    return make_thumbnails(photo_name, conference_slug, folder)
