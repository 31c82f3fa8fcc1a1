from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view
from hallway.conferences.models import Conference
from hallway.conferences.social_cards import Card, cached_card
from hallway.conferences.theme import contrast_checks


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
            date_format(conference.starts_on, "j M"),
            date_format(conference.ends_on, "j M Y"),
        )
        dates = f"{first} – {last}"
        where = ", ".join(part for part in (conference.venue_name, conference.city) if part)
        return Card(
            kicker=conference.tagline,
            title=conference.name,
            lines=tuple(line for line in (dates, where) if line),
        )

    png = cached_card(conference, "conference", describe)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


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
