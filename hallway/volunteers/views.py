"""Volunteering pages under ``/<conference>/volunteer/``: the shifts to sign up for (anyone may
look; signed-in attendees sign up and cancel) and the organizers' roster with its CSV."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hallway.conferences.decorators import feature_view
from hallway.conferences.features import call_state
from hallway.conferences.urls_helpers import conference_reverse
from hallway.core.access import staff_permission_required, uncached
from hallway.volunteers import services
from hallway.volunteers.models import Role, Shift

FEATURE = "volunteer"
ROSTER_PERMISSION = "volunteers.view_signup"


def _board_url(conference, shift: Shift | None = None) -> str:
    url = conference_reverse(conference, "volunteers:board")
    return f"{url}#shift-{shift.pk}" if shift is not None else url


@require_safe
@feature_view(FEATURE)
def board(request, conference, feature):
    roles = list(Role.objects.for_board(conference, request.user))
    for role in roles:
        role.conference = conference  # shifts reach it through their role: no query each
        for shift in role.board_shifts:
            if shift.session is not None:
                shift.session.conference = conference
    mine = [s for role in roles for s in role.board_shifts if s.is_mine or s.is_waiting]
    context = {
        "conference": conference,
        "feature": feature,
        "call": call_state(feature),
        "roles": roles,
        "my_shifts": sorted(mine, key=lambda shift: shift.starts_at),
        "can_see_roster": request.user.is_staff and request.user.has_perm(ROSTER_PERMISSION),
    }
    return uncached(render(request, "volunteers/board.html", context))


@require_POST
@login_required
@feature_view(FEATURE)
def sign_up(request, conference, feature, pk: int):
    shift = get_object_or_404(Shift.objects.filter(role__conference=conference), pk=pk)
    if not feature.is_open():
        messages.error(request, _("Volunteer sign-up is closed."))
        return redirect(_board_url(conference, shift))
    try:
        signup = services.sign_up(request.user, shift)
    except services.SignupRefused as refusal:
        messages.error(request, str(refusal))
    else:
        if signup.is_confirmed:
            messages.success(request, _("You are signed up. Thank you for volunteering!"))
        else:
            messages.info(
                request,
                _(
                    "This shift is full: you are on its waiting list. If a place comes free, "
                    "it is yours and we e-mail you."
                ),
            )
    return redirect(_board_url(conference, shift))


@require_POST
@login_required
@feature_view(FEATURE)
def cancel(request, conference, feature, pk: int):
    # Plans change: withdrawing stays possible after sign-up has closed.
    shift = get_object_or_404(Shift.objects.filter(role__conference=conference), pk=pk)
    if services.cancel_signup(request.user, shift):
        messages.success(
            request, _("You are no longer signed up for this shift or its waiting list.")
        )
    return redirect(_board_url(conference, shift))


@require_safe
@staff_permission_required(ROSTER_PERMISSION)
@feature_view(FEATURE)
def roster(request, conference, feature):
    shifts = list(Shift.objects.for_roster(conference))
    context = {"conference": conference, "shifts": shifts}
    return uncached(render(request, "volunteers/roster.html", context))


# A cell starting with one of these is a formula to spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@require_safe
@staff_permission_required(ROSTER_PERMISSION)
@feature_view(FEATURE)
def roster_csv(request, conference, feature):
    """The roster as CSV: one row per volunteer and shift, times on the conference's clock."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{conference.slug}-volunteers.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "role",
            "starts",
            "ends",
            "location",
            "session",
            "places",
            "status",
            "name",
            "username",
            "email",
        ]
    )
    tz = conference.tzinfo
    for shift in Shift.objects.for_roster(conference):
        starts = shift.starts_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        ends = shift.ends_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        common = [
            shift.role.name,
            starts,
            ends,
            shift.place,
            shift.session.title if shift.session_id else "",
            shift.capacity,
        ]
        for signup in shift.roster_signups:
            user = signup.user
            person = [user.get_full_name(), user.get_username(), user.email]
            writer.writerow([_cell(v) for v in [*common, signup.status, *person]])
        if not shift.roster_signups:
            writer.writerow([_cell(v) for v in [*common, "", "", "", ""]])
    response["Cache-Control"] = "private, no-store"
    return response
