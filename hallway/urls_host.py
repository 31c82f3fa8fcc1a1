"""URLs for a conference served at ``/`` on its own host name (Conference.host)."""

from django.urls import include, path

from hallway.urls import site_wide

urlpatterns = [
    *site_wide,
    path("", include("hallway.site.urls")),
]
