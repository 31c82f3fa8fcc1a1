"""The sprints page: projects with their contributor counts; maintainers list a project and
attendees join or leave one. Every write is a POST that works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hallway.conferences.decorators import feature_view
from hallway.conferences.urls_helpers import conference_reverse
from hallway.sprints.apps import FEATURE
from hallway.sprints.forms import CLOSED, SprintProjectForm
from hallway.sprints.models import SprintSignup


def _list_url(conference) -> str:
    return conference_reverse(conference, "sprints:project-list")


@require_safe
@feature_view(FEATURE)
def project_list(request, conference, feature):
    projects = conference.sprint_projects.for_sprints_page(request.user)
    return render(
        request,
        "sprints/project_list.html",
        {"conference": conference, "feature": feature, "projects": projects},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@feature_view(FEATURE)
def project_form(request, conference, feature, pk: int | None = None):
    """List a new project, or edit one of the signed-in maintainer's own."""
    project = None
    if pk is not None:
        project = get_object_or_404(
            conference.sprint_projects.listed(), pk=pk, maintainer=request.user
        )
    form = SprintProjectForm(
        request.POST or None,
        instance=project,
        conference=conference,
        feature=feature,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, _("%(name)s is on the sprints page.") % {"name": project.name})
        return redirect(_list_url(conference) + f"#project-{project.pk}")
    return render(
        request,
        "sprints/project_form.html",
        {"conference": conference, "feature": feature, "form": form, "project": project},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
@feature_view(FEATURE)
def join(request, conference, feature, pk: int):
    project = get_object_or_404(conference.sprint_projects.listed(), pk=pk)
    if not feature.is_open():
        messages.error(request, CLOSED)
    else:
        try:
            with transaction.atomic():
                SprintSignup.objects.create(project=project, user=request.user)
        except IntegrityError:
            pass  # already signed up: a double click, or a second tab
        messages.success(request, _("You will sprint on %(name)s.") % {"name": project.name})
    return redirect(_list_url(conference) + f"#project-{project.pk}")


@require_POST
@login_required
@feature_view(FEATURE)
def leave(request, conference, feature, pk: int):
    project = get_object_or_404(conference.sprint_projects.listed(), pk=pk)
    if not feature.is_open():
        messages.error(request, CLOSED)
    else:
        SprintSignup.objects.filter(project=project, user=request.user).delete()
        messages.success(request, _("You no longer sprint on %(name)s.") % {"name": project.name})
    return redirect(_list_url(conference) + f"#project-{project.pk}")
