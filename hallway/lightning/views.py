"""The lightning-talks page: every lightning-talk session with its accepted talks, and for a
signed-in attendee a sign-up form per session and their own talks with a withdraw button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from hallway.conferences.decorators import feature_view
from hallway.conferences.urls_helpers import conference_reverse
from hallway.lightning.apps import FEATURE
from hallway.lightning.forms import LightningTalkForm
from hallway.lightning.models import LightningTalk, lightning_sessions
from hallway.program.models import Session


def _render_list(request, conference, feature, *, bound_form=None, status=200):
    sessions = list(lightning_sessions(conference, request.user))
    for session in sessions:
        session.conference = conference  # for its URL, without a query per session
    if request.user.is_authenticated:
        for session in sessions:
            if bound_form is not None and bound_form.session.pk == session.pk:
                session.form = bound_form
            else:
                session.form = LightningTalkForm(
                    session=session, feature=feature, user=request.user
                )
    return render(
        request,
        "lightning/session_list.html",
        {"conference": conference, "feature": feature, "sessions": sessions},
        status=status,
    )


def _list_url(conference, session_pk: int) -> str:
    return conference_reverse(conference, "lightning:session-list") + f"#session-{session_pk}"


@require_safe
@feature_view(FEATURE)
def session_list(request, conference, feature):
    return _render_list(request, conference, feature)


@require_POST
@login_required
@feature_view(FEATURE)
def sign_up(request, conference, feature, pk: int):
    session = get_object_or_404(
        conference.sessions.listed().filter(kind=Session.Kind.LIGHTNING, is_cancelled=False), pk=pk
    )
    form = LightningTalkForm(request.POST, session=session, feature=feature, user=request.user)
    if form.is_valid():
        try:
            with transaction.atomic():
                talk = form.save()
        except IntegrityError:
            # Two tabs submitting at once: the constraint keeps one sign-up per session.
            messages.error(request, _("You already signed up for this session."))
        else:
            messages.success(
                request,
                _(
                    "Thank you! “%(title)s” is proposed; the organizers will choose and order "
                    "the talks."
                )
                % {"title": talk.title},
            )
        return redirect(_list_url(conference, session.pk))
    return _render_list(request, conference, feature, bound_form=form, status=400)


@require_POST
@login_required
@feature_view(FEATURE)
def withdraw(request, conference, feature, pk: int):
    """Withdraw one's own talk, also after the call has closed: a speaker who cannot come
    should be able to say so."""
    talk = get_object_or_404(
        LightningTalk.objects.filter(session__conference=conference, speaker=request.user), pk=pk
    )
    talk.delete()
    messages.success(request, _("“%(title)s” is withdrawn.") % {"title": talk.title})
    return redirect(_list_url(conference, talk.session_id))
