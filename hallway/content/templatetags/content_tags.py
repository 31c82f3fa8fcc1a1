from django import template

from hallway.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown_with_anchors(text: str | None):
    """Markdown for free pages: like ``markdown``, and headings get ids for in-page links."""
    return render_markdown(text, heading_ids=True)


@register.simple_tag(takes_context=True)
def absolute_uri(context, path: str) -> str:
    """``path`` as an absolute URL on the request's scheme and host (for og:image)."""
    return context["request"].build_absolute_uri(path)
