from django.urls import path, re_path

from hallway.program import views

app_name = "program"

urlpatterns = [
    path("schedule/", views.schedule, name="schedule"),
    re_path(
        r"^(?P<section>talks|tutorials|sprints)/(?P<slug>[-a-zA-Z0-9_]+)/$",
        views.session_detail,
        name="session-detail",
    ),
]
