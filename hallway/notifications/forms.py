from django import forms

from hallway.notifications.models import NotificationSettings


class SettingsForm(forms.ModelForm):
    class Meta:
        model = NotificationSettings
        fields = ["schedule", "media", "plans", "announcement", "email"]
