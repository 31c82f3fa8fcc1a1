"""Look at one part of a rendered page, so a test compares it with ``==``.

On lxml trees. ``parse`` takes a test-client response, bytes or text; the other helpers take
what ``parse`` returned (or any element of it) and an XPath, or for ``select`` a simple CSS
selector (the cssselect package is not installed), for example::

    page = parse(client.get(url))
    assert texts(page, "//nav//a") == ["Schedule", "Presenters"]
    assert text(page, "//h1") == "Error Culture"
    assert attrs(page, "//meta[@property='og:title']", "content") == ["Error Culture"]
    assert texts(page, f"//li[{has_class('place')}]/h3") == ["Cocoa Cinnamon"]
"""

import re

from lxml import etree
from lxml import html as lxml_html

__all__ = ["attrs", "has_class", "outer", "parse", "select", "text", "texts"]

_PART = re.compile(r"([.#]?[-\w]+|\[[-\w:]+(?:=[^\]]+)?\])")


def parse(source):
    """The element tree of a page or fragment: a response, ``bytes`` or ``str``."""
    if hasattr(source, "content"):
        source = source.content
    if isinstance(source, bytes):
        source = source.decode()
    return lxml_html.fromstring(source)


def has_class(name: str) -> str:
    """An XPath condition true when ``@class`` holds the class ``name`` (not a substring)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def _normalise(value: str) -> str:
    return " ".join(value.split())


def _matches(page, xpath: str) -> list:
    found = page.xpath(xpath)
    if not isinstance(found, list):  # a number, string or boolean expression
        raise AssertionError(f"{xpath!r} selects a value ({found!r}), not nodes")
    return found


def texts(page, xpath: str) -> list[str]:
    """The whitespace-normalised text of every match, in document order."""
    return [
        _normalise(node if isinstance(node, str) else node.text_content())
        for node in _matches(page, xpath)
    ]


def _one(page, xpath: str):
    found = _matches(page, xpath)
    if len(found) != 1:
        raise AssertionError(f"{xpath!r} matches {len(found)} nodes, expected exactly 1")
    return found[0]


def text(page, xpath: str | None = None) -> str:
    """The whitespace-normalised text of the one match of ``xpath`` (fails if there are 0 or
    several), or of ``page`` itself when no XPath is given."""
    node = page if xpath is None else _one(page, xpath)
    return _normalise(node if isinstance(node, str) else node.text_content())


def attrs(page, xpath: str, name: str) -> list[str | None]:
    """The attribute ``name`` of every match (``None`` where a match lacks it)."""
    return [node.get(name) for node in _matches(page, xpath)]


def outer(page, xpath: str) -> str:
    """The HTML of the one match, its tail left out and whitespace runs made one space."""
    node = _one(page, xpath)
    markup = etree.tostring(node, encoding="unicode", method="html", with_tail=False)
    return re.sub(r"\s+", " ", markup).strip()


def _step(compound: str) -> str:
    tag = "*"
    conditions = []
    for part in _PART.findall(compound):
        if part.startswith("."):
            conditions.append(has_class(part[1:]))
        elif part.startswith("#"):
            conditions.append(f"@id='{part[1:]}'")
        elif part.startswith("["):
            name, _, value = part[1:-1].partition("=")
            conditions.append(f"@{name}='{value.strip(chr(34))}'" if value else f"@{name}")
        else:
            tag = part
    return tag + "".join(f"[{c}]" for c in conditions)


def select(element, selector: str) -> list:
    """Elements under ``element`` matching a simple CSS ``selector``, in document order:
    ``tag``, ``.class``, ``#id``, ``[attr]`` and ``[attr=value]`` compounds joined by spaces
    (descendants), several selectors separated by commas."""
    paths = [
        "." + "".join("//" + _step(compound) for compound in group.split())
        for group in selector.split(",")
    ]
    return element.xpath(" | ".join(paths))
