"""The requester's pages: the request form and its status, and the letter itself.

Every answer is ``private, no-store``: no shared cache (the public page cache, a proxy) keeps a
page or a letter, whoever asked for it.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hallway.conferences.decorators import feature_view
from hallway.conferences.urls_helpers import conference_reverse
from hallway.visas import services
from hallway.visas.forms import VisaRequestForm
from hallway.visas.letter import letter_filename, render_letter
from hallway.visas.models import FEATURE_KEY, VisaRequest


@never_cache
@require_http_methods(["GET", "POST"])
@feature_view(FEATURE_KEY)
def request_letter(request, conference, feature):
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "visas/request.html", {"conference": conference, "feature": feature})
    visa_request = (
        VisaRequest.objects.filter(conference=conference, user=request.user)
        .select_related("conference__visa_settings")
        .first()
    )
    instance = visa_request or VisaRequest(conference=conference, user=request.user)
    editing = visa_request is None or visa_request.is_editable
    form = None
    if editing:
        form = VisaRequestForm(request.POST or None, instance=instance, feature=feature)
        if request.method == "POST" and form.is_valid():
            page_url = request.build_absolute_uri(request.path)
            services.submit_request(form.instance, page_url=page_url)
            messages.success(
                request, _("Your request is saved. We will e-mail you when it is reviewed.")
            )
            return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, _("This request was decided; it can no longer change."))
        return redirect(request.path)
    context = {
        "conference": conference,
        "feature": feature,
        "visa_request": visa_request,
        "form": form,
        "letter_url": conference_reverse(conference, "visas:letter"),
    }
    return render(request, "visas/request.html", context)


@never_cache
@feature_view(FEATURE_KEY)
def letter(request, conference, feature):
    """The requester's own letter; 404 for anyone without an approved request here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visa_request = (
        VisaRequest.objects.filter(conference=conference, user=request.user)
        .select_related("conference__visa_settings")
        .first()
    )
    if visa_request is None or not visa_request.has_letter:
        raise Http404("No letter.")
    return pdf_response(visa_request)


def pdf_response(visa_request: VisaRequest) -> HttpResponse:
    response = HttpResponse(render_letter(visa_request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter_filename(visa_request)}"'
    response["Cache-Control"] = "private, no-store"
    return response
