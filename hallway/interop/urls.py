from django.urls import path

from hallway.conferences.page_cache import shared_with_everyone
from hallway.interop import feeds, views

app_name = "interop"

urlpatterns = [
    path("schedule.xml", views.schedule_xml, name="schedule-xml"),
    path("schedule.json", views.schedule_json, name="schedule-json"),
    path("schedule.ics", views.schedule_ics, name="schedule-ics"),
    path("schedule.<slug:extension>", views.schedule_export, name="schedule-export"),
    path("schedule/changes/", views.changes, name="changes"),
    path(
        "schedule/changes.xml",
        shared_with_everyone(feeds.ScheduleChangesFeed()),
        name="changes-feed",
    ),
    path("schedule/<slug:slug>.ics", views.session_ics, name="session-ics"),
]
