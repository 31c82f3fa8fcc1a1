"""Refuse request bodies over the limit before anything reads them.

Django limits the form fields it keeps in memory (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams file
uploads to disk whatever their size, and only then can a form refuse a 50 MB photo. This
middleware runs first and answers 413 from the declared ``Content-Length`` alone, so the body
is never read. A body without a length (``Transfer-Encoding: chunked``) gets 411: Django would
not read it anyway (it reads ``Content-Length`` bytes, none), and browsers always send one.
The WSGI server never hands the application more than ``Content-Length`` bytes, so the declared
length is the bound of what can be read. A proxy in front should refuse the same sizes itself
(nginx: ``client_max_body_size``), which spares the application server the upload entirely.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from hallway.core.faults import error_response


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


class RequestBodyLimitMiddleware:
    """413 for a declared body over HALLWAY_MAX_REQUEST_BYTES, 411 for a body of unknown size."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.HALLWAY_MAX_REQUEST_BYTES
        declared = request.META.get("CONTENT_LENGTH") or ""
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return error_response(
                request,
                status=411,
                title=_("The upload needs a length"),
                message=_("Send the request with a Content-Length header."),
            )
        try:
            length = int(declared) if declared else 0
        except ValueError:
            length = 0  # Django reads nothing from a malformed length either
        if length > limit:
            message = _(
                "This request is %(size)s; the most this site accepts is %(limit)s. "
                "Choose a smaller file and try again."
            ) % {"size": _megabytes(length), "limit": _megabytes(limit)}
            return error_response(
                request, status=413, title=_("The upload is too large"), message=message
            )
        return self.get_response(request)
