from django.urls import path
from django.views.i18n import set_language

from hallway.core import views

app_name = "core"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    # The footer's language switcher posts here (a cookie; hallway/conferences/locale.py).
    path("language/", set_language, name="set-language"),
]
