"""Shared pieces of Hallway's admin: the base ModelAdmin, conference time zones and image
thumbnails."""

import zoneinfo

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

THUMBNAIL = 48
PREVIEW = 200


def formfield_for(db_field: models.Field, **kwargs):
    """``Meta.formfield_callback`` for admin ModelForms: URLs without a scheme get https
    (Django 6's default, chosen now rather than warned about)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class HallwayModelAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ConferenceTimeZoneMixin:
    """Show and read dates and times in the conference's own time zone, not the server's.

    Organizers think in the venue's local time: a talk "at 9:00" in Durham must be stored as
    13:00 UTC. The zone comes from the edited object's conference, or, for a new object or a
    change list, from the ``conference`` chosen in the form or the filter.
    """

    time_zone_fields: tuple[str, ...] = ()

    @property
    def media(self):
        # Times here are the conference's, each field says in which zone: no "hours ahead of
        # server time" note from Django's widgets (core/admin-zone.js).
        return super().media + forms.Media(
            js=["core/admin-zone.js"], css={"all": ["core/admin.css"]}
        )

    def conference_time_zone(self, request, object_id=None) -> zoneinfo.ZoneInfo | None:
        from hallway.conferences.models import Conference

        name = None
        if object_id:
            name = (
                self.model._base_manager.filter(pk=unquote(object_id))
                .values_list("conference__time_zone", flat=True)
                .first()
            )
        if name is None:
            conference_id = (
                request.POST.get("conference")
                or request.GET.get("conference")
                or request.GET.get("conference__id__exact")
            )
            if conference_id and conference_id.isdigit():
                name = (
                    Conference.objects.filter(pk=conference_id)
                    .values_list("time_zone", flat=True)
                    .first()
                )
        return zoneinfo.ZoneInfo(name) if name else None

    @staticmethod
    def _render_in(zone, view, *args, **kwargs):
        if zone is None:
            return view(*args, **kwargs)
        with timezone.override(zone):
            response = view(*args, **kwargs)
            # Template responses render after the view returns: render them in the zone.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.conference_time_zone(request, object_id)
        return self._render_in(
            zone, super().changeform_view, request, object_id, form_url, extra_context
        )

    def changelist_view(self, request, extra_context=None):
        zone = self.conference_time_zone(request)
        return self._render_in(zone, super().changelist_view, request, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        zone = timezone.get_current_timezone_name()
        for name in self.time_zone_fields:
            if name in form.base_fields:
                form.base_fields[name].help_text = _("In %(zone)s time.") % {"zone": zone}
        return form


def image_tag(file, size: int) -> str:
    """A lazy ``<img>`` of an uploaded file, or a dash when there is none."""
    if not file:
        return "—"
    return format_html(
        '<img class="admin-preview" src="{}" alt="" width="{}" height="{}" loading="lazy">',
        file.url,
        size,
        size,
    )


class ImagePreviewMixin:
    """Adds ``thumbnail`` (for list_display) and ``preview`` (for readonly_fields) showing
    the model's ``image_field``."""

    image_field = "photo"

    class Media:
        css = {"all": ["core/admin.css"]}

    @admin.display(description=_("image"))
    def thumbnail(self, obj):
        return image_tag(getattr(obj, self.image_field), THUMBNAIL)

    @admin.display(description=_("preview"))
    def preview(self, obj):
        return image_tag(getattr(obj, self.image_field), PREVIEW)
