"""Star buttons on public pages.

Public pages show the ``session-actions`` slot (hallway.core.seams), which the companion fills
with ``companion/_star_button.html``. Inside a ``{% slotcache %}`` fragment (the schedule's days,
shared by every visitor), the button renders both ways, starred and not, as a toggle keyed by
the session; each answer picks a state from the visitor's stars (``slot_state``, set by
:func:`hallway.companion.context_processors.stars`). See hallway/core/slotcache.py.
"""

from __future__ import annotations

from django import template

from hallway.core.slotcache import toggle

register = template.Library()

STAR_BUTTON = "companion/_star_button.html"


@register.filter
def starred_labels(stars, session_id):
    """The labels a visitor starred a session under: ``{{ stars|starred_labels:session.pk }}``."""
    if not stars:
        return []
    return stars.get(session_id, [])


@register.simple_tag(takes_context=True)
def star_slot(context, session) -> str:
    """Both states of a session's star button, as a toggle of the enclosing ``slotcache``."""
    button = context.template.engine.get_template(STAR_BUTTON)
    # (Without the file's last newline, which the button's own include still adds.)
    with context.push(toggle_slots=False, stars={}):
        plain = button.render(context).removesuffix("\n")
    with context.push(toggle_slots=False, stars={session.pk: [True]}):
        pressed = button.render(context).removesuffix("\n")
    return toggle(session.pk, plain, pressed)
