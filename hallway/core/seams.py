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

Both registries are plain module state filled once at start-up; registering the same entry
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
    label: Any  # a (lazy) translated string
    order: int = 50
    # url_names of the pages that mark this link as the current one (aria-current).
    sections: frozenset[str] = field(default_factory=frozenset)
    # Called with (request, conference); the link shows when it returns True.
    when: Callable[[Any, Any], bool] | None = None


class LinkRegistry:
    def __init__(self) -> None:
        self._links: dict[tuple[str, str], Link] = {}

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


links = LinkRegistry()
slots = SlotRegistry()
