"""The attendee companion, mounted at ``/<conference>/my/`` (or ``/my/`` on a conference host)."""

from django.urls import path, re_path

from hallway.companion import views

app_name = "companion"

urlpatterns = [
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/changes/dismiss/", views.dismiss_changes, name="dismiss-changes"),
    path("agenda/feed/reset/", views.reset_feed, name="reset-feed"),
    re_path(r"^agenda/(?P<token>[-\w]+)\.ics$", views.agenda_feed, name="agenda-feed"),
    path("agenda/share/", views.share_create, name="share-create"),
    path("agenda/share/<int:pk>/revoke/", views.share_revoke, name="share-revoke"),
    path("shared/<str:token>/", views.shared_agenda, name="shared-agenda"),
    path("star/<int:pk>/", views.star, name="star"),
    path("sessions/<int:pk>/", views.session_notes, name="session-notes"),
    path("sessions/<int:pk>/labels/", views.session_labels, name="session-labels"),
    path("moments/", views.moments, name="moments"),
    path("moments/<int:pk>/", views.moment_edit, name="moment-edit"),
    path("moments/<int:pk>/delete/", views.moment_delete, name="moment-delete"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/delete/", views.person_delete, name="person-delete"),
    path("places/", views.places, name="places"),
    path("places/<int:pk>/", views.place_edit, name="place-edit"),
    path("places/<int:pk>/delete/", views.place_delete, name="place-delete"),
    path("photos/", views.photos, name="photos"),
    path("photos/<int:pk>/", views.photo_edit, name="photo-edit"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo-delete"),
    re_path(r"^photos/(?P<pk>\d+)/(?P<size>full|\d+)/$", views.photo_file, name="photo-file"),
    path("recap/", views.recap, name="recap"),
    path("recap/recap.md", views.recap_markdown, name="recap-markdown"),
    path("recap/download/", views.recap_download, name="recap-download"),
    path("recap/publish/", views.recap_publish, name="recap-publish"),
    path("recaps/<str:username>/", views.recap_public, name="recap-public"),
]
