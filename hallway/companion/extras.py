"""Agenda extras: what apps built on the companion add to an attendee's own agenda.

A volunteer shift or a side event the attendee RSVPed to belongs in "My agenda", in their
calendar feed and in their recap, but the companion sits below those apps and cannot import
them. Each app registers a *provider* from its ``AppConfig.ready()``::

    from hallway.companion.extras import agenda_extras

    agenda_extras.register("volunteer-shifts", shifts_for_agenda)

A provider is called with ``(user, conference)`` and returns that attendee's items as
:class:`AgendaExtra`, in **one query** whatever their number: the agenda page, the feed and the
recap call every provider once, so each adds one query to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AgendaExtra:
    """One item of an attendee's agenda that is not a programme session."""

    # The provider's kind of item ("volunteer-shift", "side-event"): a CSS modifier and, with
    # ``key``, the calendar UID, so it must stay the same across requests.
    kind: str
    key: str
    title: str
    start: dt.datetime
    end: dt.datetime
    # What the item is, for people ("Volunteer shift"), shown beside its title.
    label: str = ""
    location: str = ""
    url: str = ""  # a path on the site
    description: str = ""
    # False while the attendee is on a waiting list: shown with ``status``, TENTATIVE in the
    # calendar feed and left out of the recap.
    is_confirmed: bool = True
    status: str = ""

    @property
    def uid(self) -> str:
        """The calendar UID: stable as long as the item exists."""
        return f"{self.kind}-{self.key}@hallway"


Provider = Callable[[Any, Any], list[AgendaExtra]]


class AgendaExtraRegistry:
    def __init__(self) -> None:
        self._providers: dict[str, Provider] = {}

    def register(self, name: str, provider: Provider) -> None:
        """Add (or replace) the provider called ``name``."""
        self._providers[name] = provider

    def unregister(self, name: str) -> None:
        self._providers.pop(name, None)

    def __len__(self) -> int:
        return len(self._providers)

    def for_user(self, user, conference) -> list[AgendaExtra]:
        """Every provider's items for ``user`` at ``conference``, in time order; one query per
        provider. Anonymous visitors have none."""
        if not getattr(user, "is_authenticated", False):
            return []
        items = [
            item for provider in self._providers.values() for item in provider(user, conference)
        ]
        return sorted(items, key=lambda item: (item.start, item.end, item.title))


agenda_extras = AgendaExtraRegistry()
