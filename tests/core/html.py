"""Tiny CSS-selector lookups for tests, on lxml trees (the cssselect package is not installed).

Supports what the page tests need: ``tag``, ``.class``, ``#id``, ``[attr]``, ``[attr=value]``
compounds, joined by the descendant combinator (a space).
"""

import re

from lxml import html as lxml_html

_PART = re.compile(r"([.#]?[-\w]+|\[[-\w:]+(?:=[^\]]+)?\])")


def _step(compound: str) -> str:
    tag = "*"
    conditions = []
    for part in _PART.findall(compound):
        if part.startswith("."):
            conditions.append(
                f"contains(concat(' ', normalize-space(@class), ' '), ' {part[1:]} ')"
            )
        elif part.startswith("#"):
            conditions.append(f"@id='{part[1:]}'")
        elif part.startswith("["):
            name, _, value = part[1:-1].partition("=")
            conditions.append(f"@{name}='{value.strip(chr(34))}'" if value else f"@{name}")
        else:
            tag = part
    return tag + "".join(f"[{c}]" for c in conditions)


def select(element, selector: str) -> list:
    """Elements under ``element`` matching ``selector``."""
    xpath = "." + "".join("//" + _step(compound) for compound in selector.split())
    return element.xpath(xpath)


def parse(response):
    return lxml_html.fromstring(response.content.decode())


def text(element) -> str:
    return " ".join(element.text_content().split())
