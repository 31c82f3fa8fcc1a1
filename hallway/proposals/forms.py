import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.proposals.models import VenueProposal


class VenueProposalForm(forms.ModelForm):
    # A honeypot: hidden from people (and screen readers) by the template, filled by bots.
    # A filled one is answered like a success and kept nowhere (see views.proposal_form).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = VenueProposal
        fields = [
            "city",
            "venue_name",
            "capacity",
            "possible_dates",
            "cost_estimate",
            "currency",
            "details",
            "contact_name",
            "contact_email",
            "organisation",
        ]
        widgets = {"details": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, conference, feature, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.feature = feature
        self.user = user
        if user is not None and user.is_authenticated and not self.is_bound:
            self.initial.setdefault("contact_name", user.get_full_name())
            self.initial.setdefault("contact_email", user.email)

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_currency(self) -> str:
        currency = self.cleaned_data["currency"].strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError(_("Give the currency as three letters, for example USD."))
        return currency

    def clean(self):
        cleaned = super().clean()
        if not self.feature.is_open():
            raise ValidationError(_("Venue proposals are closed: this form takes no entries now."))
        return cleaned

    def save(self, commit: bool = True) -> VenueProposal:
        proposal = super().save(commit=False)
        proposal.conference = self.conference
        if self.user is not None and self.user.is_authenticated:
            proposal.submitted_by = self.user
        if commit:
            proposal.save()
        return proposal
