"""Background work of the companion, run by the tasks worker (see hallway.core.tasks)."""

from __future__ import annotations

from django_tasks import task

from hallway.companion.models import Photo
from hallway.companion.photos import make_renditions
from hallway.core.storage import private_storage, replace_file
from hallway.core.tasks import retried


@task()
@retried()
def make_photo_renditions(photo_id: int) -> list[int]:
    """Make the WebP renditions of an attendee's photo and record their widths.

    Idempotent: the renditions have fixed names and are rewritten whole, so a second run (a
    retry, a duplicate) leaves the same files and row. A photo deleted meanwhile gets none.
    Returns the widths made.
    """
    photo = Photo.objects.filter(pk=photo_id).only("image", "user_id").first()
    if photo is None:
        return []
    storage = private_storage()
    with storage.open(photo.image.name, "rb") as handle:
        renditions = make_renditions(handle.read())
    for width, content in renditions.items():
        replace_file(storage, photo.rendition_name(width), content)
    widths = sorted(renditions)
    if not Photo.objects.filter(pk=photo_id).update(renditions=widths):
        # Deleted while we worked: its files went with it, so must these.
        for width in widths:
            storage.delete(photo.rendition_name(width))
        return []
    return widths
