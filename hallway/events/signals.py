"""Signals of the side events, for apps built above them (a notifications app).

``rsvps_promoted`` is sent after the transaction commits, once people moved up from an event's
waiting list; ``rsvp_ids`` (keyword) are the promoted RSVPs. ``sender`` is ``Rsvp``.
"""

from django.dispatch import Signal

rsvps_promoted = Signal()
