from django import template

from hallway.lightning.models import LightningTalk

register = template.Library()


@register.simple_tag
def accepted_lightning_talks(session) -> list[LightningTalk]:
    """``{% accepted_lightning_talks session as talks %}``: one query, only for lightning-talk
    sessions (the session page renders it inside its fragment cached per conference version)."""
    if session.kind != "lightning":
        return []
    return list(LightningTalk.objects.accepted().filter(session=session))
