"""Every key Hallway stores in the shared cache, in one place.

Each module that caches imports its key from here; docs/developer/architecture.md ("Caches")
says what each entry holds, how long it lives and what drops it. Most keys carry a conference's
``version``, which every change to anything of that conference bumps
(hallway/conferences/versioning.py): old entries are never deleted, they are simply no longer
asked for and expire.
"""

# Conference lookups (hallway/conferences/page_cache.py, middleware.py): dropped on a bump or
# a host change.
# (id, version, is_public, created, language); "2": the language joined the tuple.
CONFERENCE_VERSION = "hallway:conf-version:2:{id}"
CONFERENCE_SLUG = "hallway:conf-slug:2:{slug}"
HOST = "hallway:host:{host}"

# Whole public pages for anonymous visitors (hallway/conferences/page_cache.py).
PAGE = "hallway:page:{id}:{version}:{created}:{digest}"
# Signed-in attendees (hallway/core/members.py): a counter per attendee that every change of
# theirs moves on, and the entry (auth hash, stars, menu) computed at one value of it (the
# entry names that value: readers check it, so the two come in one round trip).
MEMBER_VERSION = "hallway:member-version:{user}"
MEMBER_ENTRY = "hallway:member:{user}"
# Shared fragments with per-visitor toggles, e.g. the schedule's days (hallway/core/slotcache.py).
SLOT_FRAGMENT = "hallway:slot-fragment:{id}:{version}:{digest}"
# API answers (hallway/api/caching.py).
API_RESPONSE = "hallway:api:{version}:{digest}"
# The schedule's local dates and grid rules (hallway/program/schedule.py).
SCHEDULE_DATES = "hallway:schedule-dates:{id}:{version}"
GRID_CSS = "hallway:grid-css:{id}:{version}"
# Social cards, PNG (hallway/conferences/social_cards.py).
SOCIAL_CARD = "hallway:card:{id}:{version}:{key}"
# The readiness probe's value, set and read back, then deleted (hallway/core/health.py).
READINESS_PROBE = "hallway:readyz:{token}"

# Which feature addresses an imported page occupies (hallway/site/addresses.py).
TAKEN_ADDRESSES = "hallway:taken-addresses:{id}:{version}"

# An attendee's unread notifications at one conference, for the account menu
# (hallway/notifications/services.py): set when notifications are written or read.
NOTIFICATIONS_UNREAD = "hallway:notifications-unread:{user}:{conference}"
