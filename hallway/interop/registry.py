"""The one place schedule formats are registered.

A format is one module that defines ``FORMAT = ScheduleFormat(...)``. Built-ins are listed in
``BUILTIN_FORMATS`` and registered by ``InteropConfig.ready()``; a third-party app registers its
own the same way, from its own ``AppConfig.ready()``::

    from hallway.interop import registry
    from myapp import giggity_format
    registry.register(giggity_format.FORMAT)

Importing needs ``detect`` and ``parse``; exporting needs ``render``, and an exporter is served
at ``/<conference>/schedule.<extension>`` with no URL to add. ``import_schedule``,
``export_schedule`` and the export views only ever go through this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from hallway.interop.schedule_data import ScheduleData, ScheduleFormatError

if TYPE_CHECKING:
    from hallway.interop.export import ScheduleExport

BUILTIN_FORMATS = [
    "hallway.interop.formats.frab_xml",
    "hallway.interop.formats.schedule_json",
    "hallway.interop.formats.ical",
]


@dataclass(frozen=True)
class ScheduleFormat:
    name: str
    label: str
    extension: str
    content_type: str
    # True when the bytes look like this format (cheap: a peek, not a parse).
    detect: Callable[[bytes], bool] | None = None
    parse: Callable[[bytes], ScheduleData] | None = None
    render: Callable[[ScheduleExport], bytes] | None = None


_formats: dict[str, ScheduleFormat] = {}


def register(schedule_format: ScheduleFormat) -> ScheduleFormat:
    """Add a format (replacing one of the same name) and return it."""
    _formats[schedule_format.name] = schedule_format
    return schedule_format


def unregister(name: str) -> None:
    _formats.pop(name, None)


def register_builtins() -> None:
    for module in BUILTIN_FORMATS:
        register(import_module(module).FORMAT)


def get_format(name: str) -> ScheduleFormat:
    try:
        return _formats[name]
    except KeyError:
        raise LookupError(f"No schedule format {name!r}; known: {', '.join(_formats)}") from None


def formats() -> list[ScheduleFormat]:
    return list(_formats.values())


def exporter_for_extension(extension: str) -> ScheduleFormat | None:
    """The exporter serving ``schedule.<extension>``, if any."""
    return next((f for f in exporters() if f.extension == extension), None)


def importers() -> list[ScheduleFormat]:
    return [f for f in _formats.values() if f.detect and f.parse]


def exporters() -> list[ScheduleFormat]:
    return [f for f in _formats.values() if f.render]


def detect_format(content: bytes) -> ScheduleFormat:
    """The importer whose ``detect`` recognises ``content`` (by its content, not a file name)."""
    for schedule_format in importers():
        if schedule_format.detect(content):
            return schedule_format
    known = ", ".join(f.label for f in importers())
    raise ScheduleFormatError(f"not a schedule file in a known format ({known})", line=1)


def parse_schedule(content: bytes) -> tuple[ScheduleFormat, ScheduleData]:
    """Detect the format of ``content`` and parse it; raises ScheduleFormatError."""
    schedule_format = detect_format(content)
    return schedule_format, schedule_format.parse(content)
