from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hallway.companion.models import Contact, Label, Moment, Note, Photo, Recap, Visit
from hallway.content.models import Place


class LabelForm(forms.ModelForm):
    class Meta:
        model = Label
        fields = ["name", "position"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.user = user

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Label.objects.filter(user=self.instance.user, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                _("You already have a label called %(name)s."), params={"name": name}
            )
        return name


class SessionLabelsForm(forms.Form):
    labels = forms.ModelMultipleChoiceField(
        queryset=Label.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Star under"),
    )

    def __init__(self, *args, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["labels"].queryset = Label.objects.filter(pk__in=[label.pk for label in labels])


class NoteForm(forms.ModelForm):
    class Meta:
        model = Note
        fields = ["body", "is_draft"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"body": _("Markdown: * for lists, [text](https://…) for links.")}


class MomentForm(forms.ModelForm):
    class Meta:
        model = Moment
        fields = ["title", "date", "time", "place", "body", "is_draft"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "time": forms.TimeInput(attrs={"type": "time"}),
            "body": forms.Textarea(attrs={"rows": 8}),
        }


class ContactForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = Contact
        fields = ["name", "met_where", "talked_about", "url"]
        widgets = {"talked_about": forms.Textarea(attrs={"rows": 4})}


class VisitForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = Visit
        fields = ["guide_place", "name", "category", "url", "what_i_had", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide_place"].queryset = Place.objects.filter(conference=conference).listed()
        self.fields["guide_place"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name") and not cleaned.get("guide_place"):
            raise ValidationError(_("Pick a place from the local guide or give it a name."))
        return cleaned


class PhotoForm(forms.ModelForm):
    """Caption, credit and what the photo belongs to; the file itself is checked by the service."""

    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, up to 10 MB and 40 megapixels. Location data is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = ["caption", "credit", "session", "moment", "visit"]

    def __init__(self, *args, user, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self._user, self._conference = user, conference
        # The attendee's own sessions (starred or noted), not the whole programme: a select of
        # a thousand options helps nobody. A session page's "Add a photo" link preselects its
        # session, which is offered even when it is not starred.
        wanted = Q(stars__user=user) | Q(notes__user=user)
        for pk in (self.initial.get("session"), self.data.get("session"), self.instance.session_id):
            if pk and str(pk).isdigit():
                wanted |= Q(pk=int(pk))
        self.fields["session"].queryset = (
            conference.sessions.listed().filter(wanted).distinct().order_by("start", "title")
        )
        self.fields["moment"].queryset = Moment.objects.filter(user=user, conference=conference)
        self.fields["visit"].queryset = Visit.objects.filter(
            user=user, conference=conference
        ).select_related("guide_place")
        if self.instance.pk:
            del self.fields["image"]

    def _post_clean(self):
        # The check constraint "attached to exactly one thing" reads these; the service sets
        # user and conference, which model validation needs as well.
        self.instance.user_id = self.instance.user_id or self._user.pk
        self.instance.conference_id = self.instance.conference_id or self._conference.pk
        super()._post_clean()


class RecapForm(forms.ModelForm):
    class Meta:
        model = Recap
        fields = ["title", "intro", "label", "drafts_as_comments"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, labels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].queryset = Label.objects.filter(pk__in=[label.pk for label in labels])


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type your username to confirm"), help_text=_("This cannot be undone.")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value != self.user.get_username():
            raise ValidationError(_("That is not your username."))
        return value
