"""What the page cache may know about a signed-in visitor, and when it must forget it.

Signed-in attendees get public pages from a stored copy too (hallway/conferences/member_pages.py):
one copy for every attendee, with holes for what is theirs. To fill the holes without asking
the database, the cache keeps one **member entry** per attendee:

* the hash that ties their sessions to their password (``get_session_auth_hash``), whether the
  account is active, and whether it is an organizer's (organizers always get a fresh page);
* per conference, the keys switched on for them in the page's toggles (their stars, given by
  the providers registered with :data:`visitor_state`), and per language the HTML of their
  holes (the account menu).

The entry names the attendee's **member version**, an integer that moves on after every
committed change to anything of theirs a page shows: the account itself and every model an app
registered with :func:`track` (stars, labels, unread counts...). Readers fetch the version and
the entry together and use the entry only when it names the current version; a change makes
the next request compute a new one. A reader that computed an entry from rows read before a
change labels it with the old version, which no reader accepts any more.

Private by construction: a page is only stored for attendees when rendering it touched nothing of
the visitor but ``is_authenticated`` (see :class:`TracedUser`), and sessions holding anything
but the sign-in keys (:data:`PLAIN_SESSION_KEYS`) never take this path.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.functional import SimpleLazyObject

from hallway.core import cache_keys

VERSION_KEY = cache_keys.MEMBER_VERSION
ENTRY_KEY = cache_keys.MEMBER_ENTRY
ENTRY_SECONDS = 6 * 3600

# What a session may hold and still be an attendee's plain session: the sign-in itself and
# allauth's record of how it happened. Anything else (stars kept before signing in, a
# presenter's sign-in link, pending messages) may change a page, so it takes the slow path.
PLAIN_SESSION_KEYS = frozenset(
    {SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY, "account_authentication_methods"}
)


def plain_session(keys: Iterable[str]) -> bool:
    return all(key in PLAIN_SESSION_KEYS or key.startswith("_session") for key in keys)


# Versions ------------------------------------------------------------------------------------


def version(user_id: int) -> int:
    """The attendee's member version; a new one (the clock, in ns) when the cache holds none.

    Starting from the clock rather than 0 means a version that was evicted never comes back
    to a number an old entry was stored under.
    """
    key = VERSION_KEY.format(user=user_id)
    found = cache.get(key)
    if found is None:
        cache.add(key, time.time_ns(), None)
        found = cache.get(key)
    return found


def bump(user_ids: Iterable[int]) -> None:
    """Move the member version of these attendees on, now and again once the transaction
    commits: a reader between the two may store what it read before the commit, but only
    under a version that the second bump leaves behind."""
    user_ids = {user_id for user_id in user_ids if user_id}
    if user_ids:
        _bump_now(user_ids)
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(lambda: _bump_now(user_ids))


def _bump_now(user_ids: set[int]) -> None:
    for user_id in user_ids:
        key = VERSION_KEY.format(user=user_id)
        # Not in the cache: the next reader starts a new one.
        with contextlib.suppress(ValueError):
            cache.incr(key)


def track(model, user_field: str = "user") -> None:
    """Bump an attendee's member version whenever a row of ``model`` of theirs is saved or
    deleted (cascades included). ``user_field`` names the foreign key to the user ("pk" for the
    user model itself)."""
    attribute = "pk" if user_field == "pk" else f"{user_field}_id"

    def changed(sender, instance, **kwargs) -> None:
        bump([getattr(instance, attribute, None)])

    uid = f"hallway-member-{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)


# Entries -------------------------------------------------------------------------------------


def entry_key(user_id: int) -> str:
    return ENTRY_KEY.format(user=user_id)


def current(entry: dict | None, member_version: int | None) -> bool:
    """Whether a member entry was computed at the attendee's current member version."""
    return entry is not None and member_version is not None and entry["version"] == member_version


class VisitorStateRegistry:
    """Providers of the keys switched on for a signed-in visitor in a page's toggles.

    ``provider(user, conference_id)`` returns keys (a higher app's: the companion gives the ids
    of the sessions the attendee starred). Registered from ``AppConfig.ready()``.
    """

    def __init__(self) -> None:
        self._providers: dict[str, Callable[[Any, int], Iterable[int]]] = {}

    def register(self, name: str, provider: Callable[[Any, int], Iterable[int]]) -> None:
        self._providers[name] = provider

    def keys_for(self, user, conference_id: int) -> frozenset[int]:
        keys: set[int] = set()
        for provider in self._providers.values():
            keys.update(provider(user, conference_id))
        return frozenset(keys)


visitor_state = VisitorStateRegistry()


def entry_for(user, conference_id: int, language: str, holes: Callable[[], dict[str, str]]):
    """The member entry of ``user`` with what ``conference_id`` and ``language`` need, reading
    the cache first; ``holes()`` renders the hole contents when the entry lacks them."""
    member_version = version(user.pk)
    key = entry_key(user.pk)
    entry = cache.get(key)
    if not current(entry, member_version):
        entry = None
    entry = entry or {
        "version": member_version,
        "hash": user.get_session_auth_hash(),
        "active": user.is_active,
        "staff": user.is_staff or user.is_superuser,
        "toggles": {},
        "holes": {},
    }
    changed = False
    if conference_id not in entry["toggles"]:
        entry["toggles"][conference_id] = visitor_state.keys_for(user, conference_id)
        changed = True
    if (conference_id, language) not in entry["holes"]:
        entry["holes"][(conference_id, language)] = holes()
        changed = True
    if changed:
        cache.set(key, entry, ENTRY_SECONDS)
    return entry


# What a stored page may read of the visitor --------------------------------------------------

# Read by pages that only ask whether someone is signed in: the same for every attendee who
# takes this path (organizers do not).
SHARED_USER_ATTRIBUTES = frozenset(
    {"is_authenticated", "is_anonymous", "is_active", "is_staff", "is_superuser"}
)


class TracedUser(SimpleLazyObject):
    """``request.user`` while a page is rendered to be shared by attendees.

    Behaves as the user, but reading anything that tells one attendee from another (their id,
    name, e-mail; comparing them with someone; querying with them) calls ``personal(name)``, and
    the page is then not shared.
    """

    def __init__(self, user, personal: Callable[[str], None]):
        super().__init__(lambda: user)
        self.__dict__["_hallway_personal"] = personal

    def __getattr__(self, name):
        if name not in SHARED_USER_ATTRIBUTES:
            self.__dict__["_hallway_personal"](name)
        return super().__getattr__(name)

    def __eq__(self, other):
        self.__dict__["_hallway_personal"]("__eq__")
        return super().__eq__(other)

    def __ne__(self, other):
        self.__dict__["_hallway_personal"]("__ne__")
        return super().__ne__(other)

    def __hash__(self):
        self.__dict__["_hallway_personal"]("__hash__")
        return super().__hash__()
