"""Every page of one conference's site. Mounted at ``/<conference_slug>/`` by hallway.urls
and at ``/`` by hallway.urls_host for conferences with their own host name."""

from django.urls import include, path

urlpatterns = [
    path("", include("hallway.conferences.urls")),
    path("", include("hallway.interop.urls")),
    path("", include("hallway.program.urls")),
    path("", include("hallway.people.urls")),
    path("my/", include("hallway.companion.urls")),
    path("", include("hallway.core.offline_urls")),  # sw.js at the conference's root
    path("volunteer/", include("hallway.volunteers.urls")),
    path("events/", include("hallway.events.urls")),
    # Last: content owns the catch-all /<page-slug>/ of free pages.
    path("", include("hallway.content.urls")),
]
