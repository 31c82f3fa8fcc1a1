from django.urls import path

from hallway.core import sitemaps, views

app_name = "core"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
]
