"""The install's root URLs: site-wide pages, then each conference under ``/<slug>/``."""

from django.contrib import admin
from django.urls import include, path

from hallway.conferences import views as conference_views

# Also served on a conference's own host name (hallway.urls_host).
site_wide = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", include("hallway.api.urls")),
    path("me/", include("hallway.companion.account_urls")),
    path("media/", include("hallway.core.media_urls")),
    path("", include("hallway.core.urls")),
    path("", include("hallway.site.root_urls")),
]

urlpatterns = [
    *site_wide,
    path("", conference_views.index, name="index"),
    path("<slug:conference_slug>/", include("hallway.site.urls")),
]

# Error pages that need no database; a busy database answers 503 (hallway/core/faults.py).
handler400 = "hallway.core.faults.bad_request"
handler404 = "hallway.core.faults.page_not_found"
handler500 = "hallway.core.faults.server_error"
