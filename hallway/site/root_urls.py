"""Site-wide pages at the root of the install (or of a conference's own host name)."""

from django.urls import path

from hallway.site import sitemaps

app_name = "site"

urlpatterns = [
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
]
