from django.urls import path

from hallway.people import views

app_name = "people"

urlpatterns = [
    path("presenters/", views.presenter_list, name="presenter-list"),
    path("presenters/<slug:slug>/", views.presenter_detail, name="presenter-detail"),
    path("organizers/", views.organizer_list, name="organizer-list"),
]
