"""Signals of the programme that higher apps send or receive without importing each other.

``session_media_published`` is sent once a session's recording, slides or an extra link is
online, by the apps built above the programme (the replays when an organizer confirms a video,
the speakers' pages when a presenter adds slides or a link). It is sent after the transaction
commits, so a receiver (a notifications app telling those who starred the session) never sees
a rolled-back change.

Arguments (all keyword):

* ``sender``: the model class that made the change (a video of a playlist, ``Session``, a
  presenter's session link);
* ``session``: the ``program.Session``;
* ``kind``: ``"video"``, ``"slides"`` or ``"link"``;
* ``url``: the new address;
* ``title``: a short label (the video's title, "Slides", the link's title).

Connect with ``session_media_published.connect(receiver, dispatch_uid=...)`` from an
``AppConfig.ready()``.
"""

from django.db import transaction
from django.dispatch import Signal

session_media_published = Signal()

MEDIA_KINDS = frozenset({"video", "slides", "link"})


def publish_session_media_on_commit(sender, *, session, kind: str, url: str, title: str) -> None:
    """Send ``session_media_published`` once the current transaction commits."""
    if kind not in MEDIA_KINDS:
        raise ValueError(f"Unknown media kind {kind!r}; expected one of {sorted(MEDIA_KINDS)}.")
    transaction.on_commit(
        lambda: session_media_published.send(
            sender=sender, session=session, kind=kind, url=url, title=title
        )
    )
