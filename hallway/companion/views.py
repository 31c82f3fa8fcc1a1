"""The attendee companion's pages under ``/<conference>/my/``.

Private pages find every row through ``owned_by(request.user)``: another attendee, and an
organizer too, gets a 404 rather than someone's notes. Three URLs need no sign-in because a
secret is the permission: the calendar feed, a share link and a published recap.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallway.companion import services
from hallway.companion.agenda import agenda_for, anonymous_agenda
from hallway.companion.forms import (
    ContactForm,
    MomentForm,
    NoteForm,
    PhotoForm,
    RecapForm,
    SessionLabelsForm,
    VisitForm,
)
from hallway.companion.models import (
    Attendance,
    Contact,
    Label,
    Moment,
    Note,
    Photo,
    Recap,
    ShareLink,
    Visit,
)
from hallway.companion.recap import RecapBuilder, recap_for, recap_html, recap_zip
from hallway.companion.stars import anonymous_label, session_star_ids, stars_for
from hallway.conferences.decorators import conference_view
from hallway.conferences.page_cache import cache_query, kept_per_member
from hallway.conferences.urls_helpers import conference_reverse
from hallway.core.storage import private_storage, stream_response
from hallway.interop.formats.ical import CONTENT_TYPE as ICAL_CONTENT_TYPE


def attendee_view(view):
    """Signed-in attendees only; the view gets the conference like conference_view."""
    return login_required(conference_view(view))


def _url(conference, name: str, **kwargs) -> str:
    return conference_reverse(conference, name, **kwargs)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


# Stars and agenda ---------------------------------------------------------------------------


@require_POST
@conference_view
def star(request, conference, pk: int):
    """Star or unstar a session: one click with htmx, a plain form post (and redirect) without.

    With a ``label`` (id) the session is starred or unstarred under that label only.
    """
    session = get_object_or_404(conference.sessions.listed(), pk=pk)
    if request.user.is_authenticated:
        label = None
        if request.POST.get("label"):
            label = get_object_or_404(
                Label.objects.owned_by(request.user), pk=request.POST["label"]
            )
        services.toggle_star(request.user, session, label=label)
    else:
        services.toggle_anonymous_star(request, session)
    fallback = _url(conference, "program:schedule")
    if request.htmx:
        context = {
            "conference": conference,
            "session": session,
            "stars": stars_for(request, conference),
        }
        return _private(render(request, "companion/_star_button.html", context))
    return redirect(_safe_next(request, fallback))


@require_GET
@kept_per_member
@cache_query("label")
@conference_view
def agenda(request, conference):
    """My agenda by day. Anonymous visitors see the picks kept in their session."""
    if not request.user.is_authenticated:
        days = anonymous_agenda(
            conference, session_star_ids(request, conference), anonymous_label()
        )
        context = {
            "conference": conference,
            "days": days,
            "anonymous": True,
            "stars": _stars_of(days),
        }
        return _private(render(request, "companion/agenda.html", context))
    user = request.user
    labels = services.labels_for(user)
    label = None
    if request.GET.get("label"):
        label = next((item for item in labels if str(item.pk) == request.GET["label"]), None)
    attendance = services.attendance_for(user, conference)
    changes = list(services.changes_for(user, conference, since=attendance.changes_seen_at)[:50])
    # Volunteer shifts and side events have no label: they show with the whole agenda.
    days = agenda_for(user, conference, label=label, with_extras=label is None)
    context = {
        "conference": conference,
        "days": days,
        "stars": _stars_of(days),
        "labels": labels,
        "current_label": label,
        "attendance": attendance,
        "feed_url": request.build_absolute_uri(attendance.get_feed_url()),
        "changes": changes,
        "share_links": list(
            ShareLink.objects.owned_by(user).filter(conference=conference).select_related("label")
        ),
    }
    return _private(render(request, "companion/agenda.html", context))


def _stars_of(days) -> dict:
    """The star buttons' state on the agenda, from the agenda itself (no query)."""
    return {entry.session.pk: entry.labels for day in days for entry in day.entries}


