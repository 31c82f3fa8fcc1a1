"""Side events, mounted at ``/<conference>/events/``."""

from django.urls import path

from hallway.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
    path("<slug:slug>/rsvp/", views.rsvp, name="rsvp"),
    path("<slug:slug>/cancel/", views.cancel, name="cancel"),
]
