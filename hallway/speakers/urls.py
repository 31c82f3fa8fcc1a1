"""Speakers' own pages, mounted at ``/<conference>/speaker/``."""

from django.urls import path

from hallway.speakers import views

app_name = "speakers"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("sign-in/<str:token>/", views.sign_in, name="sign-in"),
    path("profile/<slug:slug>/", views.profile_edit, name="profile-edit"),
    path("sessions/<int:pk>/", views.session_edit, name="session-edit"),
]
