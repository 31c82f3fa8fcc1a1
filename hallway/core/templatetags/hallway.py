from django import template
from django.utils import timezone

from hallway.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str | None):
    """Render Markdown safely (markdown-it-py + nh3)."""
    return render_markdown(text)


@register.filter
def in_zone(value, tz):
    """A datetime shown in a conference's time zone: ``{{ session.start|in_zone:conference.tzinfo }}``."""
    if value is None:
        return None
    return timezone.localtime(value, tz)


@register.simple_tag(takes_context=True)
def conference_url(context, name: str, **kwargs) -> str:
    """``{% conference_url "program:schedule" %}`` for the current conference, whether it is
    served under /<slug>/ or on its own host name."""
    from hallway.conferences.urls_helpers import conference_reverse

    return conference_reverse(context["conference"], name, **kwargs)
