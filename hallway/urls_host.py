"""URLs for a conference served at ``/`` on its own host name (Conference.host)."""

from django.urls import include, path

from hallway.urls import site_wide

urlpatterns = [
    *site_wide,
    path("", include("hallway.site.urls")),
]

# Error pages that need no database; a busy database answers 503 (hallway/core/faults.py).
handler400 = "hallway.core.faults.bad_request"
handler404 = "hallway.core.faults.page_not_found"
handler500 = "hallway.core.faults.server_error"
