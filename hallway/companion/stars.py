"""Per-visitor star state for public pages, in a constant number of queries.

Signed-in attendees' stars are Star rows. Anonymous visitors can star too: their picks live in
their session (``request.session["hallway_stars"] = {conference id: [session ids]}``) under the
default "Agenda" label, and move to their account when they sign up or sign in
(:func:`hallway.companion.services.adopt_session_stars`).
"""

from __future__ import annotations

from collections import defaultdict

from hallway.companion.models import DEFAULT_LABELS, Label, Star

SESSION_KEY = "hallway_stars"


def session_star_ids(request, conference) -> list[int]:
    """The session ids an anonymous visitor starred at ``conference`` (no query)."""
    stored = request.session.get(SESSION_KEY, {}) if hasattr(request, "session") else {}
    return list(stored.get(str(conference.pk), []))


def set_session_star_ids(request, conference, session_ids: list[int]) -> None:
    stored = dict(request.session.get(SESSION_KEY, {}))
    stored[str(conference.pk)] = sorted(set(session_ids))
    request.session[SESSION_KEY] = stored


def anonymous_label() -> Label:
    """The label anonymous picks are shown under (not saved: anonymous visitors own no rows)."""
    return Label(name=DEFAULT_LABELS[0], position=0)


def stars_for(request, conference) -> dict[int, list[Label]]:
    """{session id: [labels the visitor starred it under]} for ``conference``.

    One query for a signed-in attendee; none for anonymous visitors.
    """
    user = request.user
    if not user.is_authenticated:
        label = anonymous_label()
        return {session_id: [label] for session_id in session_star_ids(request, conference)}
    result: dict[int, list[Label]] = defaultdict(list)
    stars = (
        Star.objects.filter(user=user, session__conference=conference)
        .select_related("label")
        .order_by("label__position", "label__name")
    )
    for star in stars:
        result[star.session_id].append(star.label)
    return dict(result)
