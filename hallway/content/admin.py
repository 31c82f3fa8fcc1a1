from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from hallway.conferences.admin_helpers import (
    ConferenceTimeZoneMixin,
    HallwayModelAdmin,
    ImagePreviewMixin,
    formfield_for,
)
from hallway.conferences.models import Conference
from hallway.content.models import Page, Place, Post, Sponsor, SponsorLevel
from hallway.content.page_templates import PAGE_TEMPLATES, create_standard_pages


class SponsorInline(admin.TabularInline):
    model = Sponsor
    fields = ["name", "slug", "added_on", "is_hidden"]
    extra = 0
    show_change_link = True
    ordering = ["added_on", "name"]


@admin.register(SponsorLevel)
class SponsorLevelAdmin(HallwayModelAdmin):
    list_display = ["name", "slug", "position", "conference"]
    list_editable = ["position"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["name", "slug"]
    ordering = ["conference", "position", "name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["conference"]
    inlines = [SponsorInline]


class SponsorAdminForm(forms.ModelForm):
    class Meta:
        model = Sponsor
        # The admin builds the real field list from its fieldsets.
        fields = ["conference", "level"]
        formfield_callback = formfield_for

    def clean(self):
        cleaned = super().clean()
        conference, level = cleaned.get("conference"), cleaned.get("level")
        if conference and level and level.conference_id != conference.pk:
            raise ValidationError({"level": _("This level belongs to another conference.")})
        return cleaned


@admin.register(Sponsor)
class SponsorAdmin(ImagePreviewMixin, HallwayModelAdmin):
    form = SponsorAdminForm
    image_field = "logo"
    list_display = ["thumbnail", "name", "level", "added_on", "conference", "is_hidden"]
    list_display_links = ["thumbnail", "name"]
    list_filter = ["conference", "level__name", "is_hidden", "logo_orientation"]
    list_select_related = ["conference", "level"]
    search_fields = ["name", "slug", "url", "url_label"]
    ordering = ["conference", "level__position", "added_on", "name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["conference", "level"]
    readonly_fields = ["preview", "source_key"]
    fieldsets = [
        (None, {"fields": ["conference", "level", "name", "slug", "added_on", "is_hidden"]}),
        (_("Logo"), {"fields": ["logo", "preview", "logo_orientation"]}),
        (_("Links and text"), {"fields": ["url", "url_label", "hiring_url", "description"]}),
        (_("Bookkeeping"), {"fields": ["source_key"], "classes": ["collapse"]}),
    ]


@admin.register(Post)
class PostAdmin(ConferenceTimeZoneMixin, ImagePreviewMixin, HallwayModelAdmin):
    image_field = "cover"
    time_zone_fields = ("published_at",)
    list_display = ["thumbnail", "title", "published_at", "author", "conference", "is_hidden"]
    list_display_links = ["thumbnail", "title"]
    list_filter = ["conference", "category", "is_hidden"]
    list_select_related = ["conference"]
    search_fields = ["title", "slug", "author", "excerpt", "body"]
    ordering = ["-published_at"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conference"]
    readonly_fields = ["preview", "source_key", "updated_at"]
    fieldsets = [
        (None, {"fields": ["conference", "title", "slug", "author", "category", "published_at"]}),
        (_("Cover"), {"fields": ["cover", "preview", "cover_alt"]}),
        (None, {"fields": ["excerpt", "body", "is_hidden"]}),
        (_("Bookkeeping"), {"fields": ["source_key", "updated_at"], "classes": ["collapse"]}),
    ]


@admin.register(Place)
class PlaceAdmin(ImagePreviewMixin, HallwayModelAdmin):
    list_display = [
        "thumbnail",
        "name",
        "category",
        "distance",
        "position",
        "conference",
        "is_hidden",
    ]
    list_display_links = ["thumbnail", "name"]
    list_editable = ["position"]
    list_filter = ["conference", "category", "is_hidden"]
    list_select_related = ["conference"]
    search_fields = ["name", "slug", "address", "description"]
    ordering = ["conference", "category", "position", "name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["conference"]
    readonly_fields = ["preview", "source_key"]
    fieldsets = [
        (None, {"fields": ["conference", "name", "slug", "category", "position", "is_hidden"]}),
        (_("Photo"), {"fields": ["photo", "preview"]}),
        (
            None,
            {
                "fields": [
                    "website",
                    "address",
                    ("latitude", "longitude"),
                    "map_url",
                    "distance",
                    "description",
                ]
            },
        ),
        (_("Bookkeeping"), {"fields": ["source_key"], "classes": ["collapse"]}),
    ]


class StandardPagesForm(forms.Form):
    conference = forms.ModelChoiceField(
        Conference.objects.order_by("-starts_on"), label=_("conference")
    )
    kinds = forms.MultipleChoiceField(
        label=_("pages"),
        choices=[(template.kind, template.title) for template in PAGE_TEMPLATES],
        initial=[template.kind for template in PAGE_TEMPLATES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each page starts from a text to edit (what to fill in is in [brackets]) and is "
            "listed in the footer. A page the conference already has is left alone."
        ),
    )


@admin.register(Page)
class PageAdmin(HallwayModelAdmin):
    change_list_template = "admin/content/page/change_list.html"
    list_display = [
        "title",
        "slug",
        "position",
        "in_header",
        "in_navigation",
        "conference",
        "is_hidden",
    ]
    list_editable = ["position", "in_header", "in_navigation"]
    list_filter = ["conference", "in_header", "in_navigation", "is_hidden"]
    list_select_related = ["conference"]
    search_fields = ["title", "slug", "body"]
    ordering = ["conference", "position", "title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conference"]
    readonly_fields = ["source_key", "updated_at"]

    def get_urls(self):
        return [
            path(
                "standard/",
                self.admin_site.admin_view(self.standard_pages_view),
                name="content_page_standard",
            ),
            *super().get_urls(),
        ]

    def standard_pages_view(self, request):
        """Create the code of conduct, venue, travel and visas, childcare and FAQ pages a
        conference lacks, from starter texts."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StandardPagesForm(request.POST or None, initial=request.GET.dict() or None)
        if request.method == "POST" and form.is_valid():
            conference = form.cleaned_data["conference"]
            created = create_standard_pages(conference, form.cleaned_data["kinds"])
            if created:
                titles = ", ".join(page.title for page in created)
                self.message_user(
                    request,
                    _("Created for %(conference)s: %(titles)s. Edit their texts now.")
                    % {"conference": conference, "titles": titles},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _("%(conference)s already has those pages.") % {"conference": conference},
                    messages.WARNING,
                )
            changelist = reverse("admin:content_page_changelist")
            return HttpResponseRedirect(f"{changelist}?conference__id__exact={conference.pk}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Create standard pages"),
            "form": form,
        }
        return TemplateResponse(request, "admin/content/page/standard_pages.html", context)
