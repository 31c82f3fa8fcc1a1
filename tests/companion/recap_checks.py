"""Checks that a recap's Markdown holds together the way GitHub renders it."""

import re
from pathlib import Path

from markdown_it import MarkdownIt

from hallway.companion.recap import BACK_TO_TOP, Slugger

LINK = re.compile(r"\]\(#([^)]+)\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


def headings(markdown: str) -> list[tuple[int, int, str]]:
    """(level, line index, anchor) of every heading, as GitHub computes the anchors."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    slugger = Slugger()
    result = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            text = "".join(c.content for c in inline.children if c.type in ("text", "code_inline"))
            result.append((int(token.tag[1]), token.map[0], slugger.slug(text)))
    return result


def assert_toc_links_resolve(markdown: str) -> None:
    anchors = {anchor for _, _, anchor in headings(markdown)}
    links = LINK.findall(markdown)
    assert links, "no internal links"
    assert sorted(set(links) - anchors) == []


def assert_sections_end_with_back_to_top(markdown: str) -> None:
    lines = markdown.splitlines()
    found = headings(markdown)
    for position, (level, line, anchor) in enumerate(found):
        if level == 1 or anchor == "table-of-contents":
            continue
        end = next((ln for lv, ln, _ in found[position + 1 :] if lv <= level), len(lines))
        body = [text for text in lines[line + 1 : end] if text.strip()]
        assert body[-1:] == [BACK_TO_TOP], f"section #{anchor} does not end with back to top"


def assert_images_present(markdown: str, out: Path) -> list[str]:
    images = IMAGE.findall(markdown)
    missing = [src for src in images if not (out / src).is_file()]
    assert missing == []
    return images
