"""Who may see organizer pages on the conference site, and pages no shared cache may keep."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.cache import patch_cache_control


def staff_permission_required(permission: str):
    """Organizer pages outside the admin (a volunteer roster with e-mail addresses): staff
    who hold ``permission`` only. Anonymous visitors are sent to sign in; everyone else,
    staff without the permission included, gets 403."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and user.is_staff and user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def uncached(response: HttpResponse) -> HttpResponse:
    """Keep ``response`` out of the public page cache (the conferences app's) and shared
    caches: a page with live counts (places left) would otherwise be served stale."""
    patch_cache_control(response, private=True, no_cache=True)
    return response
