"""Kept for the branches in flight: the page helpers live in ``tests/html.py``."""

from tests.html import parse, select, text

__all__ = ["parse", "select", "text"]
