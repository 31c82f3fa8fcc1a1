"""Shared pieces of Hallway's admin: the base ModelAdmin and image thumbnails."""

from django.contrib import admin
from django.db import models
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
