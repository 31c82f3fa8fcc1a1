import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import dateformat
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from hallway.conferences.decorators import conference_view
from hallway.conferences.page_cache import cache_query
from hallway.conferences.social_cards import Card, cached_card, card_response
from hallway.conferences.urls_helpers import conference_reverse, serving_on_host
from hallway.core.formats import format_as
from hallway.program import schedule as grid


def _parse_day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise Http404("Not a date.") from error


@cache_query("day")
@require_safe
@vary_on_headers("HX-Request")
@conference_view
def schedule(request, conference, date: str | None = None):
    """Every day of the schedule, or one day (``/schedule/<date>/`` or ``?day=<date>``).

    An htmx request gets just the day sections (the ``day`` partial) and the day nav.
    """
    day_value = date or request.GET.get("day")
    dates = grid.conference_dates(conference)
    if day_value:
        selected = _parse_day(day_value)
        if selected not in dates:
            raise Http404("No sessions that day.")
        sessions = conference.sessions.for_schedule_day(selected, conference.tzinfo)
    else:
        selected = None
        sessions = conference.sessions.for_schedule()
    # Laid out only when the template's fragment cache misses ({% slotcache %}).
    days = SimpleLazyObject(lambda: grid.build_days(sessions, conference))
    context = {
        "conference": conference,
        "days": days,
        "dates": dates,
        "selected": selected,
        "on_own_host": serving_on_host(),
    }
    if selected:
        # ?day= and /schedule/<date>/ show the same page; the path is its one address.
        context["canonical_path"] = conference_reverse(
            conference, "program:schedule-day", date=selected.isoformat()
        )
    # htmx swaps the days (and the day nav, out of band); restoring history needs the page.
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "program/schedule.html#day-swap", context)
    # The whole page inlines the grid rules; a swap keeps those of the page it lands in.
    context["grid_css"] = grid.conference_grid_css(conference, None if selected else days)
    return render(request, "program/schedule.html", context)


def _page_session(conference, slug: str):
    """A listed programme item of ``conference`` (logistics have no page), or 404.

    Its presenters and tags are not fetched yet: ``Session.load_people()`` does that where they
    are used, so a page whose fragments come from the cache does not query them.
    """
    session = get_object_or_404(
        conference.sessions.listed().select_related("room", "track"), slug=slug
    )
    if not session.has_page:
        raise Http404("Logistics items have no page.")
    return session


@require_safe
@conference_view
def session_detail(request, conference, section: str, slug: str):
    session = _page_session(conference, slug)
    if section != session.url_section:
        # An old link with the wrong section (/talks/ for a tutorial): send it home for good.
        query = request.META.get("QUERY_STRING", "")
        return redirect(session.get_absolute_url() + (f"?{query}" if query else ""), permanent=True)
    card_url = conference_reverse(
        conference, "program:session-card", section=session.url_section, slug=session.slug
    )
    context = {
        "conference": conference,
        "session": session,
        "og_image": f"{card_url}?v={conference.version}",
        # Part of the fragment cache key: the same fragment links differently on a custom host.
        "on_own_host": serving_on_host(),
    }
    return render(request, "program/session_detail.html", context)


@require_safe
@conference_view
def session_card(request, conference, section: str, slug: str):
    """The session's social card, a 1200x630 PNG drawn by Hallway."""

    def describe() -> Card:
        session = _page_session(conference, slug).load_people()
        names = ", ".join(p.name for p in session.ordered_presenters)
        when = ""
        if session.start:
            local = session.start.astimezone(conference.tzinfo)
            when = f"{format_as(local, 'stamp')} {dateformat.format(local, 'T')}"
        lines = tuple(line for line in (names, when) if line)
        return Card(
            kicker=f"{conference.name} · {session.get_kind_display()}",
            title=session.title,
            lines=lines,
        )

    return card_response(cached_card(conference, f"session:{slug}", describe))
