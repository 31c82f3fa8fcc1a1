from django.urls import path

from hallway.lightning import views

app_name = "lightning"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("sessions/<int:pk>/sign-up/", views.sign_up, name="sign-up"),
    path("talks/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
