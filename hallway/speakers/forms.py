import io
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hallway.conferences.admin_helpers import formfield_for
from hallway.people.models import Presenter
from hallway.speakers.services import links_text, parse_links

PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def clean_photo(upload):
    """The upload re-encoded from its pixels (no EXIF, so no GPS position on a public page);
    ValidationError naming the file when it is too big or not a JPEG, PNG or WebP photo."""
    limit = getattr(settings, "HALLWAY_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; photos can be at most %(limit)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            }
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(upload.read()))
            image_format = image.format
            if image_format not in PHOTO_FORMATS:
                raise ValidationError(
                    _("%(name)s is not a JPEG, PNG or WebP photo.") % {"name": upload.name}
                )
            pixels = getattr(settings, "HALLWAY_PHOTO_MAX_PIXELS", 40_000_000)
            if image.width * image.height > pixels:
                raise ValidationError(_("%(name)s has too many pixels.") % {"name": upload.name})
            image.load()
            image = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombWarning, ValueError):
        raise ValidationError(
            _("%(name)s could not be read as an image.") % {"name": upload.name}
        ) from None
    output = io.BytesIO()
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(output, format=image_format)
    stem = upload.name.rsplit(".", 1)[0][:80] or "photo"
    return SimpleUploadedFile(
        f"{stem}.{PHOTO_FORMATS[image_format]}",
        output.getvalue(),
        content_type=f"image/{PHOTO_FORMATS[image_format].replace('jpg', 'jpeg')}",
    )


class PresenterProfileForm(forms.ModelForm):
    """What a presenter edits of their own page."""

    class Meta:
        model = Presenter
        fields = [
            "bio",
            "pronouns",
            "photo",
            "website",
            "bluesky",
            "mastodon",
            "github",
            "linkedin",
            "instagram",
            "twitter",
        ]
        formfield_callback = formfield_for
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 10}),
            "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and "photo" in self.changed_data and hasattr(photo, "content_type"):
            return clean_photo(photo)
        return photo

    def changes(self) -> dict[str, str]:
        """The changed fields with their new values, as the change log keeps them. A new
        photo is stored first; its name is the value."""
        result = {}
        for name in self.changed_data:
            value = self.cleaned_data[name]
            if name == "photo":
                if value:
                    field = self.instance.photo.field
                    stored = field.generate_filename(self.instance, value.name)
                    value = field.storage.save(stored, value, max_length=field.max_length)
                else:
                    value = ""
            result[name] = value or ""
        return result


class SessionMaterialsForm(forms.Form):
    slides_url = forms.URLField(
        label=_("Slides"),
        required=False,
        assume_scheme="https",
        help_text=_("The address of your slides (Speaker Deck, a PDF, a web page…)."),
    )
    links = forms.CharField(
        label=_("Extra links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line: a title, a “|” and the address, e.g. Demo code | https://…"),
    )

    def __init__(self, *args, session, **kwargs):
        kwargs.setdefault(
            "initial", {"slides_url": session.slides_url, "links": links_text(session)}
        )
        super().__init__(*args, **kwargs)

    def clean_links(self):
        text = self.cleaned_data["links"]
        links = parse_links(text)
        # Normalised, so the change log compares like with like.
        return "\n".join(f"{title} | {url}" for title, url in links)
