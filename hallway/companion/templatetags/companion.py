from django import template

register = template.Library()


@register.filter
def starred_labels(stars, session_id):
    """The labels a visitor starred a session under: ``{{ stars|starred_labels:session.pk }}``."""
    if not stars:
        return []
    return stars.get(session_id, [])
