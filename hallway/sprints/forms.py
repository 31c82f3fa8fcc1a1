from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import formfield_for
from hallway.sprints.models import SprintProject

CLOSED = _("Sprint sign-ups are closed: nothing can be changed now.")


class SprintProjectForm(forms.ModelForm):
    class Meta:
        model = SprintProject
        fields = ["name", "repository_url", "description", "skill_level", "maintainer_name"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        # A repository typed without its scheme gets https://.
        formfield_callback = formfield_for

    def __init__(self, *args, conference, feature, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.feature = feature
        self.user = user
        self.fields["repository_url"].widget.attrs["placeholder"] = "https://"
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("maintainer_name", user.get_full_name() or user.username)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = SprintProject.objects.filter(conference=self.conference, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(
                _("A project called %(name)s is already listed."), params={"name": name}
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if not self.feature.is_open():
            raise ValidationError(CLOSED)
        return cleaned

    def save(self, commit: bool = True) -> SprintProject:
        project = super().save(commit=False)
        project.conference = self.conference
        if project.maintainer_id is None:
            project.maintainer = self.user
        if commit:
            project.save()
        return project
