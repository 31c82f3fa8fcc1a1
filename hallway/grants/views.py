"""The applicant's page and the reviewers' pages (``private, no-store``, like every page that
shows someone's application)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hallway.conferences.decorators import feature_view
from hallway.conferences.urls_helpers import conference_reverse
from hallway.grants import services
from hallway.grants.forms import GrantApplicationForm, GrantReviewForm
from hallway.grants.models import FEATURE_KEY, GrantApplication, GrantReview, currency

REVIEW_PERMISSION = "grants.review_grantapplication"


def reviewer_view(view):
    """Signed in (else to the sign-in page) with the review permission (else 403)."""

    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return feature_view(FEATURE_KEY)(wrapper)


@never_cache
@require_http_methods(["GET", "POST"])
@feature_view(FEATURE_KEY)
def apply(request, conference, feature):
    context = {"conference": conference, "feature": feature, "currency": currency()}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        return render(request, "grants/apply.html", context)
    application = GrantApplication.objects.filter(conference=conference, user=request.user).first()
    form = None
    if application is None or application.is_editable:
        instance = application or GrantApplication(conference=conference, user=request.user)
        form = GrantApplicationForm(request.POST or None, instance=instance, feature=feature)
        if request.method == "POST" and form.is_valid():
            services.submit_application(
                form.instance, page_url=request.build_absolute_uri(request.path)
            )
            messages.success(
                request, _("Your application is saved. We will e-mail you the decision.")
            )
            return redirect(request.path)
    elif request.method == "POST":
        messages.error(request, _("This application was decided; it can no longer change."))
        return redirect(request.path)
    context |= {
        "application": application,
        "form": form,
        "can_review": request.user.has_perm(REVIEW_PERMISSION),
    }
    return render(request, "grants/apply.html", context)


@never_cache
@reviewer_view
def review_list(request, conference, feature):
    applications = (
        conference.grant_applications.exclude(user=request.user)
        .for_reviewer(request.user)
        .order_by("created_at")
    )
    return render(
        request,
        "grants/review_list.html",
        {"conference": conference, "applications": applications, "currency": currency()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@reviewer_view
def review_detail(request, conference, feature, pk: int):
    application = get_object_or_404(
        conference.grant_applications.exclude(user=request.user).select_related("user"), pk=pk
    )
    mine = GrantReview.objects.filter(application=application, reviewer=request.user).first()
    form = GrantReviewForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        services.save_review(
            application,
            reviewer=request.user,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(request, _("Your score is saved."))
        return redirect(conference_reverse(conference, "grants:review-detail", pk=application.pk))
    # Others' scores only once this reviewer has scored: a first opinion of one's own.
    others = (
        list(application.reviews.exclude(reviewer=request.user).select_related("reviewer"))
        if mine
        else []
    )
    return render(
        request,
        "grants/review_detail.html",
        {
            "conference": conference,
            "application": application,
            "form": form,
            "mine": mine,
            "others": others,
            "currency": currency(),
        },
    )