@require_POST
@attendee_view
def dismiss_changes(request, conference):
    """Mark the change notice as seen: htmx swaps the notice out, a plain post reloads."""
    services.dismiss_changes(services.attendance_for(request.user, conference))
    if request.htmx:
        context = {"conference": conference, "changes": []}
        return _private(render(request, "companion/agenda.html#changes-notice", context))
    return redirect(_url(conference, "companion:agenda"))


@require_POST
@attendee_view
def reset_feed(request, conference):
    services.reset_feed_token(services.attendance_for(request.user, conference))
    messages.success(request, _("Your calendar address changed: the old one no longer works."))
    return redirect(_url(conference, "companion:agenda"))


@require_GET
@conference_view
def agenda_feed(request, conference, token: str):
    """The private iCalendar subscription: the token is the permission, no sign-in."""
    attendance = get_object_or_404(
        Attendance.objects.select_related("user"), conference=conference, feed_token=token
    )
    attendance.conference = conference
    url_base = request.build_absolute_uri("/").rstrip("/")
    body = services.agenda_calendar(attendance, url_base=url_base)
    return _private(HttpResponse(body, content_type=ICAL_CONTENT_TYPE))


@require_POST
@attendee_view
def share_create(request, conference):
    label = None
    if request.POST.get("label"):
        label = get_object_or_404(Label.objects.owned_by(request.user), pk=request.POST["label"])
    services.create_share_link(request.user, conference, label=label)
    messages.success(request, _("Share link created. Anyone with it can see these picks."))
    return redirect(_url(conference, "companion:agenda") + "#share")


@require_POST
@attendee_view
def share_revoke(request, conference, pk: int):
    link = get_object_or_404(ShareLink.objects.owned_by(request.user), pk=pk, conference=conference)
    link.delete()
    messages.success(request, _("Share link revoked: it no longer works."))
    return redirect(_url(conference, "companion:agenda") + "#share")


@require_GET
@conference_view
def shared_agenda(request, conference, token: str):
    """A read-only agenda behind a share link: sessions and labels, never notes."""
    link = get_object_or_404(
        ShareLink.objects.select_related("user", "label"), conference=conference, token=token
    )
    context = {
        "conference": conference,
        "days": agenda_for(link.user, conference, label=link.label),
        "link": link,
    }
    return _private(render(request, "companion/shared_agenda.html", context))


# Notes per session --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@attendee_view
def session_notes(request, conference, pk: int):
    """One session, privately: its labels, my points of interest and my photos of it."""
    session = get_object_or_404(conference.sessions.with_people(), pk=pk)
    session.conference = conference
    user = request.user
    note = Note.objects.owned_by(user).filter(session=session).first() or Note(
        user=user, session=session
    )
    form = NoteForm(request.POST or None, instance=note, prefix="note")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Points of interest saved."))
        return redirect(_url(conference, "companion:session-notes", pk=session.pk))
    labels = services.labels_for(user)
    starred = set(user.stars.filter(session=session).values_list("label_id", flat=True))
    context = {
        "conference": conference,
        "session": session,
        "form": form,
        "note": note,
        "labels_form": SessionLabelsForm(labels=labels, initial={"labels": list(starred)}),
        "photos": list(Photo.objects.owned_by(user).filter(session=session)),
        "stars": stars_for(request, conference),
    }
    return _private(render(request, "companion/session_notes.html", context))


@require_POST
@attendee_view
def session_labels(request, conference, pk: int):
    session = get_object_or_404(conference.sessions.listed(), pk=pk)
    form = SessionLabelsForm(request.POST, labels=services.labels_for(request.user))
    if form.is_valid():
        services.set_session_labels(request.user, session, form.cleaned_data["labels"])
        messages.success(request, _("Labels saved."))
    return redirect(_safe_next(request, _url(conference, "companion:session-notes", pk=pk)))


# Moments, people and places: one list page with an add form, an edit page, a delete --------


