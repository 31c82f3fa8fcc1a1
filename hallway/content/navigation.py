"""Organizers' pages in the conference's menus: the footer (``Page.in_navigation``) and the
main menu (``Page.in_header``).

Every page of the site draws both menus, so the list is kept on the conference itself
(``Conference.menu_links``, rewritten whenever a page changes) and read from there through
the menu seam (hallway.core.seams.links) without a query.
"""

from __future__ import annotations

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse
from hallway.core.seams import MenuItem

# After the built-in links of each menu (Schedule… Local guide are 10–50; Organizers 10).
MENU_ORDER = {"main": 100, "footer": 20}


def refresh_menu_links(conference_id: int) -> None:
    """Rewrite the conference's ``menu_links`` from its visible pages (one read, one write)."""
    from hallway.content.models import Page

    pages = (
        Page.objects.listed()
        .filter(conference_id=conference_id)
        .exclude(in_navigation=False, in_header=False)
        .order_by("position", "title")
        .values_list("title", "slug", "in_header", "in_navigation")
    )
    entries = []
    for title, slug, in_header, in_footer in pages:
        for menu, shown in (("main", in_header), ("footer", in_footer)):
            if shown:
                entries.append({"menu": menu, "label": title, "slug": slug})
    # update(): the page's own save already refreshed the conference's cached pages.
    Conference.objects.filter(pk=conference_id).update(menu_links=entries)


def page_menu_items(request, conference, menu: str) -> list[MenuItem]:
    """The menu seam's source: this conference's pages for ``menu``."""
    match = getattr(request, "resolver_match", None)
    current_slug = match.kwargs.get("slug") if match and match.url_name == "page-detail" else None
    return [
        MenuItem(
            url=conference_reverse(conference, "content:page-detail", slug=entry["slug"]),
            label=entry["label"],
            order=MENU_ORDER.get(menu, 50) + position,
            current=entry["slug"] == current_slug,
        )
        for position, entry in enumerate(conference.menu_links or [])
        if entry.get("menu") == menu
    ]
