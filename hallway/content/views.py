from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view


@require_safe
@conference_view
def sponsor_list(request, conference):
    sponsors = conference.sponsors.listed().select_related("level")
    return render(request, "content/sponsor_list.html", {"conference": conference, "sponsors": sponsors})


@require_safe
@conference_view
def post_list(request, conference):
    posts = conference.posts.published()
    return render(request, "content/post_list.html", {"conference": conference, "posts": posts})


@require_safe
@conference_view
def post_detail(request, conference, slug: str):
    post = get_object_or_404(conference.posts.published(), slug=slug)
    return render(request, "content/post_detail.html", {"conference": conference, "post": post})


@require_safe
@conference_view
def place_list(request, conference):
    places = conference.places.listed()
    return render(request, "content/place_list.html", {"conference": conference, "places": places})


@require_safe
@conference_view
def page_detail(request, conference, slug: str):
    page = get_object_or_404(conference.pages.listed(), slug=slug)
    return render(request, "content/page_detail.html", {"conference": conference, "page": page})
