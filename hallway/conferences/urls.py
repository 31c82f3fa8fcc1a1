from django.urls import path

from hallway.conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.home, name="home"),
    path("card.png", views.conference_card, name="card"),
    path("styleguide/", views.style_guide, name="style-guide"),
]