def _owned_crud(model, form_class, *, list_name: str, template: str, form_kwargs=None):
    """List + create, edit and delete views for one of the attendee's own models."""
    form_kwargs = form_kwargs or (lambda conference: {})

    def queryset(request, conference):
        rows = model.objects.owned_by(request.user).filter(conference=conference)
        if model is Visit:
            rows = rows.select_related("guide_place")
        return rows

    @require_http_methods(["GET", "POST"])
    @attendee_view
    def list_view(request, conference):
        form = form_class(
            request.POST or None,
            instance=model(user=request.user, conference=conference),
            **form_kwargs(conference),
        )
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect(_url(conference, f"companion:{list_name}"))
        context = {
            "conference": conference,
            "form": form,
            "items": list(queryset(request, conference)),
        }
        return _private(render(request, template, context))

    @require_http_methods(["GET", "POST"])
    @attendee_view
    def edit_view(request, conference, pk: int):
        item = get_object_or_404(queryset(request, conference), pk=pk)
        form = form_class(request.POST or None, instance=item, **form_kwargs(conference))
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Saved."))
            return redirect(_url(conference, f"companion:{list_name}"))
        context = {"conference": conference, "form": form, "item": item, "editing": True}
        return _private(render(request, template, context))

    @require_POST
    @attendee_view
    def delete_view(request, conference, pk: int):
        get_object_or_404(queryset(request, conference), pk=pk).delete()
        messages.success(request, _("Deleted."))
        return redirect(_url(conference, f"companion:{list_name}"))

    return list_view, edit_view, delete_view


moments, moment_edit, moment_delete = _owned_crud(
    Moment, MomentForm, list_name="moments", template="companion/moments.html"
)
people, person_edit, person_delete = _owned_crud(
    Contact, ContactForm, list_name="people", template="companion/people.html"
)
places, place_edit, place_delete = _owned_crud(
    Visit,
    VisitForm,
    list_name="places",
    template="companion/places.html",
    form_kwargs=lambda conference: {"conference": conference},
)


# Photos -------------------------------------------------------------------------------------


def _photo_form(request, conference, **kwargs):
    return PhotoForm(user=request.user, conference=conference, **kwargs)


@require_http_methods(["GET", "POST"])
@attendee_view
def photos(request, conference):
    form = _photo_form(
        request,
        conference,
        data=request.POST or None,
        files=request.FILES or None,
        initial={"session": request.GET.get("session", "")},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.store_photo(request.user, conference, form.cleaned_data["image"], **fields)
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("Photo added."))
            return redirect(_url(conference, "companion:photos"))
    items = (
        Photo.objects.owned_by(request.user)
        .filter(conference=conference)
        .select_related("session", "moment", "visit", "visit__guide_place")
    )
    context = {"conference": conference, "form": form, "items": list(items)}
    status = 400 if form.errors else 200
    return _private(render(request, "companion/photos.html", context, status=status))


@require_http_methods(["GET", "POST"])
@attendee_view
def photo_edit(request, conference, pk: int):
    photo = get_object_or_404(Photo.objects.owned_by(request.user), pk=pk, conference=conference)
    form = _photo_form(request, conference, data=request.POST or None, instance=photo)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(_url(conference, "companion:photos"))
    context = {"conference": conference, "form": form, "item": photo, "editing": True}
    return _private(render(request, "companion/photos.html", context))


@require_POST
@attendee_view
def photo_delete(request, conference, pk: int):
    get_object_or_404(Photo.objects.owned_by(request.user), pk=pk, conference=conference).delete()
    messages.success(request, _("Photo deleted."))
    return redirect(_url(conference, "companion:photos"))


