from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.conferences.models import Conference
from hallway.replays.models import Video
from hallway.replays.playlists import PlaylistError, read_playlist

MAX_PLAYLIST_BYTES = 5 * 1024 * 1024


class PlaylistImportForm(forms.Form):
    conference = forms.ModelChoiceField(Conference.objects.order_by("-starts_on"))
    playlist = forms.FileField(
        label=_("Playlist file"),
        help_text=_(
            "The JSON of YouTube's playlistItems.list, the lines of "
            "yt-dlp --flat-playlist --dump-json, or a CSV of title and URL."
        ),
    )
    confirm_above = forms.FloatField(
        label=_("Confirm matches from this confidence"),
        required=False,
        min_value=0,
        max_value=1,
        help_text=_("0 to 1, e.g. 0.9. Leave empty to confirm every match yourself."),
    )

    def clean_playlist(self):
        upload = self.cleaned_data["playlist"]
        if upload.size > MAX_PLAYLIST_BYTES:
            raise ValidationError(_("The playlist is larger than 5 MB."))
        content = upload.read()
        try:
            read_playlist(content)
        except PlaylistError as error:
            raise ValidationError(
                _("%(file)s: %(error)s") % {"file": upload.name, "error": error}
            ) from None
        return content


class VideoAdminForm(forms.ModelForm):
    confirm = forms.BooleanField(
        label=_("Confirm this match"),
        required=False,
        help_text=_("Shows the video on the session's page, in the exports and in recaps."),
    )

    class Meta:
        model = Video
        fields = ["session"]

    def clean(self):
        cleaned = super().clean()
        session = cleaned.get("session")
        if session is not None and session.conference_id != self.instance.conference_id:
            raise ValidationError({"session": _("This session belongs to another conference.")})
        if cleaned.get("confirm") and session is None:
            raise ValidationError({"session": _("Choose the session to confirm.")})
        return cleaned
