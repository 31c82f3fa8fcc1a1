"""The Spanish catalog is complete, matches its compiled .mo and knows every marked string.

No GNU gettext needed: the .po is read by a small parser below, the .mo by Python's gettext,
and the marked strings are found the way makemessages finds them (Django's ``templatize`` for
templates, Python's ``ast`` for code). When a test here fails, regenerate and translate the
catalog as CONTRIBUTING.md ("Translations") says.
"""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hallway"
CATALOG = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")

_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')
_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdr]")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr / msgstr[n], flags."""
    entries, entry, field = [], {"flags": set()}, None
    for number, line in enumerate([*path.read_text(encoding="utf-8").splitlines(), ""], 1):
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, field = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            # Comments, and obsolete entries ("#~"), which msgfmt leaves out as well.
            continue
        elif match := _LINE.match(line):
            field = match[1]
            entry[field] = ast.literal_eval(match[2])
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path.name} line {number}: cannot read {line!r}")
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in sorted(entry.items()) if key.startswith("msgstr")]


def key(context: str | None, msgid: str) -> tuple[str, str]:
    return (context or "", msgid)


@pytest.fixture(scope="module")
def catalog() -> list[dict]:
    return read_po(CATALOG)


def test_the_catalog_header_names_spanish_and_its_plural_forms(catalog):
    header = catalog[0]

    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: es\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=3;" in header["msgstr"]


def test_every_entry_of_the_spanish_catalog_is_translated(catalog):
    entries = catalog[1:]

    assert len(entries) > 1000
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if not all(translations(e))] == []
    assert [e["msgid"] for e in entries if "msgid_plural" in e and len(translations(e)) != 3] == []


def test_every_translation_keeps_the_placeholders_of_its_message(catalog):
    """The singular form against the singular message, the plural forms against the plural."""
    wrong = []
    for entry in catalog[1:]:
        for n, value in enumerate(translations(entry)):
            source = entry["msgid"] if n == 0 else entry.get("msgid_plural", entry["msgid"])
            if sorted(_PLACEHOLDER.findall(value)) != sorted(_PLACEHOLDER.findall(source)):
                wrong.append((entry["msgid"], value))

    assert wrong == []


def test_the_compiled_catalog_is_the_committed_one(catalog):
    with COMPILED.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in catalog[1:]:
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for n, value in enumerate(translations(entry)):
                expected[(msgid, n)] = value
        else:
            expected[msgid] = entry["msgstr"]

    assert {k: v for k, v in compiled.items() if k != ""} == expected


_TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(((?:\s*u?'(?:[^'\\]|\\.)*'\s*,?)+)")
_QUOTED = re.compile(r"u?'(?:[^'\\]|\\.)*'")
_PYTHON_NAMES = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
}


def marked_in_templates() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("templates/**/*.html"):
        for function, arguments in _TEMPLATE_CALL.findall(templatize(path.read_text())):
            values = [ast.literal_eval(q) for q in _QUOTED.findall(arguments)]
            context = values.pop(0) if function.startswith(("pgettext", "npgettext")) else None
            found.add(key(context, values[0]))
    return found


def marked_in_python() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id not in _PYTHON_NAMES:
                continue
            context_at, msgid_at = _PYTHON_NAMES[node.func.id]
            args = node.args
            if len(args) <= msgid_at or not all(
                isinstance(a, ast.Constant) and isinstance(a.value, str)
                for a in args[: msgid_at + 1]
            ):
                continue
            context = args[context_at].value if context_at is not None else None
            found.add(key(context, args[msgid_at].value))
    return found


def test_the_finders_see_marked_strings():
    """The two finders below work: each finds strings known to be marked."""
    assert key(None, "Skip to content") in marked_in_templates()
    assert key("event time format", "g:i A") in marked_in_python()


def test_every_marked_string_is_in_the_catalog(catalog):
    known = {key(e.get("msgctxt"), e["msgid"]) for e in catalog[1:]}

    assert sorted((marked_in_templates() | marked_in_python()) - known) == []
