"""Seams: how a higher app shows something on a lower app's pages without being imported by it.

Apps sit in layers (docs/developer/architecture.md): a lower app never imports, includes a
template of, or reverses a URL of a higher one. When a lower page must show something of a
higher app (the companion's star button on a program session card, a side-events link in the
conference's navigation), the lower page names a place and the higher app fills it from its
``AppConfig.ready()``:

* **Slots**: ``{% slot "session-actions" %}`` (``hallway`` template library) renders, in order,
  every template registered for that slot with the current context, or nothing::

      slots.register("session-actions", "companion/_star_button.html")

* **Links**: a named menu (``main``, ``footer``, ``account``) holds links that an app adds::

      links.register("main", "events:list", _("Events"), order=60)

  The conference's templates draw the menus (``{% menu "main" %}``, in ``conferences``), so
  that URL names are reversed for the conference being shown. ``when`` decides per request
  whether the link shows (a feature switched off for a conference, a signed-in-only link).

* **Addresses**: a feature page at a conference's top level (``/<conference>/sprints/``) gives
  way to an imported content page at the same address; the feature then answers under
  ``/<conference>/hallway/<segment>/`` and every link made by ``conference_reverse`` follows it.
  The site assembly mounts feature apps and registers them here::

      addresses.register("sprints", namespace="sprints")

* **Session extras**: what a higher app adds to a programme session wherever the session is
  written out (schedule exports, an attendee's recap), fetched for many sessions at once::

      session_extras.register("lightning", accepted_talks_by_session)

Every registry is plain module state filled once at start-up; registering the same entry
twice (an app reloaded in tests) replaces it rather than adding a copy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Link:
    menu: str
    url_name: str
    # A (lazy) translated string, or a callable of (request, conference) returning one (a
    # count that changes per visitor).
    label: Any
    order: int = 50
    # url_names of the pages that mark this link as the current one (aria-current).
    sections: frozenset[str] = field(default_factory=frozenset)
    # Called with (request, conference); the link shows when it returns True.
    when: Callable[[Any, Any], bool] | None = None


@dataclass(frozen=True)
class MenuItem:
    """A link that an app adds to a menu per conference (an organizer's page), from a
    :class:`LinkRegistry` source."""

    url: str
    label: Any
    order: int = 50
    current: bool = False


# Called with (request, conference, menu name); returns that conference's own items for the
# menu. Runs on every page: it must read what the conference already holds, not query.
MenuSource = Callable[[Any, Any, str], list[MenuItem]]


class LinkRegistry:
    def __init__(self) -> None:
        self._links: dict[tuple[str, str], Link] = {}
        self._sources: dict[str, MenuSource] = {}

    def register_source(self, name: str, source: MenuSource) -> None:
        """Add items that differ per conference (pages organizers put in the footer)."""
        self._sources[name] = source

    def unregister_source(self, name: str) -> None:
        self._sources.pop(name, None)

    def items_from_sources(self, request: Any, conference: Any, menu: str) -> list[MenuItem]:
        items: list[MenuItem] = []
        for name in sorted(self._sources):
            items.extend(self._sources[name](request, conference, menu))
        return items

    def register(
        self,
        menu: str,
        url_name: str,
        label: Any,
        *,
        order: int = 50,
        sections: tuple[str, ...] | frozenset[str] = (),
        when: Callable[[Any, Any], bool] | None = None,
    ) -> Link:
        section_names = frozenset(sections) or frozenset({url_name.rpartition(":")[2]})
        link = Link(menu, url_name, label, order, section_names, when)
        self._links[(menu, url_name)] = link
        return link

    def unregister(self, menu: str, url_name: str) -> None:
        self._links.pop((menu, url_name), None)

    def menu(self, menu: str) -> list[Link]:
        return sorted(
            (link for (name, _url), link in self._links.items() if name == menu),
            key=lambda link: (link.order, link.url_name),
        )


class SlotRegistry:
    def __init__(self) -> None:
        self._slots: dict[str, dict[str, int]] = {}
        # Sorted once per change: a schedule renders its session-actions slot 1,000 times.
        self._ordered: dict[str, tuple[str, ...]] = {}

    def register(self, slot: str, template_name: str, *, order: int = 50) -> None:
        self._slots.setdefault(slot, {})[template_name] = order
        self._order(slot)

    def unregister(self, slot: str, template_name: str) -> None:
        self._slots.get(slot, {}).pop(template_name, None)
        self._order(slot)

    def templates(self, slot: str) -> tuple[str, ...]:
        return self._ordered.get(slot, ())

    def _order(self, slot: str) -> None:
        entries = self._slots.get(slot, {})
        self._ordered[slot] = tuple(sorted(entries, key=lambda name: (entries[name], name)))


class AddressRegistry:
    """Feature pages at a conference's top level that an imported page of the same address
    displaces (see the module docs). ``taken`` is set by the site assembly: called with a
    conference, it returns the registered segments that a content page occupies there."""

    ASIDE_PREFIX = "hallway"

    def __init__(self) -> None:
        self._segments: dict[str, str] = {}  # namespace -> segment
        self.taken: Callable[[Any], frozenset[str]] | None = None

    def register(self, segment: str, *, namespace: str) -> None:
        self._segments[namespace] = segment

    def unregister(self, namespace: str) -> None:
        self._segments.pop(namespace, None)

    def segments(self) -> dict[str, str]:
        """``{namespace: segment}`` of every registered feature page."""
        return dict(self._segments)

    @classmethod
    def aside_namespace(cls, namespace: str) -> str:
        """The URL namespace of a feature's second mount, under ``hallway/<segment>/``."""
        return f"{cls.ASIDE_PREFIX}-{namespace}"

    def url_name(self, conference: Any, name: str) -> str:
        """``name`` (``sprints:project-list``), or its aside twin
        (``hallway-sprints:project-list``) when a page of ``conference`` occupies the feature's
        address."""
        namespace, colon, rest = name.partition(":")
        segment = self._segments.get(namespace) if colon else None
        if segment is None or self.taken is None or segment not in self.taken(conference):
            return name
        return f"{self.aside_namespace(namespace)}:{rest}"


@dataclass(frozen=True)
class SessionExtra:
    """Something a higher app adds to a session where it is written out: a heading and
    plain-text lines, which each writer escapes and formats for its format."""

    heading: str
    lines: tuple[str, ...] = ()


# Called with the conference and a list of its sessions; returns {session pk: [extras]} for
# the sessions it has something for, in a constant number of queries.
ExtrasProvider = Callable[[Any, list], dict[int, list[SessionExtra]]]


class SessionExtrasRegistry:
    def __init__(self) -> None:
        self._providers: dict[str, ExtrasProvider] = {}

    def register(self, name: str, provider: ExtrasProvider) -> None:
        self._providers[name] = provider

    def unregister(self, name: str) -> None:
        self._providers.pop(name, None)

    def for_sessions(self, conference: Any, sessions: list) -> dict[int, list[SessionExtra]]:
        """Every provider's extras for ``sessions``, by session pk, in provider-name order."""
        extras: dict[int, list[SessionExtra]] = {}
        if not sessions:
            return extras
        for name in sorted(self._providers):
            for pk, items in self._providers[name](conference, sessions).items():
                extras.setdefault(pk, []).extend(items)
        return extras


links = LinkRegistry()
slots = SlotRegistry()
addresses = AddressRegistry()
session_extras = SessionExtrasRegistry()
