"""The pages every conference site needs, as starter texts organizers create from the admin
(Pages → "Create standard pages") and then make their own.

The starter texts are placeholders to edit: each says in brackets what to fill in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class PageTemplate:
    kind: str
    slug: str
    title: str
    body: str
    # Slugs an imported site may already use for this kind of page (then none is created).
    aliases: tuple[str, ...] = ()


PAGE_TEMPLATES = [
    PageTemplate(
        "conduct",
        "code-of-conduct",
        _("Code of conduct"),
        """Everyone who takes part in {name} (attendees, speakers, sponsors, volunteers and
organizers) agrees to this code of conduct, at the venue, at side events and online.

## Our pledge

We want {name} to be a welcoming, harassment-free experience for everyone, whatever their
gender, gender identity and expression, sexual orientation, disability, appearance, body,
race, ethnicity, age, religion or nationality.

## What is not acceptable

Harassment includes offensive comments, deliberate intimidation, stalking, unwelcome
photography or recording, sustained disruption of talks, and unwelcome physical contact or
sexual attention. Sexual language and imagery are not appropriate at any point.

## What to do

If you see or experience anything that worries you, tell a member of staff or write to
[conduct e-mail address]. Reports are confidential. Organizers may take any action they
judge right, up to removing someone from the conference without a refund.

[Phone number staffed during the conference, and how staff can be recognised.]
""",
        aliases=("conduct", "coc"),
    ),
    PageTemplate(
        "venue",
        "venue",
        _("Venue"),
        """{name} takes place at **{venue}**{address}.

## Getting there

[From the airport, the train station, by bus, by car; where to park.]

## Accessibility

[Step-free entrances, lifts, accessible toilets, quiet room, hearing loop, seating.]

## At the venue

[Registration desk, cloakroom, Wi-Fi, prayer and lactation rooms, first aid.]
""",
    ),
    PageTemplate(
        "travel",
        "travel-and-visas",
        _("Travel and visas"),
        """## Hotels

[The conference hotel, its booking link and the last day of the group rate.]

## Visas

Attendees who need a visa can ask for an invitation letter. [How to ask, and how long the
letter takes.] Apply for your visa early: appointments can take months.

## Getting around

[Public transport, walking distances, ride sharing.]
""",
        aliases=("visas", "visa", "travel"),
    ),
    PageTemplate(
        "childcare",
        "childcare",
        _("Childcare"),
        """[Whether {name} offers childcare, for which ages, on which days and at what cost.]

## Booking

[How to book a place, and the deadline.]

## Parents at the conference

[Lactation room, family-friendly events, whether children may attend talks.]
""",
    ),
    PageTemplate(
        "faq",
        "faq",
        _("FAQ"),
        """## When and where is {name}?

{dates}, at {venue}.

## How do I get a ticket?

[Ticket types, prices, discounts, refund policy.]

## Will the talks be recorded?

[Where and when the recordings will be online.]

## Who do I ask about anything else?

[Contact e-mail address.]
""",
        aliases=("faqs",),
    ),
]
BY_KIND = {template.kind: template for template in PAGE_TEMPLATES}


def existing_kinds(conference) -> set[str]:
    """The kinds of standard page the conference already has (by slug or alias)."""
    slugs = set(conference.pages.values_list("slug", flat=True))
    return {
        template.kind for template in PAGE_TEMPLATES if slugs & {template.slug, *template.aliases}
    }


def create_standard_pages(conference, kinds: list[str]) -> list:
    """Create the pages of ``kinds`` that the conference does not have yet, from their
    templates, listed in the footer; return the new pages (in template order)."""
    from hallway.content.models import Page

    have = existing_kinds(conference)
    address = f", {conference.venue_address}" if conference.venue_address else ""
    if conference.city:
        address += f", {conference.city}"
    values = {
        "name": conference.name,
        "venue": conference.venue_name or "[the venue]",
        "address": address,
        "dates": f"{conference.starts_on:%B} {conference.starts_on.day}–"
        f"{conference.ends_on:%B} {conference.ends_on.day}, {conference.ends_on.year}",
    }
    created = []
    with transaction.atomic():
        position = max(conference.pages.values_list("position", flat=True), default=0) + 1
        for template in PAGE_TEMPLATES:
            if template.kind not in kinds or template.kind in have:
                continue
            page = Page(
                conference=conference,
                title=str(template.title),
                slug=template.slug,
                body=template.body.format(**values),
                position=position,
                in_navigation=True,
            )
            page.full_clean()
            page.save()
            created.append(page)
            position += 1
    return created
