from django.urls import path

from hallway.proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_form, name="proposal-form"),
]
