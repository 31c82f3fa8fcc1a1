"""Schedule exports (frab XML, schedule JSON, iCalendar) and the schedule change log.

Exports answer conditional requests: the ETag hashes the format with what any change to the
programme moves (the conference's version, the number of sessions, the latest session and
presenter edits), and Last-Modified is the latest of those edits.
"""

import hashlib

from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import condition, require_safe
from django.views.decorators.vary import vary_on_headers

from hallway.conferences.decorators import conference_view, get_conference
from hallway.conferences.page_cache import cache_query, shared_with_everyone
from hallway.core.seams import session_extras
from hallway.interop import registry
from hallway.interop.export import build_export
from hallway.interop.formats import ical
from hallway.program.changes import public_changes

CHANGES_PER_PAGE = 100


def _url_base(request) -> str:
    """``scheme://host`` of this request: exports need absolute URLs."""
    return request.build_absolute_uri("/").rstrip("/")


def _export_state(request, conference_slug=None) -> dict:
    """The conference and what its exports' validators are made of; computed once a request."""
    state = getattr(request, "_hallway_export_state", None)
    if state is None:
        conference = get_conference(request, conference_slug)
        sessions = conference.sessions.aggregate(count=Count("pk"), latest=Max("updated_at"))
        presenters = conference.presenters.aggregate(latest=Max("updated_at"))
        moments = [conference.updated_at, sessions["latest"], presenters["latest"]]
        state = {
            "conference": conference,
            "count": sessions["count"],
            "last_modified": max(moment for moment in moments if moment is not None),
        }
        request._hallway_export_state = state
    return state


def _etag_for(format_name: str):
    def etag(request, conference_slug=None, **kwargs) -> str:
        state = _export_state(request, conference_slug)
        conference = state["conference"]
        key = ":".join(
            str(part)
            for part in (
                format_name,
                conference.pk,
                conference.version,
                state["count"],
                state["last_modified"].isoformat(),
                _url_base(request),
            )
        )
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    return etag


def _last_modified(request, conference_slug=None, **kwargs):
    return _export_state(request, conference_slug)["last_modified"]


def export_view(format_name: str):
    """A view serving the registered format ``format_name`` for a conference's schedule."""

    @require_safe
    @condition(etag_func=_etag_for(format_name), last_modified_func=_last_modified)
    def view(request, conference_slug=None):
        schedule_format = registry.get_format(format_name)
        conference = _export_state(request, conference_slug)["conference"]
        export = build_export(conference, url_base=_url_base(request))
        response = HttpResponse(
            schedule_format.render(export), content_type=schedule_format.content_type
        )
        filename = f"{export.acronym}.{schedule_format.extension}"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        # Schedule apps and other sites read these from the browser too (as pretalx allows).
        response["Access-Control-Allow-Origin"] = "*"
        return response

    view.__name__ = view.__qualname__ = f"export_{format_name.replace('-', '_')}"
    # The same file for everyone: signed-in visitors get it from the page cache too.
    return shared_with_everyone(view)


@shared_with_everyone
def schedule_export(request, extension: str, conference_slug=None):
    """``schedule.<extension>`` for any other registered exporter (third-party formats)."""
    schedule_format = registry.exporter_for_extension(extension)
    if schedule_format is None:
        raise Http404("No such schedule format.")
    return export_view(schedule_format.name)(request, conference_slug=conference_slug)


schedule_xml = export_view("frab-xml")
schedule_json = export_view("schedule-json")
schedule_ics = export_view("ical")


@shared_with_everyone
@require_safe
@conference_view
def session_ics(request, conference, slug: str):
    """One session as an iCalendar file, for "add to calendar" links on session pages."""
    session = conference.sessions.listed().scheduled().with_people().filter(slug=slug).first()
    if session is None:
        raise Http404("No such scheduled session.")
    body = ical.sessions_to_ical(
        conference,
        [session],
        name=f"{session.title} · {conference.name}",
        url_base=_url_base(request),
        extras=session_extras.for_sessions(conference, [session]),
    )
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{session.slug}.ics"'
    return response


@cache_query("page")
@require_safe
@vary_on_headers("HX-Request")
@conference_view
def changes(request, conference):
    """The schedule change log, newest first, a page at a time."""
    page = Paginator(public_changes(conference), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    template = "interop/changes.html"
    if request.htmx:
        template += "#change-list"
    return render(
        request, template, {"conference": conference, "page": page, "changes": page.object_list}
    )
