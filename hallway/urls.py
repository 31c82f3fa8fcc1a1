from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", include("hallway.api.urls")),
    path("me/", include("hallway.companion.account_urls")),
    path("media/", include("hallway.core.media_urls")),
    path("", include("hallway.core.urls")),
    path("<slug:conference_slug>/", include("hallway.site.urls")),
]

# Error pages that need no database; a busy database answers 503 (hallway/core/faults.py).
handler400 = "hallway.core.faults.bad_request"
handler404 = "hallway.core.faults.page_not_found"
handler500 = "hallway.core.faults.server_error"
