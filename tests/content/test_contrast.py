"""Colour contrast of the components the issue measured, from the stylesheet and the theme."""

import re
from pathlib import Path

import pytest

from hallway.conferences.models import THEME_TOKENS

CSS = (Path(__file__).resolve().parents[2] / "hallway/core/static/core/hallway.css").read_text()


def declarations(selector: str) -> dict[str, str]:
    """The declarations of every rule whose selector list is exactly ``selector``, in order."""
    found: dict[str, str] = {}
    for match in re.finditer(r"([^{}]+)\{([^{}]*)\}", CSS):
        if match[1].strip() == selector:
            for declaration in match[2].split(";"):
                if ":" in declaration:
                    name, value = declaration.split(":", 1)
                    found[name.strip()] = value.strip()
    return found


def colour(value: str, scheme: str) -> str:
    token = re.fullmatch(r"var\(--([\w-]+)\)", value)[1]
    return THEME_TOKENS[f"dark-{token}" if scheme == "dark" else token]


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_sponsor_hiring_badge_contrast_is_at_least_4_5(scheme):
    rules = {**declarations(".badge"), **declarations(".sponsor__hiring")}

    ratio = contrast(colour(rules["color"], scheme), colour(rules["background"], scheme))

    assert round(ratio, 1) == {"light": 10.1, "dark": 9.9}[scheme]
    assert ratio >= 4.5
