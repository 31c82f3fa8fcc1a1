"""Plain text for formats that cannot carry HTML (iCalendar DESCRIPTION, feed summaries)."""

import html
import re

import nh3

from hallway.core.markdown import render_markdown

# Block-level closings become line breaks before the tags go, so paragraphs stay apart.
_BLOCK_END = re.compile(r"</(p|ul|ol|h[1-6]|blockquote|pre|table|div|dl)>|<hr\s*/?>", re.I)
_LINE_END = re.compile(r"</(li|tr|dd|dt)>|<br\s*/?>", re.I)
_LIST_ITEM = re.compile(r"<li>", re.I)
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.I | re.S)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def markdown_to_text(text: str | None) -> str:
    """Markdown as readable plain text: no markup, paragraphs separated by a blank line,
    links kept as ``label (url)`` when the label is not the URL itself."""
    if not text:
        return ""
    rendered = str(render_markdown(text))

    def link(match: re.Match) -> str:
        url, label = html.unescape(match.group(1)), match.group(2)
        return label if html.unescape(re.sub(r"<[^>]+>", "", label)) == url else f"{label} ({url})"

    rendered = _LINK.sub(link, rendered)
    rendered = rendered.replace(">\n<", "><")  # markdown-it's own newlines between tags
    rendered = _LIST_ITEM.sub("- ", rendered)
    rendered = _LINE_END.sub("\n", rendered)
    rendered = _BLOCK_END.sub("\n\n", rendered)
    plain = html.unescape(nh3.clean(rendered, tags=set()))
    lines = [line.rstrip() for line in plain.splitlines()]
    return _MANY_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
