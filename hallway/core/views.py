import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join
from django.utils.http import http_date
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /me/", "Disallow: /accounts/"]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def public_media(request, path: str):
    """A public upload, with long-lived caching (uploads get new names when they change)."""
    normalized = posixpath.normpath(path)
    if normalized.startswith("..") or not normalized.startswith("conferences/"):
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, normalized))
    except ValueError as error:
        raise Http404 from error
    if not full_path.is_file():
        raise Http404
    content_type, _ = mimetypes.guess_type(full_path.name)
    response = FileResponse(full_path.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["Last-Modified"] = http_date(full_path.stat().st_mtime)
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "image/svg+xml":
        # SVG can carry script: never let it run in our origin.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
