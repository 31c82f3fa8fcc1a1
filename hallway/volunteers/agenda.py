"""The attendee's volunteer shifts in their agenda, calendar feed and recap
(``hallway.companion.extras``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hallway.companion.extras import AgendaExtra
from hallway.conferences.urls_helpers import conference_reverse
from hallway.volunteers.models import Signup


def shifts_for_agenda(user, conference) -> list[AgendaExtra]:
    """One query: the user's sign-ups at ``conference`` with shift, role, session and room.
    Waiting-list sign-ups come as unconfirmed items (tentative in the feed, not in the recap)."""
    signups = (
        Signup.objects.filter(user=user, shift__role__conference=conference)
        .select_related("shift__role", "shift__session__room")
        .order_by("shift__starts_at")
    )
    board = conference_reverse(conference, "volunteers:board")
    extras = []
    for signup in signups:
        shift = signup.shift
        title = _("Volunteering: %(role)s") % {"role": shift.role.name}
        if shift.session_id:
            title += f" ({shift.session.title})"
        extras.append(
            AgendaExtra(
                kind="volunteer-shift",
                key=str(shift.pk),
                title=title,
                start=shift.starts_at,
                end=shift.ends_at,
                label=_("Volunteer shift"),
                location=shift.place,
                url=f"{board}#shift-{shift.pk}",
                description=shift.notes,
                is_confirmed=signup.is_confirmed,
                status="" if signup.is_confirmed else _("Waiting list"),
            )
        )
    return extras
