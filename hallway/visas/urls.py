from django.urls import path

from hallway.visas import views

app_name = "visas"

urlpatterns = [
    path("", views.request_letter, name="request"),
    path("letter.pdf", views.letter, name="letter"),
]