@require_GET
@conference_view
def photo_file(request, conference, pk: int, size: str):
    """A photo file: for its owner, or for anyone when it is part of a published recap."""
    photo = get_object_or_404(Photo.objects.select_related("user"), pk=pk, conference=conference)
    if not (request.user.is_authenticated and photo.user_id == request.user.pk):
        recap = Recap.objects.filter(
            user=photo.user, conference=conference, is_published=True
        ).first()
        if recap is None:
            raise Http404
        recap.user, recap.conference = photo.user, conference
        document = RecapBuilder(recap, absolute=lambda path: path).build()
        if photo.pk not in document.photo_ids:
            raise Http404
    if size == "full":
        name = photo.image.name
        content_type = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}[
            photo.extension
        ]
    elif size.isdigit() and int(size) in photo.renditions:
        name, content_type = photo.rendition_name(int(size)), "image/webp"
    else:
        raise Http404
    try:
        # Streamed from the private storage (local disk or a private bucket), never redirected
        # to it: the permission check above is the only way in.
        response = stream_response(private_storage(), name, content_type=content_type)
    except FileNotFoundError as error:
        raise Http404 from error
    response["Cache-Control"] = "private, max-age=3600"
    return response


# Recap --------------------------------------------------------------------------------------


def _web_image_url(photo: Photo, name: str) -> str:
    """On the web, a recap shows the 960 px rendition through the permission-checked view."""
    if 960 in photo.renditions:
        return photo.get_rendition_url(960)
    return photo.get_absolute_url()


def _builder(request, recap: Recap, *, for_download: bool) -> RecapBuilder:
    """Downloads point at ``images/<file>``; pages at the photo views."""
    return RecapBuilder(
        recap,
        absolute=request.build_absolute_uri,
        image_url=None if for_download else _web_image_url,
    )


@require_http_methods(["GET", "POST"])
@attendee_view
def recap(request, conference):
    """Recap settings, the unfinished notes, a preview, publishing and downloads."""
    recap = recap_for(request.user, conference)
    labels = services.labels_for(request.user)
    form = RecapForm(request.POST or None, instance=recap, labels=labels)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Recap settings saved."))
        return redirect(_url(conference, "companion:recap"))
    document = _builder(request, recap, for_download=False).build()
    context = {
        "conference": conference,
        "recap": recap,
        "form": form,
        "document": document,
        "html": recap_html(document.markdown),
        "public_url": request.build_absolute_uri(recap.get_public_url()),
    }
    return _private(render(request, "companion/recap.html", context))


@require_GET
@attendee_view
def recap_markdown(request, conference):
    recap = recap_for(request.user, conference)
    document = _builder(request, recap, for_download=True).build()
    response = HttpResponse(document.markdown, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recap.md"'
    return _private(response)


@require_GET
@attendee_view
def recap_download(request, conference):
    recap = recap_for(request.user, conference)
    document = _builder(request, recap, for_download=True).build()
    response = HttpResponse(recap_zip(document), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{conference.slug}-recap.zip"'
    return _private(response)


@require_POST
@attendee_view
def recap_publish(request, conference):
    recap = recap_for(request.user, conference)
    if request.POST.get("publish") == "1":
        services.publish_recap(recap)
        messages.success(request, _("Your recap is public at its address."))
    else:
        services.unpublish_recap(recap)
        messages.success(request, _("Your recap is private again."))
    return redirect(_url(conference, "companion:recap"))


@require_GET
@conference_view
def recap_public(request, conference, username: str):
    """A published recap. Unpublished (or never published): 404."""
    user = get_object_or_404(get_user_model(), username=username)
    recap = get_object_or_404(
        Recap.objects.select_related("label"), user=user, conference=conference, is_published=True
    )
    recap.user, recap.conference = user, conference
    document = _builder(request, recap, for_download=False).build()
    # The byline goes under the recap's title (its first heading).
    heading, end, rest = recap_html(document.markdown).partition("</h1>")
    title, body = (heading + end, rest) if end else ("", heading)
    context = {
        "conference": conference,
        "recap": recap,
        "title_html": mark_safe(title),  # noqa: S308 (parts of recap_html's cleaned output)
        "html": mark_safe(body),  # noqa: S308 (idem)
    }
    return render(request, "companion/recap_public.html", context)
