"""Where uploads live, on local disk or an S3-compatible service (see settings, "Object storage").

- ``default_storage``: public uploads (presenter photos, logos, covers, thumbnails). On S3 its
  objects have plain URLs the browser fetches directly.
- ``private_storage()``: attendees' files (photos, visa letters). Never public: read them
  through a permission-checked view (``stream_response``) or hand out ``signed_url``.

Code that reads or writes files goes through these storages, never through paths, so the same
code runs on one machine and on N app servers sharing a bucket.
"""

from __future__ import annotations

import mimetypes
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse


def private_storage() -> Storage:
    return storages["private"]


def is_local(storage: Storage) -> bool:
    """Whether ``storage`` keeps files on this machine's disk (and can serve them from it)."""
    return isinstance(storage, FileSystemStorage)


def signed_url(name: str, *, seconds: int | None = None) -> str | None:
    """A URL that lets whoever holds it read the private file ``name`` for ``seconds``
    (``HALLWAY_PRIVATE_URL_SECONDS`` by default), or None on local disk, where private files
    are only served by permission-checked views."""
    storage = private_storage()
    if is_local(storage):
        return None
    return storage.url(name, expire=seconds or settings.PRIVATE_URL_SECONDS)


def stream_response(storage: Storage, name: str, *, content_type: str | None = None):
    """A FileResponse that streams ``name`` from ``storage`` in blocks.

    Raises FileNotFoundError (or the storage's OSError) when the file is not there.
    """
    if content_type is None:
        content_type, _ = mimetypes.guess_type(name)
    return FileResponse(storage.open(name, "rb"), content_type=content_type)


def replace_file(storage: Storage, name: str, content: bytes) -> str:
    """Write ``content`` as exactly ``name``, replacing what is there.

    For derived files with fixed names (thumbnails, renditions), so that making them twice gives
    the same file. On local disk the file is written aside and renamed: a concurrent request
    never reads half a file. On S3 a PUT is atomic already.
    """
    if is_local(storage):
        target = Path(storage.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        Path(temporary).replace(target)
        return name
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # another writer got in between: keep the fixed name, drop the copy
        storage.delete(saved)
    return name
