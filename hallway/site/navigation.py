"""The conference site's menus (hallway.core.seams.links), drawn by core/base.html ({% menu %}).

Feature apps add their own links from their ``AppConfig.ready()``; this module places the
public domain's pages, which cannot name each other's URLs from below.
"""

from django.utils.translation import gettext_lazy as _

from hallway.core.seams import links


def register() -> None:
    main = [
        ("program:schedule", _("Schedule"), ("schedule", "schedule-day")),
        ("people:presenter-list", _("Presenters"), ()),
        ("content:sponsor-list", _("Sponsors"), ()),
        ("content:post-list", _("News"), ()),
        ("content:place-list", _("Local guide"), ()),
    ]
    for order, (url_name, label, sections) in enumerate(main, start=1):
        links.register("main", url_name, label, order=order * 10, sections=sections)
    links.register("footer", "people:organizer-list", _("Organizers"), order=10)
    links.register("footer", "conferences:style-guide", _("Style guide"), order=90)
