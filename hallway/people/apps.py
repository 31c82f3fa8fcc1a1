from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def conferences_sharing_people(conference_id: int, using: str) -> list[int]:
    """The other conferences where presenters of this one spoke too: their presenter pages
    list this conference's talks (conferences.versioning bumps them with it)."""
    from hallway.conferences.models import Conference

    return list(
        Conference.objects.using(using)
        .filter(presenters__person__presenters__conference=conference_id)
        .exclude(pk=conference_id)
        .order_by()
        .distinct()
        .values_list("pk", flat=True)
    )


class PeopleConfig(AppConfig):
    name = "hallway.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from hallway.conferences.signals import keep_old_paths
        from hallway.conferences.versioning import register_related
        from hallway.people.models import Presenter

        keep_old_paths(Presenter)
        register_related(conferences_sharing_people)
