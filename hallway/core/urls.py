from django.urls import path

from hallway.core import languages, views

app_name = "core"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    # The footer's language switcher (a cookie; hallway/core/languages.py).
    path("language/", languages.choose_language, name="set-language"),
]
