"""``/sitemap.xml``: every public page of the conferences a host serves.

On the main site that is every public conference, under ``/<slug>/``; on a conference's
own host name, only that conference, at root paths. URLs are built from the request's
scheme and host (``RequestSite``), never from the ``django.contrib.sites`` row, so one
install can answer for many host names.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import QuerySet
from django.http import Http404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse
from hallway.content.models import Page, Post
from hallway.people.models import Presenter
from hallway.program.models import Session

# The fixed pages every conference site has, in the order they are listed.
SECTION_URL_NAMES = (
    "conferences:home",
    "program:schedule",
    "people:presenter-list",
    "people:organizer-list",
    "content:sponsor-list",
    "content:post-list",
    "content:place-list",
)


class ConferenceSitemap(Sitemap):
    """A sitemap over some conferences; subclasses list one kind of page."""

    def __init__(self, conferences: QuerySet[Conference]):
        self.conferences = conferences

    def lastmod(self, item):
        return item.updated_at


class SectionSitemap(ConferenceSitemap):
    priority = 0.8
    changefreq = "daily"

    def items(self) -> list[tuple[Conference, str]]:
        return [(c, name) for c in self.conferences.order_by("pk") for name in SECTION_URL_NAMES]

    def location(self, item) -> str:
        conference, name = item
        return conference_reverse(conference, name)

    def lastmod(self, item):
        return item[0].updated_at


class SessionSitemap(ConferenceSitemap):
    def items(self) -> QuerySet[Session]:
        return (
            Session.objects.listed()
            .filter(conference__in=self.conferences, kind__in=Session.PROGRAM_KINDS)
            .select_related("conference")
            .order_by("conference_id", "start", "pk")
        )


class PresenterSitemap(ConferenceSitemap):
    def items(self) -> QuerySet[Presenter]:
        return (
            Presenter.objects.listed()
            .filter(conference__in=self.conferences)
            .select_related("conference")
            .order_by("conference_id", "name", "pk")
        )


class PostSitemap(ConferenceSitemap):
    def items(self) -> QuerySet[Post]:
        return (
            Post.objects.published()
            .filter(conference__in=self.conferences)
            .select_related("conference")
            .order_by("conference_id", "-published_at", "pk")
        )


class PageSitemap(ConferenceSitemap):
    def items(self) -> QuerySet[Page]:
        return (
            Page.objects.listed()
            .filter(conference__in=self.conferences)
            .select_related("conference")
            .order_by("conference_id", "position", "pk")
        )


SITEMAPS = (SectionSitemap, SessionSitemap, PresenterSitemap, PostSitemap, PageSitemap)


def conferences_for(request) -> QuerySet[Conference]:
    """The public conferences this request's host serves."""
    conferences = Conference.objects.public()
    host_conference_id = getattr(request, "host_conference_id", None)
    if host_conference_id:
        conferences = conferences.filter(pk=host_conference_id)
    return conferences


@require_safe
def sitemap_xml(request):
    """The sitemap, 50,000 URLs per kind of page per ``?p=`` page."""
    try:
        page = int(request.GET.get("p", "1"))
    except ValueError as error:
        raise Http404("No such sitemap page.") from error
    site, conferences = RequestSite(request), conferences_for(request)
    urlset = []
    for sitemap_class in SITEMAPS:
        try:
            urls = sitemap_class(conferences).get_urls(
                page=page, site=site, protocol=request.scheme
            )
        except (EmptyPage, PageNotAnInteger):
            continue
        urlset.extend(urls)
    if page > 1 and not urlset:
        raise Http404("No such sitemap page.")
    return TemplateResponse(
        request, "sitemap.xml", {"urlset": urlset}, content_type="application/xml; charset=utf-8"
    )
