"""Merging and splitting people across conferences (the admin's actions)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from hallway.conferences.versioning import bump
from hallway.people.models import Person, Presenter


class PeopleError(ValueError):
    """A merge or split that would not make sense; the message says why."""


def merge_people(people: Iterable[Person]) -> Person:
    """Make ``people`` one person: the first created keeps its name, the others' presenters
    move to it and the others are deleted. Refused when two of them present at the same
    conference (that is two people, or a duplicate presenter to delete first)."""
    people = sorted(people, key=lambda person: person.pk)
    if len(people) < 2:
        raise PeopleError(_("Select at least two people to merge."))
    presenters = list(
        Presenter.objects.filter(person__in=people)
        .select_related("conference", "person")
        .order_by("conference__starts_on", "pk")
    )
    seen: dict[int, Presenter] = {}
    for presenter in presenters:
        other = seen.setdefault(presenter.conference_id, presenter)
        if other is not presenter:
            raise PeopleError(
                _(
                    "%(first)s and %(second)s both present at %(conference)s: merge or delete "
                    "one of these presenters first."
                )
                % {
                    "first": other.name,
                    "second": presenter.name,
                    "conference": presenter.conference.name,
                }
            )
    target, others = people[0], people[1:]
    with transaction.atomic():
        for presenter in presenters:
            if presenter.person_id != target.pk:
                presenter.person = target
                presenter.save(update_fields=["person", "updated_at"])
        Person.objects.filter(pk__in=[person.pk for person in others]).delete()
        _bump(presenter.conference_id for presenter in presenters)
    return target


def split_presenters(presenters: Iterable[Presenter]) -> list[Person]:
    """Give each of ``presenters`` a person of their own (a wrong match undone). Their other
    years stop listing them and they stop listing their other years."""
    presenters = list(presenters)
    with transaction.atomic():
        old_people = {presenter.person_id for presenter in presenters if presenter.person_id}
        affected = set(
            Presenter.objects.filter(person__in=old_people).values_list("conference_id", flat=True)
        )
        people = []
        for presenter in presenters:
            presenter.person = Person.objects.create(name=presenter.name)
            presenter.save(update_fields=["person", "updated_at"])
            people.append(presenter.person)
            affected.add(presenter.conference_id)
        # People left with no presenter at all are nobody.
        Person.objects.filter(pk__in=old_people, presenters__isnull=True).delete()
        _bump(affected)
    return people


def link_presenters(presenters: Iterable[Presenter]) -> int:
    """Match presenters that have no person yet (rows written in bulk); returns how many."""
    unlinked = [presenter for presenter in presenters if presenter.person_id is None]
    if not unlinked:
        return 0
    with transaction.atomic():
        for presenter in unlinked:
            presenter.save(update_fields=["person"])
    return len(unlinked)


def _bump(conference_ids: Iterable[int]) -> None:
    # Every year these people presented at lists their other years on its presenter pages.
    for conference_id in sorted(set(conference_ids)):
        bump(conference_id)
