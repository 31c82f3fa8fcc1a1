from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.lightning.models import LightningTalk

CLOSED = _("Lightning talk sign-ups are closed: nothing can be changed now.")


class LightningTalkForm(forms.ModelForm):
    class Meta:
        model = LightningTalk
        fields = ["title", "summary", "speaker_name"]

    def __init__(self, *args, session, feature, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.feature = feature
        self.user = user
        # Several forms on one page (one per session): ids must not repeat.
        self.auto_id = f"id_session{session.pk}_%s"
        if not self.is_bound:
            self.initial.setdefault("speaker_name", user.get_full_name() or user.username)

    def clean_title(self) -> str:
        return " ".join(self.cleaned_data["title"].split())

    def clean_summary(self) -> str:
        return " ".join(self.cleaned_data["summary"].split())

    def clean(self):
        cleaned = super().clean()
        if not self.feature.is_open():
            raise ValidationError(CLOSED)
        if LightningTalk.objects.filter(session=self.session, speaker=self.user).exists():
            raise ValidationError(
                _("You already signed up for this session: withdraw that talk to propose another.")
            )
        return cleaned

    def save(self, commit: bool = True) -> LightningTalk:
        talk = super().save(commit=False)
        talk.session = self.session
        talk.speaker = self.user
        if commit:
            talk.save()
        return talk
