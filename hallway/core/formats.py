"""Named date and time formats that follow the active language.

Django's ``date`` filter takes PHP-style format strings. A literal one in a template
(``|date:"l j F"``) would give Spanish visitors "jueves 26 septiembre" where Spanish says
"jueves 26 de septiembre" and uses a 24-hour clock, so pages name a style instead
(``{{ day|datestyle:"day" }}``, ``{% event_time %}``) and each style's format string is a
translatable message: a translator writes the order, the words between and the clock of their
language (``hallway/locale/es/LC_MESSAGES/django.po``). Month and weekday names come from
Django's own catalog.
"""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat
from django.utils.translation import pgettext_lazy

# style -> format; the English formats are the site's (12-hour times, day before month).
FORMATS = {
    # 2:30 PM
    "time": pgettext_lazy("event time format", "g:i A"),
    # Thursday 26 September
    "day": pgettext_lazy("event day format", "l j F"),
    # Thu 26 Sep, 2:30 PM
    "datetime": pgettext_lazy("event date and time format", "D j M, g:i A"),
    # Thursday 26 September 2024, 2:30 PM
    "full": pgettext_lazy("event full date and time format", "l j F Y, g:i A"),
    # Thu 26 Sep 2024, 2:30 PM (when something changed)
    "stamp": pgettext_lazy("change time format", "D j M Y, g:i A"),
    # Thu
    "weekday": pgettext_lazy("short weekday format", "D"),
    # 26 Sep
    "short": pgettext_lazy("short day format", "j M"),
    # 26 Sep 2024
    "short_year": pgettext_lazy("short date with year format", "j M Y"),
    # 26 September
    "day_month": pgettext_lazy("day and month format", "j F"),
    # 26 September 2024
    "date": pgettext_lazy("date with year format", "j F Y"),
    # Thursday, September 26 (an attendee's agenda, moments and recap)
    "agenda_day": pgettext_lazy("agenda day format", "l, F j"),
    # September 26 (a recap's "ran from ... to ...")
    "month_day": pgettext_lazy("month and day format", "F j"),
    # September 26, 2024
    "month_day_year": pgettext_lazy("month, day and year format", "F j, Y"),
}


def format_as(value: dt.date | dt.datetime | dt.time | None, style: str) -> str:
    """``value`` in the named style of the active language ("" for None).

    Datetimes are formatted as given: put them on the conference's clock first
    (``timezone.localtime(value, conference.tzinfo)``).
    """
    if value is None:
        return ""
    if isinstance(value, dt.time):
        return dateformat.time_format(value, str(FORMATS[style]))
    return dateformat.format(value, str(FORMATS[style]))
