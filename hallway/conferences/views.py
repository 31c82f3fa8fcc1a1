from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view
from hallway.conferences.models import Conference, Series
from hallway.conferences.social_cards import Card, cached_card, card_response
from hallway.conferences.theme import contrast_checks
from hallway.core.formats import format_as


@require_safe
def index(request):
    """The install's front page: its public conferences, newest first."""
    conferences = Conference.objects.public().order_by("-starts_on")
    return render(request, "conferences/index.html", {"conferences": conferences})


@require_safe
@conference_view
def conference_card(request, conference):
    """The conference's social card (1200x630 PNG), shared by pages without their own."""

    def describe() -> Card:
        first, last = (
            format_as(conference.starts_on, "short"),
            format_as(conference.ends_on, "short_year"),
        )
        dates = f"{first} – {last}"
        where = ", ".join(part for part in (conference.venue_name, conference.city) if part)
        return Card(
            kicker=conference.tagline,
            title=conference.name,
            lines=tuple(line for line in (dates, where) if line),
        )

    return card_response(cached_card(conference, "conference", describe))


@require_safe
@conference_view
def style_guide(request, conference):
    tokens = conference.theme_tokens
    colours = [(name, tokens[name]) for name in tokens if name.startswith("color-")]
    context = {
        "conference": conference,
        "colours": [(name, value, tokens[f"dark-{name}"]) for name, value in colours],
        "fonts": [(name, value) for name, value in tokens.items() if name.startswith("font-")],
        "contrast": contrast_checks(tokens),
    }
    return render(request, "conferences/style_guide.html", context)


@require_safe
def series_detail(request, slug: str):
    """Every public year of a series, oldest first, with its dates and city."""
    series = get_object_or_404(Series, slug=slug)
    years = list(series.conferences.for_series_page())
    return render(request, "conferences/series_detail.html", {"series": series, "years": years})


@require_safe
def series_year(request, slug: str, year: int, rest: str = ""):
    """``/series/<series>/<year>/<path>``: the year's page of the same path, wherever that year
    is served (its own host name or ``/<conference-slug>/``). One canonical address per page;
    this one is for people and links that think in years."""
    conference = (
        Conference.objects.public()
        .filter(series__slug=slug, starts_on__year=year)
        .order_by("starts_on", "pk")
        .first()
    )
    if conference is None:
        raise Http404("No such year in this series.")
    target = conference.url_from_anywhere() + rest
    query = request.META.get("QUERY_STRING")
    return redirect(target + (f"?{query}" if query else ""))
