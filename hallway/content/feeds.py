"""The news as an Atom feed, at ``news/feed.xml`` and at the old site's ``feed.xml``."""

import copy
import html

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from hallway.conferences.decorators import get_conference
from hallway.conferences.urls_helpers import conference_reverse
from hallway.content.views import keep_out_of_shared_caches_while_scheduled
from hallway.core.markdown import render_markdown

FEED_LENGTH = 30
SUMMARY_WORDS = 60


class AtomWithContentFeed(Atom1Feed):
    """Atom with the post body as ``<content type="html">`` next to the ``<summary>``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class NewsFeed(Feed):
    feed_type = AtomWithContentFeed

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request (it is the URL pattern's view); the copy
        # holds this request so the links can use its scheme and host, not the Site row.
        feed = copy.copy(self)
        feed.request = request
        response = Feed.__call__(feed, request, *args, **kwargs)
        return keep_out_of_shared_caches_while_scheduled(response, request.conference)

    def get_object(self, request, conference_slug=None):
        return get_conference(request, conference_slug)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def title(self, conference):
        return _("%(conference)s news") % {"conference": conference.name}

    def subtitle(self, conference):
        return conference.tagline or None

    def link(self, conference):
        return self.absolute(conference_reverse(conference, "content:post-list"))

    def feed_url(self, conference):
        return self.absolute(conference_reverse(conference, "content:post-feed"))

    def feed_guid(self, conference):
        return self.feed_url(conference)

    def items(self, conference):
        return conference.posts.for_news()[:FEED_LENGTH]

    def item_title(self, post):
        return post.title

    def item_link(self, post):
        return self.absolute(post.get_absolute_url())

    def item_guid(self, post):
        # A tag URI with the primary key: the entry keeps its id when the slug is renamed.
        day = post.published_at.date().isoformat()
        return f"tag:{self.request.get_host().split(':')[0]},{day}:post-{post.pk}"

    def item_guid_is_permalink(self, post):
        return False

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return max(post.updated_at, post.published_at)

    def item_author_name(self, post):
        return post.author or None

    def item_description(self, post):
        # The summary: the excerpt, or else the start of the body (the body is the content).
        if post.excerpt:
            return str(render_markdown(post.excerpt))
        text = html.unescape(strip_tags(render_markdown(post.body)))
        return escape(Truncator(text).words(SUMMARY_WORDS))

    def item_categories(self, post):
        return [post.category] if post.category else []

    def item_extra_kwargs(self, post):
        return {"content": str(render_markdown(post.body))}
