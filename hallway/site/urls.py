"""Every page of one conference's site. Mounted at ``/<conference_slug>/`` by hallway.urls
and at ``/`` by hallway.urls_host for conferences with their own host name."""

from django.urls import include, path

from hallway.conferences import urls as conference_urls
from hallway.site import views
from hallway.site.addresses import all_feature_urls

urlpatterns = [
    path(
        "",
        include(
            (
                [path("", views.home, name="home"), *conference_urls.urlpatterns],
                conference_urls.app_name,
            )
        ),
    ),
    path("", include("hallway.interop.urls")),
    path("", include("hallway.program.urls")),
    path("", include("hallway.people.urls")),
    path("my/notifications/", include("hallway.notifications.urls")),
    path("my/", include("hallway.companion.urls")),
    path("speaker/", include("hallway.speakers.urls")),
    path("", include("hallway.conferences.offline_urls")),  # sw.js at the conference's root
    # The feature apps (visa letters, sprints…), each at /<segment>/ and /hallway/<segment>/:
    # see hallway.site.addresses.FEATURES.
    *all_feature_urls(),
    # Last: content owns the catch-all /<page-slug>/ of free pages.
    path("", include("hallway.content.urls")),
]
