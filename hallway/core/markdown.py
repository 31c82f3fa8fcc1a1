"""Safe Markdown: markdown-it-py renders, nh3 keeps only harmless HTML (links survive,
scripts, event handlers and ``javascript:`` URLs do not)."""

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "th": {"align"},
    "td": {"align"},
    "*": {"id"},
}


@lru_cache(maxsize=2)
def _parser(heading_ids: bool = False) -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True, "linkify": True, "typographer": False}).enable(
        ["linkify", "table", "strikethrough"]
    )
    if heading_ids:
        # h2-h4 get ids from their text ("## Monday lunch" -> id="monday-lunch"), so links
        # like /catering-menus/#monday-lunch work; raw HTML headings keep their own ids.
        parser.use(anchors_plugin, min_level=2, max_level=4)
    return parser


def render_markdown(text: str | None, *, heading_ids: bool = False) -> SafeString:
    """Markdown to sanitised HTML, safe to put in a template as is.

    With ``heading_ids``, Markdown headings h2-h4 get slug ids for in-page anchors.
    """
    if not text:
        return mark_safe("")
    return mark_safe(_render(text, heading_ids))  # noqa: S308 (nh3 sanitised it)


@lru_cache(maxsize=4096)
def _render(text: str, heading_ids: bool) -> str:
    # A pure function of its text, and the costliest part of a session or presenter page:
    # pages that cannot come from the page cache (signed-in attendees) share this work.
    html = _parser(heading_ids).render(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
