from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", include("hallway.api.urls")),
    path("me/", include("hallway.companion.account_urls")),
    path("media/", include("hallway.core.media_urls")),
    path("series/", include("hallway.conferences.series_urls")),
    path("", include("hallway.core.urls")),
    path("<slug:conference_slug>/", include("hallway.site.urls")),
]
