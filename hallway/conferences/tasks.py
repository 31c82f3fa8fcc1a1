"""Background work of the conferences app, run by the tasks worker (see hallway.core.tasks)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from hallway.conferences.models import Conference
from hallway.conferences.social_cards import Card, store_card
from hallway.core.tasks import retried


@task()
@retried()
def draw_social_card(conference_id: int, version: int, key: str, card: dict[str, Any]) -> bool:
    """Draw the social card ``key`` of a conference as it was at ``version`` and store it
    where the card view looks (see ``cached_card``). Idempotent: a card already stored is left
    alone. Returns whether it drew; False too when the conference has gone since."""
    conference = Conference.objects.filter(pk=conference_id).first()
    if conference is None:
        return False
    card = Card(**{**card, "lines": tuple(card.get("lines", ()))})
    return store_card(conference, version, key, card)
