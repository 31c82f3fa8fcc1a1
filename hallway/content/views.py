from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view
from hallway.conferences.page_cache import cache_query
from hallway.content.guide import prepare_guide

POSTS_PER_PAGE = 20


def keep_out_of_shared_caches_while_scheduled(response, conference):
    """Mark news answers private while a post waits for its publication time.

    Cached pages live until the conference's next edit (see hallway.conferences.page_cache); a post
    that publishes itself later is no edit, so until then news pages must not be shared.
    """
    if conference.posts.scheduled().exists():
        patch_cache_control(response, private=True)
    return response


@require_safe
@conference_view
def sponsor_list(request, conference):
    levels = conference.sponsor_levels.for_sponsor_page()
    return render(
        request, "content/sponsor_list.html", {"conference": conference, "levels": levels}
    )


@cache_query("page")
@require_safe
@conference_view
def post_list(request, conference):
    page = Paginator(conference.posts.for_news(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    template = "content/post_list.html"
    if request.htmx:
        template += "#post-list"
    response = render(request, template, {"conference": conference, "page_obj": page})
    return keep_out_of_shared_caches_while_scheduled(response, conference)


@require_safe
@conference_view
def post_detail(request, conference, slug: str):
    post = get_object_or_404(conference.posts.for_news(), slug=slug)
    response = render(request, "content/post_detail.html", {"conference": conference, "post": post})
    return keep_out_of_shared_caches_while_scheduled(response, conference)


@require_safe
@conference_view
def place_list(request, conference):
    places = list(conference.places.for_guide())
    guide_map = prepare_guide(conference, places)
    return render(
        request,
        "content/place_list.html",
        {"conference": conference, "places": places, "guide_map": guide_map},
    )


@require_safe
@conference_view
def page_detail(request, conference, slug: str):
    page = get_object_or_404(conference.pages.listed(), slug=slug)
    return render(request, "content/page_detail.html", {"conference": conference, "page": page})
