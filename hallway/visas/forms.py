from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.visas.models import VisaRequest


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VisaRequestForm(forms.ModelForm):
    """An attendee's request; refuses entries while the call is closed, except the answer to
    an organizer's question."""

    class Meta:
        model = VisaRequest
        fields = [
            "passport_name",
            "nationality",
            "passport_number",
            "birth_date",
            "arrival_date",
            "departure_date",
            "role",
            "registration_reference",
            "requester_note",
        ]
        widgets = {
            "birth_date": DateInput(attrs={"autocomplete": "bday"}),
            "arrival_date": DateInput(),
            "departure_date": DateInput(),
            "passport_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "nationality": forms.TextInput(attrs={"autocomplete": "off"}),
            "passport_number": forms.TextInput(attrs={"autocomplete": "off"}),
            "requester_note": forms.Textarea(attrs={"rows": 3}),
            "role": forms.RadioSelect,
        }

    def __init__(self, *args, feature, **kwargs):
        super().__init__(*args, **kwargs)
        self.feature = feature
        for name in ("passport_name", "nationality", "passport_number", "birth_date"):
            self.fields[name].required = True
        for name in ("arrival_date", "departure_date"):
            self.fields[name].required = True
        self.fields["birth_date"].help_text = _("As in your passport.")

    def clean(self):
        answering = self.instance.pk and self.instance.status == VisaRequest.Status.MORE_INFO
        if not self.feature.is_open() and not answering:
            raise ValidationError(_("Visa letter requests are closed."), code="closed")
        if self.instance.pk and not self.instance.is_editable:
            raise ValidationError(_("This request was decided; it can no longer change."))
        return super().clean()
