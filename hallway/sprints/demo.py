from django.contrib.auth import get_user_model
from django.db import transaction

from hallway.conferences.models import Feature
from hallway.sprints.apps import FEATURE
from hallway.sprints.models import SprintProject, SprintSignup

PROJECTS = [
    (
        "Django",
        "https://github.com/django/django",
        "Triage tickets and review pull requests with Django Fellows; set up with the "
        "contributing guide before you come.",
        SprintProject.Level.ANY,
        "Sarah Boyce",
        3,
    ),
    (
        "django-htmx",
        "https://github.com/adamchainz/django-htmx",
        "Write examples for the docs and test against Django's new template partials.",
        SprintProject.Level.BEGINNER,
        "Adam Johnson",
        2,
    ),
    (
        "Wagtail",
        "https://github.com/wagtail/wagtail",
        "Accessibility checks in the editor: pick an issue labelled *good first issue*.",
        SprintProject.Level.INTERMEDIATE,
        "Thibaud Colas",
        1,
    ),
]


def create_demo_sprints(conference, stdout=None) -> None:
    """Switch sprints on; three projects with sign-ups from demo sprinters (idempotent)."""
    User = get_user_model()  # noqa: N806 (a class)
    with transaction.atomic():
        Feature.objects.update_or_create(
            conference=conference, key=FEATURE, defaults={"is_enabled": True}
        )
        for name, repository, description, level, maintainer, signups in PROJECTS:
            project, _ = SprintProject.objects.update_or_create(
                conference=conference,
                name=name,
                defaults={
                    "repository_url": repository,
                    "description": description,
                    "skill_level": level,
                    "maintainer_name": maintainer,
                },
            )
            for n in range(1, signups + 1):
                user, _ = User.objects.get_or_create(
                    username=f"sprinter{n}", defaults={"email": f"sprinter{n}@example.com"}
                )
                SprintSignup.objects.get_or_create(project=project, user=user)
    if stdout is not None:
        stdout.write(f"Sprints: {len(PROJECTS)} projects at /sprints/")
