"""An attendee's notifications, mounted at ``/<conference>/my/notifications/``."""

from django.urls import path

from hallway.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("settings/", views.settings_view, name="settings"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
