"""The one report of every import: what was created, updated, left or removed, per kind of
record, and every notice (warnings and notes), grouped with counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hallway.interop.errors import Notice, notice_lines

if TYPE_CHECKING:
    from hallway.conferences.models import Conference
    from hallway.program.models import Session

# The kinds an import reports on, in the order it reports them.
SITE_KINDS = (
    "conference", "rooms", "tracks", "tags", "sponsor levels", "presenters", "sessions",
    "organizers", "sponsors", "posts", "places", "pages", "redirects",
)  # fmt: skip
SCHEDULE_KINDS = ("conference", "rooms", "tracks", "presenters", "sessions")


@dataclass
class KindReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    # Sessions kept, marked cancelled, because attendees attached stars or notes to them.
    cancelled: int = 0

    @property
    def changes(self) -> int:
        return self.created + self.updated + self.removed + self.cancelled


@dataclass
class ImportReport:
    """What an import did, per kind of record, and every notice, grouped.

    The one report of both importers: ``import_site`` fills every kind of ``SITE_KINDS``,
    ``import_schedule`` those of ``SCHEDULE_KINDS``. ``dry_run`` reports say what an import
    would have done; nothing was written.
    """

    conference: Conference | None
    kinds: dict[str, KindReport] = field(
        default_factory=lambda: {kind: KindReport() for kind in SITE_KINDS}
    )
    notices: list[Notice] = field(default_factory=list)
    dry_run: bool = False
    conference_created: bool = False
    # The sessions an import_schedule run wrote or matched, in the source's order.
    sessions: list[Session] = field(default_factory=list)

    @classmethod
    def for_schedule(cls, conference: Conference | None, **values) -> ImportReport:
        return cls(conference, {kind: KindReport() for kind in SCHEDULE_KINDS}, **values)

    @property
    def changes(self) -> int:
        return sum(kind.changes for kind in self.kinds.values())

    @property
    def warnings(self) -> list[Notice]:
        return [notice for notice in self.notices if notice.warning]

    # The session counts, as import_schedule's callers read them.
    @property
    def created(self) -> int:
        return self.kinds["sessions"].created

    @property
    def updated(self) -> int:
        return self.kinds["sessions"].updated

    @property
    def unchanged(self) -> int:
        return self.kinds["sessions"].unchanged

    @property
    def removed(self) -> int:
        return self.kinds["sessions"].removed

    @property
    def cancelled(self) -> int:
        return self.kinds["sessions"].cancelled

    def summary(self) -> str:
        """One line about the sessions: ``camp: 3 sessions created, 1 updated, ...``."""
        slug = self.conference.slug if self.conference else "?"
        return (
            f"{slug}: {self.created} sessions created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed, "
            f"{self.cancelled} kept as cancelled (attendee data attached)"
        )

    def lines(self) -> list[str]:
        """One human line per kind (``sessions: 96 created, 0 updated, 0 unchanged``), then
        the warnings and notes, grouped, with counts."""
        return self.count_lines() + notice_lines(self.notices)

    def count_lines(self) -> list[str]:
        lines = []
        for kind, counts in self.kinds.items():
            line = (
                f"{kind}: {counts.created} created, {counts.updated} updated,"
                f" {counts.unchanged} unchanged"
            )
            if counts.removed:
                line += f", {counts.removed} removed or hidden"
            if counts.cancelled:
                line += f", {counts.cancelled} kept as cancelled"
            lines.append(line)
        return lines
