from django import forms
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference


class ScheduleImportForm(forms.Form):
    """The admin's schedule import: a file or a URL, into an existing conference."""

    conference = forms.ModelChoiceField(
        label=_("conference"), queryset=Conference.objects.order_by("-starts_on")
    )
    url = forms.URLField(
        label=_("URL"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        help_text=_(
            "A schedule export, e.g. https://pretalx.com/<event>/schedule/export/schedule.json"
        ),
    )
    file = forms.FileField(
        label=_("or a file"),
        required=False,
        help_text=_("frab XML or schedule JSON (pretalx, frab, c3voc), detected from the content."),
    )
    keep_missing = forms.BooleanField(
        label=_("keep missing sessions"),
        required=False,
        help_text=_(
            "By default sessions that are not in the schedule are removed, or kept as cancelled "
            "when attendees starred them or took notes."
        ),
    )
    follow = forms.BooleanField(
        label=_("follow this URL"),
        required=False,
        help_text=_("Pull it again on every sync_schedules run and apply what changed."),
    )

    def clean(self):
        cleaned = super().clean()
        url, upload = cleaned.get("url"), cleaned.get("file")
        if "url" in self.errors or "file" in self.errors:
            return cleaned
        if bool(url) == bool(upload):
            raise forms.ValidationError(_("Give either a URL or a file."))
        if cleaned.get("follow") and not url:
            self.add_error("follow", _("Only a URL can be followed."))
        return cleaned
