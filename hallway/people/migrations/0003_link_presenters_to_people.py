"""Link the presenters that exist to people, as saving a new presenter does: the same
normalised name, else the same slug, at another conference; oldest conferences first."""

import re
import unicodedata

from django.db import migrations


def name_key(name: str) -> str:
    # A copy of hallway.people.models.name_key as it was when this migration was written.
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def link(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    Presenter = apps.get_model("people", "Presenter")
    by_name: dict[str, list] = {}
    by_slug: dict[str, list] = {}
    # Each person's conferences: a person presents once per conference.
    conferences: dict[int, set[int]] = {}
    presenters = Presenter.objects.filter(person__isnull=True).order_by(
        "conference__starts_on", "conference_id", "pk"
    )
    for presenter in presenters.iterator():
        key = name_key(presenter.name)
        candidates = by_name.get(key, []) + by_slug.get(presenter.slug, [])
        person = next(
            (p for p in candidates if presenter.conference_id not in conferences[p.pk]), None
        )
        if person is None:
            person = Person.objects.create(name=presenter.name, name_key=key)
            conferences[person.pk] = set()
            by_name.setdefault(key, []).append(person)
            by_slug.setdefault(presenter.slug, []).append(person)
        conferences[person.pk].add(presenter.conference_id)
        presenter.person = person
        presenter.save(update_fields=["person"])


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_person"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
