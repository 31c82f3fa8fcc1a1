"""Volunteering, mounted at ``/<conference>/volunteer/``."""

from django.urls import path

from hallway.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.board, name="board"),
    path("shifts/<int:pk>/sign-up/", views.sign_up, name="sign-up"),
    path("shifts/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("roster/", views.roster, name="roster"),
    path("roster.csv", views.roster_csv, name="roster-csv"),
]
