"""Account-wide pages under ``/me/``: labels, "download my data", "delete my account"."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallway.companion import services
from hallway.companion.forms import DeleteAccountForm, LabelForm
from hallway.companion.models import Attendance, Label


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def overview(request):
    attendances = Attendance.objects.owned_by(request.user).select_related("conference")
    context = {"attendances": list(attendances)}
    return _private(render(request, "companion/account.html", context))


@require_http_methods(["GET", "POST"])
@login_required
def labels(request):
    items = services.labels_for(request.user)
    form = LabelForm(request.POST or None, user=request.user, initial={"position": len(items)})
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Label added."))
        return redirect("account-data:labels")
    return _private(render(request, "companion/labels.html", {"form": form, "items": items}))


@require_http_methods(["GET", "POST"])
@login_required
def label_edit(request, pk: int):
    label = get_object_or_404(Label.objects.owned_by(request.user), pk=pk)
    form = LabelForm(request.POST or None, instance=label, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Label renamed."))
        return redirect("account-data:labels")
    context = {"form": form, "item": label, "editing": True}
    return _private(render(request, "companion/labels.html", context))


@require_POST
@login_required
def label_delete(request, pk: int):
    label = get_object_or_404(Label.objects.owned_by(request.user), pk=pk)
    label.delete()
    messages.success(request, _("Label removed, with its stars."))
    return redirect("account-data:labels")


@require_GET
@login_required
def data_download(request):
    response = HttpResponse(services.export_user_data(request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="hallway-my-data.zip"'
    return _private(response)


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user)
        messages.success(request, _("Your account and everything in it are deleted."))
        return redirect("/")
    return _private(render(request, "companion/delete_account.html", {"form": form}))
