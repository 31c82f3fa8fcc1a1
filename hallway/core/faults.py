"""A busy or unavailable database answers 503 with Retry-After and a message, never a bare 500.

At the schedule rush thousands of stars arrive in the same minute. When a write cannot get its
lock in time (SQLite's one writer, a PostgreSQL row or table lock) or the database cannot be
reached, the visitor gets "busy, try again in a few seconds": a page that says so without
JavaScript, and for htmx a fragment that hallway.js shows beside the button (htmx swaps nothing
on a 5xx, so without it the button would silently do nothing).

* :class:`DatabaseFaultMiddleware` shortens lock waits for web requests
  (``HALLWAY_DB_LOCK_TIMEOUT``, SQLite's busy timeout and PostgreSQL's ``lock_timeout``; also
  PostgreSQL's ``statement_timeout``): a held lock gives 503 within seconds instead of holding
  a worker. Management commands and the task worker keep the longer waits of the settings.
  It turns a fault raised by a view into the 503.
* :func:`server_error` (``handler500``) does the same for a fault raised outside the view (the
  session saved after it, a middleware's query), and gives other errors a readable page.
* :func:`error_response` renders those answers without touching the database.
"""

from __future__ import annotations

import contextvars
import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from hallway.core.csp import add_policy

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

# SQLite's messages for a lock it could not get in time or a file it cannot use.
SQLITE_FAULTS = (
    "database is locked",
    "database table is locked",
    "database is busy",
    "unable to open database file",
    "disk i/o error",
)
# PostgreSQL SQLSTATE classes and codes that mean "not now" rather than "wrong": connection
# exceptions (08), insufficient resources (53, e.g. too many connections), operator
# intervention (57: query cancelled by statement_timeout, shutdown, cannot connect now), lock
# not available (lock_timeout), serialization failures and deadlocks.
POSTGRES_FAULT_CLASSES = ("08", "53", "57")
POSTGRES_FAULT_CODES = ("55P03", "40001", "40P01")

_in_request: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "hallway_in_request", default=False
)


def is_database_fault(error: BaseException) -> bool:
    """True when ``error`` means the database is busy or unreachable (worth a retry), not that
    the query or the schema is wrong (a bug, which stays a 500)."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    cause = error.__cause__
    if type(cause).__module__.startswith("psycopg"):
        sqlstate = getattr(cause, "sqlstate", None)
        # No SQLSTATE: the client could not connect, or lost the connection.
        if sqlstate is None:
            return True
        return sqlstate[:2] in POSTGRES_FAULT_CLASSES or sqlstate in POSTGRES_FAULT_CODES
    message = str(error).lower()
    return any(fault in message for fault in SQLITE_FAULTS)


# Rendering ----------------------------------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    # Read the header itself: the fault may come before django-htmx's middleware ran.
    return request.headers.get("HX-Request") == "true"


def error_response(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    message: str,
    retry_after: int | None = None,
    retry: bool = True,
) -> HttpResponse:
    """An error answer that needs neither the database nor the session: a page (with the
    site's stylesheet) or, for htmx, a fragment hallway.js shows beside the control used."""
    context = {
        "status": status,
        "title": title,
        "message": message,
        "retry_path": request.get_full_path() if request.method in ("GET", "HEAD") else "",
        "retry": retry,
        "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    }
    template = "core/_fault.html" if _is_htmx(request) else "core/error.html"
    response = HttpResponse(render_to_string(template, context), status=status)
    response["Cache-Control"] = "no-store"
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return add_policy(response)


def database_fault_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    logger.warning(
        "Database busy or unavailable, answered 503: %s %s (%s: %s)",
        request.method,
        request.path,
        type(error.__cause__ or error).__name__,
        error,
    )
    response = error_response(
        request,
        status=503,
        title=_("The site is very busy"),
        message=_(
            "So many people are using the site right now that this could not be done. "
            "Nothing was changed. Please try again in a few seconds."
        ),
        retry_after=RETRY_AFTER_SECONDS,
    )
    # Logged above, in one line: Django's own log of a 5xx would add the whole traceback.
    response._has_been_logged = True
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: a database fault anywhere in the request is a 503, anything else a 500
    page (Django logs it with its traceback)."""
    error = sys.exc_info()[1]
    if error is not None and is_database_fault(error):
        return database_fault_response(request, error)
    return error_response(
        request,
        status=500,
        title=_("Something went wrong"),
        message=_("Something went wrong on our side. Please try again in a moment."),
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: a readable page, in the same standalone layout."""
    return error_response(
        request,
        status=404,
        title=_("Page not found"),
        message=_("There is no page at this address. It may have moved, or the link is wrong."),
        retry=False,
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: form data over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, not a 400."""
    if isinstance(exception, RequestDataTooBig):
        return error_response(
            request,
            status=413,
            title=_("The upload is too large"),
            message=_("This request is larger than the site accepts."),
        )
    return error_response(
        request,
        status=400,
        title=_("Bad request"),
        message=_("The site could not understand this request."),
    )


# Request timeouts ---------------------------------------------------------------------------


def _apply_request_timeouts(connection) -> None:
    """Shorten lock waits on ``connection`` for a web request (raw driver calls: they are not
    queries of the page and do not count as such)."""
    raw = connection.connection
    if raw is None or getattr(connection, "_hallway_request_timeouts", None) == id(raw):
        return
    lock_ms = max(1, int(settings.HALLWAY_DB_LOCK_TIMEOUT * 1000))
    if connection.vendor == "sqlite":
        raw.execute(f"PRAGMA busy_timeout = {lock_ms}")
    elif connection.vendor == "postgresql":
        statement_ms = max(1, int(settings.HALLWAY_DB_STATEMENT_TIMEOUT * 1000))
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, false), "
                "set_config('statement_timeout', %s, false)",
                [f"{lock_ms}ms", f"{statement_ms}ms"],
            )
    else:
        return
    # Inside a transaction a rollback would undo PostgreSQL's settings: apply them again then.
    if not connection.in_atomic_block:
        connection._hallway_request_timeouts = id(raw)


def _on_connection_created(sender, connection, **kwargs) -> None:
    connection._hallway_request_timeouts = None
    if _in_request.get():
        _apply_request_timeouts(connection)


def connect() -> None:
    connection_created.connect(_on_connection_created, dispatch_uid="hallway-request-timeouts")


class DatabaseFaultMiddleware:
    """Short lock waits during requests, and 503 for a database fault raised by a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _in_request.set(True)
        try:
            # Connections opened during the request get them as they open; these were open.
            for connection in connections.all(initialized_only=True):
                try:
                    _apply_request_timeouts(connection)
                except Exception:  # a broken connection fails the request by itself, later
                    logger.debug("Could not set request timeouts", exc_info=True)
            return self.get_response(request)
        finally:
            _in_request.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_database_fault(exception):
            return database_fault_response(request, exception)
        return None
