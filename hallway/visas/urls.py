from django.urls import path

from hallway.visas import views

app_name = "visas"

urlpatterns = [
    path("visa-letter/", views.request_letter, name="request"),
    path("visa-letter/letter.pdf", views.letter, name="letter"),
]
