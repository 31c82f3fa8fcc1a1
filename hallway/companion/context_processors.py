from django.utils.functional import SimpleLazyObject

from hallway.companion.stars import stars_for


def stars(request) -> dict:
    """``stars``: {session id: labels} of the visitor at the page's conference, for the star
    buttons that fill the ``session-actions`` slot of public pages.

    Lazy: pages that show no star button (or a cached fragment that needs no stars) do not
    query them. Empty on pages without a conference.
    """
    conference = getattr(request, "conference", None)
    if conference is None:
        return {}
    visitor_stars = SimpleLazyObject(lambda: stars_for(request, conference))
    # The same stars switch the star buttons of shared {% slotcache %} fragments.
    return {"stars": visitor_stars, "slot_state": visitor_stars}
