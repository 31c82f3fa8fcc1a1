from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import HallwayModelAdmin
from hallway.proposals.models import VenueProposal, VenueProposalComment


class CommentInline(admin.StackedInline):
    model = VenueProposalComment
    extra = 1
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    # Comments are part of the proposal: whoever may read (or change) the proposal may read
    # (or write) its comments, with no second set of permissions to hand out.
    def _proposal_permission(self, request, action: str) -> bool:
        return request.user.has_perm(f"proposals.{action}_venueproposal")

    def has_view_permission(self, request, obj=None):
        return self._proposal_permission(request, "view") or self._proposal_permission(
            request, "change"
        )

    def has_add_permission(self, request, obj=None):
        return self._proposal_permission(request, "change")

    def has_change_permission(self, request, obj=None):
        return self._proposal_permission(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._proposal_permission(request, "change")


@admin.register(VenueProposal)
class VenueProposalAdmin(HallwayModelAdmin):
    """Proposals and the organizers' comments on them. The contact details are personal data:
    only staff with the venue proposal permissions reach these pages."""

    list_display = [
        "venue_name",
        "city",
        "capacity",
        "possible_dates",
        "status",
        "comment_count",
        "created_at",
    ]
    list_filter = ["conference", "status"]
    list_editable = ["status"]
    list_select_related = ["conference", "submitted_by"]
    search_fields = ["city", "venue_name", "contact_name", "contact_email", "organisation"]
    autocomplete_fields = ["conference"]
    date_hierarchy = "created_at"
    readonly_fields = ["submitted_by", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["conference", "status"]}),
        (
            _("The venue"),
            {
                "fields": [
                    "city",
                    "venue_name",
                    "capacity",
                    "possible_dates",
                    ("cost_estimate", "currency"),
                    "details",
                ]
            },
        ),
        (
            _("Contact"),
            {"fields": ["contact_name", "contact_email", "organisation", "submitted_by"]},
        ),
        (_("Bookkeeping"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [CommentInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(comment_count=Count("comments"))

    @admin.display(description=_("comments"), ordering="comment_count")
    def comment_count(self, proposal) -> int:
        return proposal.comment_count

    def save_formset(self, request, form, formset, change):
        comments = formset.save(commit=False)
        for comment in comments:
            if comment.author_id is None:
                comment.author = request.user
            comment.save()
        for comment in formset.deleted_objects:
            comment.delete()
        formset.save_m2m()
