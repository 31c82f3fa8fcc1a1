"""The speaker's pages under ``/<conference>/speaker/``.

A presenter signs in with the link organizers e-mail them; from then on every page finds what
it edits through ``presenters_of(user)`` / ``sessions_of(user)``: another presenter's page or
session answers 404, to organizers too (they edit in the admin).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hallway.conferences.decorators import conference_view
from hallway.conferences.urls_helpers import conference_reverse
from hallway.people.models import Presenter
from hallway.speakers import services
from hallway.speakers.forms import PresenterProfileForm, SessionMaterialsForm


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@conference_view
def sign_in(request, conference, token: str):
    """GET shows a button (mail scanners that open links must not use them up); POST signs in."""
    access = services.read_token(token)
    if access is None or access.presenter.conference_id != conference.pk:
        response = render(
            request, "speakers/sign_in.html", {"conference": conference, "invalid": True}
        )
        response.status_code = 400
        return _private(response)
    if request.method == "POST":
        try:
            services.sign_in_speaker(request, access)
        except services.SignInRefused as refusal:
            response = render(
                request,
                "speakers/sign_in.html",
                {"conference": conference, "access": access, "refusal": str(refusal)},
            )
            response.status_code = 403
            return _private(response)
        messages.success(request, _("Signed in as %(name)s.") % {"name": access.presenter.name})
        return redirect(conference_reverse(conference, "speakers:dashboard"))
    return _private(
        render(request, "speakers/sign_in.html", {"conference": conference, "access": access})
    )


def speaker_view(view):
    return login_required(conference_view(view))


@speaker_view
def dashboard(request, conference):
    presenters = services.presenters_of(request.user, conference).order_by("name")
    sessions = services.sessions_of(request.user, conference).order_by("start", "title")
    return _private(
        render(
            request,
            "speakers/dashboard.html",
            {"conference": conference, "presenters": presenters, "sessions": sessions},
        )
    )


@require_http_methods(["GET", "POST"])
@speaker_view
def profile_edit(request, conference, slug: str):
    presenter = get_object_or_404(services.presenters_of(request.user, conference), slug=slug)
    # The form validates a copy: a ModelForm writes cleaned values into its instance, and the
    # change log needs the values from before.
    form = PresenterProfileForm(
        request.POST or None,
        request.FILES or None,
        instance=Presenter.objects.get(pk=presenter.pk),
    )
    if request.method == "POST" and form.is_valid():
        edits = services.save_presenter_edits(presenter, form.changes(), user=request.user)
        messages.success(request, _saved_message(len(edits)))
        return redirect(presenter.get_absolute_url())
    return _private(
        render(
            request,
            "speakers/profile_edit.html",
            {"conference": conference, "presenter": presenter, "form": form},
        )
    )


@require_http_methods(["GET", "POST"])
@speaker_view
def session_edit(request, conference, pk: int):
    session = get_object_or_404(services.sessions_of(request.user, conference), pk=pk)
    form = SessionMaterialsForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        edits = services.save_session_edits(
            session,
            {"slides_url": form.cleaned_data["slides_url"], "links": form.cleaned_data["links"]},
            user=request.user,
        )
        messages.success(request, _saved_message(len(edits)))
        return redirect(
            session.get_absolute_url()
            if session.has_page
            else conference_reverse(conference, "speakers:dashboard")
        )
    return _private(
        render(
            request,
            "speakers/session_edit.html",
            {"conference": conference, "session": session, "form": form},
        )
    )


def _saved_message(count: int) -> str:
    if count == 0:
        return _("Nothing changed.")
    return _("Saved: your changes are online.")
