"""The demo attendee that ``load_demo`` creates (filled in by the companion feature)."""


def create_demo_attendee(conference, stdout=None) -> None:
    """Create attendee ``demo`` with a labelled agenda, notes, moments, people, places and photos."""
