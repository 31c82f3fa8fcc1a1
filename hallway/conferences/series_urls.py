"""A series of conferences, at the install's root: ``/series/<series-slug>/``."""

from django.urls import path

from hallway.conferences import views

app_name = "series"

urlpatterns = [
    path("<slug:slug>/", views.series_detail, name="detail"),
    path("<slug:slug>/<int:year>/", views.series_year, name="year"),
    path("<slug:slug>/<int:year>/<path:rest>", views.series_year, name="year-page"),
]
