"""The attendee's account data, mounted at ``/me/``: labels, data download, account deletion."""

from django.urls import path

from hallway.companion import account_views

app_name = "account-data"

urlpatterns = [
    path("", account_views.overview, name="overview"),
    path("labels/", account_views.labels, name="labels"),
    path("labels/<int:pk>/", account_views.label_edit, name="label-edit"),
    path("labels/<int:pk>/delete/", account_views.label_delete, name="label-delete"),
    path("data.zip", account_views.data_download, name="download"),
    path("delete/", account_views.delete_account, name="delete"),
]
