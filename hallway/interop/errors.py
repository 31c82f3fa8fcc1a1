"""The one error type and the one notice type of every import (site content and schedules).

Readers raise :class:`ImportDataError` (or a subclass keeping an older constructor) for data
that cannot mean anything, and record a :class:`Notice` for data they could read by a known
convention or only in part. Notices are reported at the end, grouped; ``strict`` imports turn
warnings into errors.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


class ImportDataError(ValueError):
    """Input that cannot be imported, naming where: file or element path, key, line."""

    def __init__(self, message: str, *, path: str = "", key: str = "", line: int | None = None):
        self.message = message
        self.path = path
        self.key = key
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        return where(self.path, self.key, self.line, self.message)


def where(path: str, key: str, line: int | None, message: str) -> str:
    """``path:line: key: message``, leaving out what is unknown."""
    place = f"{path}:{line}" if path and line else (path or (f"line {line}" if line else ""))
    parts = [part for part in (place, key, message) if part]
    return ": ".join(parts)


@dataclass(frozen=True)
class Notice:
    """Something an import did with data that was untidy rather than wrong.

    A *warning* lost or guessed something (a missing image, a year taken from the start
    date): ``strict`` imports refuse it. A note (``warning=False``) only says how a known
    convention was read (a bare YouTube id, a session's usual length).
    """

    group: str
    path: str
    key: str
    message: str
    line: int | None = None
    warning: bool = True

    def __str__(self) -> str:
        return where(self.path, self.key, self.line, self.message)


def notice_lines(notices: list[Notice]) -> list[str]:
    """Every notice, warnings first, grouped with counts::

    warnings: 2
      image file not found (2)
        presenters/ada.md: photo: image file not found: presenters/ada.png ...
    notes: 1
      ...
    """
    lines = []
    for label, warning in (("warnings", True), ("notes", False)):
        chosen = [notice for notice in notices if notice.warning is warning]
        if not chosen:
            continue
        lines.append(f"{label}: {len(chosen)}")
        groups: dict[str, list[Notice]] = defaultdict(list)
        for notice in chosen:
            groups[notice.group].append(notice)
        for group, items in groups.items():
            lines.append(f"  {group} ({len(items)})")
            lines.extend(f"    {item}" for item in items)
    return lines
