from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view
from hallway.conferences.social_cards import Card, cached_card, card_response
from hallway.conferences.urls_helpers import conference_reverse, serving_on_host
from hallway.core.formats import format_as
from hallway.core.storage import is_local, stream_response
from hallway.core.tasks import enqueue_once
from hallway.people.photos import SIZES, is_fresh, thumbnail_name
from hallway.people.tasks import make_person_thumbnails


@require_safe
@conference_view
def presenter_list(request, conference):
    context = {
        "conference": conference,
        "presenters": conference.presenters.listed(),  # fetched on a fragment cache miss only
        "on_own_host": serving_on_host(),
    }
    return render(request, "people/presenter_list.html", context)


@require_safe
@conference_view
def presenter_detail(request, conference, slug: str):
    # Sessions are fetched by ``load_sessions()`` inside the cached fragment, not here.
    presenter = get_object_or_404(conference.presenters.listed(), slug=slug)
    card_url = conference_reverse(conference, "people:presenter-card", slug=presenter.slug)
    context = {
        "conference": conference,
        "presenter": presenter,
        "og_image": f"{card_url}?v={conference.version}",
        # Part of the fragment cache key: the same fragment links differently on a custom host.
        "on_own_host": serving_on_host(),
    }
    return render(request, "people/presenter_detail.html", context)


@require_safe
@conference_view
def presenter_card(request, conference, slug: str):
    """The presenter's social card, a 1200x630 PNG drawn by Hallway."""

    def describe() -> Card:
        presenter = get_object_or_404(conference.presenters.listed().with_sessions(), slug=slug)
        sessions = [s for s in presenter.listed_sessions if s.has_page]
        lines = [presenter.affiliation or presenter.role]
        if sessions:
            first = sessions[0]
            when = ""
            if first.start:
                when = " · " + format_as(first.start.astimezone(conference.tzinfo), "datetime")
            lines.append(first.title + when)
        return Card(
            kicker=conference.name,
            title=presenter.name,
            lines=tuple(line for line in lines if line),
            photo_name=presenter.photo.name or None,
        )

    return card_response(cached_card(conference, f"presenter:{slug}", describe))


@require_safe
@conference_view
def organizer_list(request, conference):
    organizers = conference.organizers.listed()
    return render(
        request, "people/organizer_list.html", {"conference": conference, "organizers": organizers}
    )


def _photo_response(conference, person, folder: str, size: int):
    """The square thumbnail, or, until the worker has made it, the original photo.

    Never makes it here: a thousand visitors opening the presenters page at once would each
    wait for Pillow. The first request that finds it missing queues the work (once, across
    servers) and every one gets the original with a short cache life instead.
    """
    if size not in SIZES or not person.photo:
        raise Http404("No such photo.")
    storage = default_storage
    target = thumbnail_name(person.photo.name, conference.slug, folder, size)
    if is_fresh(person.photo.name, target, storage):
        # Pages link photos with ?v=<conference version>, which changes with any edit.
        if not is_local(storage):
            response = HttpResponseRedirect(storage.url(target))
            response["Cache-Control"] = "public, max-age=86400"
            return response
        response = stream_response(storage, target, content_type="image/webp")
        response["Cache-Control"] = "public, max-age=31536000, immutable"
        return response
    enqueue_once(
        f"thumbs:{folder}:{person.photo.name}",
        make_person_thumbnails,
        person.photo.name,
        conference.slug,
        folder,
    )
    try:
        if not is_local(storage):
            response = HttpResponseRedirect(storage.url(person.photo.name))
        else:
            response = stream_response(storage, person.photo.name)
    except OSError as error:
        # A missing or unreadable upload: the page shows the alt text, not a server error.
        raise Http404("The photo cannot be read.") from error
    # Asked again soon: by then the thumbnail is there.
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
@conference_view
def presenter_photo(request, conference, slug: str, size: int):
    presenter = get_object_or_404(conference.presenters.listed().only("slug", "photo"), slug=slug)
    return _photo_response(conference, presenter, "presenters", size)


@require_safe
@conference_view
def organizer_photo(request, conference, slug: str, size: int):
    organizer = get_object_or_404(conference.organizers.listed().only("slug", "photo"), slug=slug)
    return _photo_response(conference, organizer, "organizers", size)
