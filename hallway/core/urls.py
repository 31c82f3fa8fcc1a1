from django.urls import path

from hallway.core import views

app_name = "core"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
]
