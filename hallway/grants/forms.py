from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.grants.models import MAX_SCORE, GrantApplication, GrantReview, currency


class GrantApplicationForm(forms.ModelForm):
    """Refuses entries while the call is closed and once the application is decided."""

    class Meta:
        model = GrantApplication
        fields = [
            "covers_ticket",
            "covers_travel",
            "covers_lodging",
            "travelling_from",
            "amount_requested",
            "reason",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, feature, **kwargs):
        super().__init__(*args, **kwargs)
        self.feature = feature
        self.fields["amount_requested"].label = _("Amount asked (%(currency)s)") % {
            "currency": currency()
        }
        self.fields["covers_ticket"].label = _("The grant should cover my ticket")
        self.fields["covers_travel"].label = _("… my travel")
        self.fields["covers_lodging"].label = _("… my lodging")

    def clean(self):
        if not self.feature.is_open():
            raise ValidationError(_("Grant applications are closed."), code="closed")
        if self.instance.pk and not self.instance.is_editable:
            raise ValidationError(_("This application was decided; it can no longer change."))
        return super().clean()


class GrantReviewForm(forms.ModelForm):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[(n, str(n)) for n in range(1, MAX_SCORE + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("1 (weak) to 5 (strong)."),
    )

    class Meta:
        model = GrantReview
        fields = ["score", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 4})}
