"""The schedule change log as an Atom feed, for attendees who subscribe to the schedule."""

import copy

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hallway.conferences.decorators import get_conference
from hallway.conferences.urls_helpers import conference_reverse
from hallway.program.changes import public_changes

FEED_LENGTH = 50


class ScheduleChangesFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        # One Feed instance serves every request; the copy holds this request so links use
        # its scheme and host rather than the Site row.
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, conference_slug=None):
        return get_conference(request, conference_slug)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def title(self, conference):
        return _("%(conference)s: schedule changes") % {"conference": conference.name}

    def link(self, conference):
        return self.absolute(conference_reverse(conference, "interop:changes"))

    def feed_url(self, conference):
        return self.absolute(conference_reverse(conference, "interop:changes-feed"))

    def feed_guid(self, conference):
        return self.feed_url(conference)

    def items(self, conference):
        self.conference = conference
        return public_changes(conference)[:FEED_LENGTH]

    def item_title(self, change):
        return f"{change.get_kind_display()}: {change.session_title}"

    def item_description(self, change):
        if change.old_value and change.new_value:
            return _("%(old)s → %(new)s") % {"old": change.old_value, "new": change.new_value}
        return change.new_value or change.old_value or change.get_kind_display()

    def item_link(self, change):
        if change.session_id and change.session.has_page:
            return self.absolute(change.session.get_absolute_url())
        return self.link(self.conference) + f"#change-{change.pk}"

    def item_guid(self, change):
        # One entry per change, whatever happens to the session's URL later.
        day = change.created_at.date().isoformat()
        return f"tag:{self.request.get_host().split(':')[0]},{day}:schedule-change-{change.pk}"

    def item_guid_is_permalink(self, change):
        return False

    def item_pubdate(self, change):
        return change.created_at

    def item_updateddate(self, change):
        return change.created_at

    def item_categories(self, change):
        return [change.kind]
