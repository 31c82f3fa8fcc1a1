"""Schedule exports (frab XML, schedule JSON, iCalendar) and the schedule change log."""

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view
from hallway.interop.formats import ical


def _url_base(request) -> str:
    """``scheme://host`` of this request: exports need absolute URLs."""
    return request.build_absolute_uri("/").rstrip("/")


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
    )
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{session.slug}.ics"'
    return response
