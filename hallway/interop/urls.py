from django.urls import path

from hallway.interop import views

app_name = "interop"

urlpatterns = [
    path("schedule/<slug:slug>.ics", views.session_ics, name="session-ics"),
]
