from django.urls import path

from hallway.people import views

app_name = "people"

urlpatterns = [
    path("presenters/", views.presenter_list, name="presenter-list"),
    path("presenters/<slug:slug>/", views.presenter_detail, name="presenter-detail"),
    path("presenters/<slug:slug>/card.png", views.presenter_card, name="presenter-card"),
    path(
        "presenters/<slug:slug>/photo-<int:size>.webp",
        views.presenter_photo,
        name="presenter-photo",
    ),
    path("organizers/", views.organizer_list, name="organizer-list"),
    path(
        "organizers/<slug:slug>/photo-<int:size>.webp",
        views.organizer_photo,
        name="organizer-photo",
    ),
]
