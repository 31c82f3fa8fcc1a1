from django.urls import path

from hallway.grants import views

app_name = "grants"

urlpatterns = [
    path("", views.apply, name="apply"),
    path("review/", views.review_list, name="review-list"),
    path("review/<int:pk>/", views.review_detail, name="review-detail"),
]
