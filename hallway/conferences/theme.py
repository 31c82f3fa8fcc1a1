"""Checks on a conference's theme tokens: WCAG contrast of the colour pairs the pages use."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import ImageColor

# (foreground token, background token, what the pair is used for)
PAIRS = [
    ("color-text", "color-background", _("Body text")),
    ("color-muted", "color-background", _("Secondary text")),
    ("color-muted", "color-surface", _("Secondary text on cards")),
    ("color-brand", "color-background", _("Links")),
    ("color-brand", "color-surface", _("Links on cards")),
    ("color-brand-contrast", "color-brand", _("Header and buttons")),
    ("color-accent", "color-background", _("Accents and focus")),
]
AA_NORMAL_TEXT = 4.5


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = ImageColor.getrgb(colour)[:3]
    return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)


def contrast_ratio(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two CSS colours (1 to 21). Raises ValueError if either
    is not a colour Pillow understands (hex, rgb(), or a name)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class ContrastCheck:
    scheme: str
    foreground: str
    background: str
    usage: str
    ratio: float | None

    @property
    def passes(self) -> bool:
        return self.ratio is not None and self.ratio >= AA_NORMAL_TEXT


def contrast_checks(tokens: dict[str, str]) -> list[ContrastCheck]:
    """Every colour pair of :data:`PAIRS`, in the light and the dark scheme."""
    checks = []
    for scheme, prefix in (("light", ""), ("dark", "dark-")):
        for foreground, background, usage in PAIRS:
            try:
                ratio = contrast_ratio(tokens[prefix + foreground], tokens[prefix + background])
            except ValueError:
                ratio = None
            checks.append(
                ContrastCheck(scheme, prefix + foreground, prefix + background, str(usage), ratio)
            )
    return checks
