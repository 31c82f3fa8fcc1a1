from django.conf import settings


def site(request):
    """What every page needs: the conference (when the view found one) and the site name."""
    return {
        "conference": getattr(request, "conference", None),
        "SITE_NAME": getattr(settings, "HALLWAY_SITE_NAME", "Hallway"),
    }
