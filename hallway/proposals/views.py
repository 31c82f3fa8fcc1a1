from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hallway.conferences.decorators import feature_view
from hallway.conferences.urls_helpers import conference_reverse
from hallway.proposals.apps import FEATURE
from hallway.proposals.forms import VenueProposalForm


@require_http_methods(["GET", "HEAD", "POST"])
@feature_view(FEATURE)
def proposal_form(request, conference, feature):
    """The public "bring the conference to your city" form; anyone may send one."""
    form = VenueProposalForm(
        request.POST or None, conference=conference, feature=feature, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        if not form.is_spam:
            form.save()
        messages.success(
            request,
            _("Thank you! The organizers have your proposal and will contact you by e-mail."),
        )
        return redirect(conference_reverse(conference, "proposals:proposal-form"))
    status = 400 if form.is_bound else 200
    return render(
        request,
        "proposals/proposal_form.html",
        {"conference": conference, "feature": feature, "form": form},
        status=status,
    )
