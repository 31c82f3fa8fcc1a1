"""Where the feature apps answer in a conference's site, and what happens when an imported page
already has that address.

Every feature app is mounted twice by :func:`feature_urls`:

* at its address, ``/<conference>/<segment>/`` (``/djangocon-us-2024/sprints/``), and
* aside, at ``/<conference>/hallway/<segment>/``, which always answers.

When the conference has a listed content page whose slug is the segment (an imported site's own
"Sprints" page), the page wins the address: ``/<conference>/sprints/`` shows the page, the
feature's deeper paths redirect to their aside twins, and every link made with
``conference_reverse`` (menus, ``{% conference_url %}``) points aside
(``hallway.core.seams.addresses``). Which segments are taken is read once per conference
version: pages are content of the conference, so adding or hiding one bumps that version.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import FrozenInstanceError, dataclass
from functools import wraps
from importlib import import_module

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, include, path

from hallway.core.cache_keys import TAKEN_ADDRESSES
from hallway.core.seams import addresses

TAKEN_SECONDS = 24 * 3600


@dataclass(frozen=True)
class FeatureAddress:
    segment: str  # the first path segment inside the conference: "sprints"
    urls: str  # the app's URLconf module, which names its app_name
    namespace: str  # that app_name


# Every feature app of the conference site, in the order their URLs are tried.
FEATURES = [
    FeatureAddress("visa-letter", "hallway.visas.urls", "visas"),
    FeatureAddress("grants", "hallway.grants.urls", "grants"),
    FeatureAddress("venue-proposal", "hallway.proposals.urls", "proposals"),
    FeatureAddress("lightning-talks", "hallway.lightning.urls", "lightning"),
    FeatureAddress("sprints", "hallway.sprints.urls", "sprints"),
    FeatureAddress("volunteer", "hallway.volunteers.urls", "volunteers"),
    FeatureAddress("events", "hallway.events.urls", "events"),
]


def register() -> None:
    """Tell ``conference_reverse`` about the feature pages (from SiteConfig.ready())."""
    for feature in FEATURES:
        addresses.register(feature.segment, namespace=feature.namespace)
    addresses.taken = taken_segments


def taken_segments(conference) -> frozenset[str]:
    """The feature segments that a listed content page of ``conference`` occupies.

    ``conference`` is a Conference or anything with its ``pk``/``id`` and ``version``; the
    answer is kept on the instance and in the cache under the conference's version.
    """
    memo = getattr(conference, "_hallway_taken_addresses", None)
    if memo is not None:
        return memo
    conference_id = getattr(conference, "pk", None) or conference.id
    key = TAKEN_ADDRESSES.format(id=conference_id, version=conference.version)
    taken = cache.get(key)
    if taken is None:
        from hallway.content.models import Page

        segments = [feature.segment for feature in FEATURES]
        taken = frozenset(
            Page.objects.listed()
            .filter(conference_id=conference_id, slug__in=segments)
            .values_list("slug", flat=True)
        )
        cache.set(key, taken, TAKEN_SECONDS)
    # (A frozen ConferenceKey from hallway.conferences.page_cache cannot keep it.)
    with suppress(AttributeError, FrozenInstanceError):
        conference._hallway_taken_addresses = taken
    return taken


def _conference_of(request, conference_slug: str | None):
    """The id and version of the requested conference without a query on a cache hit."""
    from hallway.conferences.page_cache import conference_key

    host_conference_id = getattr(request, "host_conference_id", None)
    if host_conference_id:
        return conference_key(conference_id=host_conference_id)
    if conference_slug:
        return conference_key(slug=conference_slug)
    return None


def _yield_to_page(view, *, segment: str, namespace: str, url_name: str | None, is_root: bool):
    """``view`` at the feature's own address, unless a content page took that address."""
    from hallway.content import views as content_views

    @wraps(view)
    def wrapper(request, *args, conference_slug: str | None = None, **kwargs):
        conference = _conference_of(request, conference_slug)
        if conference is None or segment not in taken_segments(conference):
            if conference_slug is not None:
                kwargs["conference_slug"] = conference_slug
            return view(request, *args, **kwargs)
        if is_root:
            return content_views.page_detail(request, conference_slug=conference_slug, slug=segment)
        if request.method not in ("GET", "HEAD") or url_name is None:
            raise Http404("This feature answers under its aside address.")
        if conference_slug is not None:
            kwargs["conference_slug"] = conference_slug
        target = redirect(f"{addresses.aside_namespace(namespace)}:{url_name}", *args, **kwargs)
        query = request.META.get("QUERY_STRING")
        if query:
            target["Location"] += f"?{query}"
        return target

    return wrapper


def _guarded(patterns, feature: FeatureAddress) -> list:
    guarded = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            raise TypeError(f"{feature.urls}: feature URLconfs must not include others.")
        callback = _yield_to_page(
            pattern.callback,
            segment=feature.segment,
            namespace=feature.namespace,
            url_name=pattern.name,
            is_root=str(pattern.pattern) in ("", "^$"),
        )
        guarded.append(URLPattern(pattern.pattern, callback, pattern.default_args, pattern.name))
    return guarded


def feature_urls(feature: FeatureAddress) -> list:
    """The two mounts of one feature app (see the module docs)."""
    module = import_module(feature.urls)
    if module.app_name != feature.namespace:
        raise ValueError(
            f"{feature.urls} names app_name {module.app_name!r}, not {feature.namespace!r}."
        )
    patterns = module.urlpatterns
    return [
        path(
            f"{feature.segment}/",
            include((_guarded(patterns, feature), feature.namespace), namespace=feature.namespace),
        ),
        path(
            f"{addresses.ASIDE_PREFIX}/{feature.segment}/",
            include(
                (patterns, feature.namespace),
                namespace=addresses.aside_namespace(feature.namespace),
            ),
        ),
    ]


def all_feature_urls() -> list:
    return [pattern for feature in FEATURES for pattern in feature_urls(feature)]
