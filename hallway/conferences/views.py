from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hallway.conferences.decorators import conference_view


@require_safe
@conference_view
def home(request, conference):
    return render(request, "conferences/home.html", {"conference": conference})


@require_safe
@conference_view
def theme_css(request, conference):
    """The conference's colour and font tokens as CSS custom properties (light and dark)."""
    tokens = conference.theme_tokens
    light = [f"  --{k}: {v};" for k, v in tokens.items() if not k.startswith("dark-")]
    dark = [f"    --{k.removeprefix('dark-')}: {v};" for k, v in tokens.items() if k.startswith("dark-")]
    css = ":root {\n" + "\n".join(light) + "\n}\n"
    css += "@media (prefers-color-scheme: dark) {\n  :root {\n" + "\n".join(dark) + "\n  }\n}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@require_safe
@conference_view
def style_guide(request, conference):
    return render(
        request,
        "conferences/style_guide.html",
        {"conference": conference, "tokens": sorted(conference.theme_tokens.items())},
    )
