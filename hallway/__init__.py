"""Hallway: a conference website and attendee companion on Django."""

__version__ = "0.1.0"
