from django.urls import path

from hallway.grants import views

app_name = "grants"

urlpatterns = [
    path("grants/", views.apply, name="apply"),
    path("grants/review/", views.review_list, name="review-list"),
    path("grants/review/<int:pk>/", views.review_detail, name="review-detail"),
]
