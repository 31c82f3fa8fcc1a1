from django.urls import path

from hallway.sprints import views

app_name = "sprints"

# Two segments under sprints/ at least: program owns /sprints/<session-slug>/ (the old site's
# sprint session pages).
urlpatterns = [
    path("", views.project_list, name="project-list"),
    path("projects/new/", views.project_form, name="project-new"),
    path("projects/<int:pk>/edit/", views.project_form, name="project-edit"),
    path("projects/<int:pk>/join/", views.join, name="join"),
    path("projects/<int:pk>/leave/", views.leave, name="leave"),
]
