from django.urls import path, re_path

from hallway.program import views

app_name = "program"

# Session pages keep the old site's permalinks: /talks/, /tutorials/ or /sprints/ + slug.
SECTION = r"(?P<section>talks|tutorials|sprints)/(?P<slug>[-a-zA-Z0-9_]+)"

urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    path("schedule/<str:date>/", views.schedule, name="schedule-day"),
    re_path(rf"^{SECTION}/$", views.session_detail, name="session-detail"),
    re_path(rf"^{SECTION}/card\.png$", views.session_card, name="session-card"),
]
