from django.urls import path

from hallway.conferences import views

app_name = "conferences"

# The conference home page (``conferences:home``) aggregates the apps above; the site assembly
# adds it to this namespace (hallway/site/urls.py).
urlpatterns = [
    path("card.png", views.conference_card, name="card"),
    path("styleguide/", views.style_guide, name="style-guide"),
]
