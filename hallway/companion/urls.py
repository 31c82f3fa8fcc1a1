from django.urls import path

from hallway.companion import views

app_name = "companion"

urlpatterns = [path("agenda/", views.agenda, name="agenda")]
