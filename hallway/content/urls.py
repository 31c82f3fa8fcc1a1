from django.urls import path

from hallway.conferences.page_cache import shared_with_everyone
from hallway.content import feeds, views

app_name = "content"

# The same feed for everyone: signed-in readers get it from the page cache too.
news_feed = shared_with_everyone(feeds.NewsFeed())

urlpatterns = [
    path("sponsors/", views.sponsor_list, name="sponsor-list"),
    path("news/", views.post_list, name="post-list"),
    path("news/feed.xml", news_feed, name="post-feed"),
    # The old site published its feed here; subscribers keep their URL.
    path("feed.xml", news_feed, name="legacy-feed"),
    path("news/<slug:slug>/", views.post_detail, name="post-detail"),
    path("places/", views.place_list, name="place-list"),
    # Last: free pages at /<slug>/ (code of conduct, venue, catering menus...).
    path("<slug:slug>/", views.page_detail, name="page-detail"),
]
