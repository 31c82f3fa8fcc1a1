from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.cache import patch_cache_control

from hallway.conferences.models import Conference


def get_conference(request, conference_slug: str | None = None) -> Conference:
    """The conference a request is for: from its host name or the ``/<slug>/`` prefix.

    Conferences that are not public are shown to staff only.
    """
    conferences = Conference.objects.with_feature_keys()
    if getattr(request, "host_conference_id", None):
        conference = get_object_or_404(conferences, pk=request.host_conference_id)
    elif conference_slug:
        conference = get_object_or_404(conferences, slug=conference_slug)
    else:
        raise Http404("No conference.")
    if not conference.is_public and not request.user.is_staff:
        raise Http404("No conference.")
    request.conference = conference
    return conference


def conference_view(view):
    """Resolve the conference and pass it to the view as ``conference``."""

    @wraps(view)
    def wrapper(request, *args, conference_slug: str | None = None, **kwargs):
        conference = get_conference(request, conference_slug)
        return view(request, *args, conference=conference, **kwargs)

    return wrapper


def feature_view(key: str):
    """Like ``conference_view``, for the pages of a feature app (``visa-letter``, ``grants``…):
    404 unless the conference has switched that feature on. The view gets the
    ``conferences.Feature`` as ``feature``; whether its form takes entries now is
    ``feature.is_open()``."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, conference_slug: str | None = None, **kwargs):
            conference = get_conference(request, conference_slug)
            feature = conference.features.filter(key=key, is_enabled=True).first()
            if feature is None:
                raise Http404("This feature is switched off for this conference.")
            response = view(request, *args, conference=conference, feature=feature, **kwargs)
            now = timezone.now()
            if any(moment and moment > now for moment in (feature.opens_at, feature.closes_at)):
                # Public pages are cached until the conference's next edit, and the call
                # opening or closing at its date is no edit: keep such answers out of shared
                # caches until the last date has passed.
                patch_cache_control(response, private=True)
            return response

        return wrapper

    return decorate
