"""The accepted lightning talks of a session, where the session is written out: schedule
exports and attendees' recaps (hallway.core.seams.session_extras)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from hallway.core.seams import SessionExtra
from hallway.lightning.models import LightningTalk


def talk_line(talk: LightningTalk) -> str:
    return f"{talk.title} — {talk.summary} ({talk.speaker_name})"


def accepted_talks_by_session(conference, sessions: list) -> dict[int, list[SessionExtra]]:
    """One query, and none when no session of ``sessions`` is a lightning-talk session."""
    ids = [session.pk for session in sessions if session.kind == "lightning"]
    if not ids:
        return {}
    lines: dict[int, list[str]] = defaultdict(list)
    for talk in LightningTalk.objects.accepted().filter(session_id__in=ids):
        lines[talk.session_id].append(talk_line(talk))
    return {
        pk: [SessionExtra(heading=_("Lightning talks"), lines=tuple(items))]
        for pk, items in lines.items()
    }
