from django.contrib import admin
from django.db.models import Count

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.sprints.models import SprintProject, SprintSignup


class SignupInline(admin.TabularInline):
    model = SprintSignup
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(SprintProject)
class SprintProjectAdmin(HallwayModelAdmin):
    list_display = [
        "name",
        "maintainer_name",
        "skill_level",
        "contributors",
        "conference",
        "is_hidden",
    ]
    list_filter = ["conference", "skill_level", "is_hidden"]
    list_select_related = ["conference", "maintainer"]
    search_fields = ["name", "maintainer_name", "repository_url", "description"]
    autocomplete_fields = ["conference", "maintainer"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [SignupInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contributor_count=Count("signups"))

    @admin.display(description="contributors", ordering="contributor_count")
    def contributors(self, project) -> int:
        return project.contributor_count
