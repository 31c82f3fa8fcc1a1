"""Sign-in links for presenters, their edits (logged), and organizers' reverts."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import formataddr

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hallway.conferences.urls_helpers import conference_reverse
from hallway.core.mail import enqueue_on_commit, send_email
from hallway.people.models import Presenter
from hallway.people.photos import make_thumbnails_on_commit
from hallway.program.models import Session
from hallway.program.signals import publish_session_media_on_commit
from hallway.speakers.models import ProfileEdit, SessionLink, SpeakerAccess, new_key

SIGNER_SALT = "hallway.speakers.sign-in"
# The conference ids the signed-in user is a presenter of (for the "My speaker pages" link).
SESSION_KEY = "hallway_speaker_conferences"
PRESENTER_FIELDS = [
    "bio",
    "pronouns",
    "photo",
    "website",
    "bluesky",
    "mastodon",
    "github",
    "linkedin",
    "instagram",
    "twitter",
]
SESSION_FIELDS = ["slides_url", "links"]


def link_max_age() -> dt.timedelta:
    return dt.timedelta(days=settings.HALLWAY_SPEAKER_LINK_DAYS)


# Sign-in links -----------------------------------------------------------------------------


def make_token(access: SpeakerAccess) -> str:
    return signing.TimestampSigner(salt=SIGNER_SALT).sign_object(
        {"a": access.pk, "k": access.key}, compress=True
    )


def read_token(token: str) -> SpeakerAccess | None:
    """The access a sign-in token is for, or None when it is forged, expired or replaced by a
    newer link."""
    try:
        data = signing.TimestampSigner(salt=SIGNER_SALT).unsign_object(
            token, max_age=link_max_age()
        )
    except (signing.BadSignature, ValueError):
        return None
    access = (
        SpeakerAccess.objects.select_related("presenter__conference", "user")
        .filter(pk=data.get("a"))
        .first()
    )
    if access is None or not secrets_equal(access.key, str(data.get("k", ""))):
        return None
    return access


def secrets_equal(a: str, b: str) -> bool:
    from django.utils.crypto import constant_time_compare

    return constant_time_compare(a, b)


def send_sign_in_link(access: SpeakerAccess, *, base_url: str) -> None:
    """E-mail a new sign-in link to ``access.email`` (through the task queue, after commit).
    Earlier links stop working. ``base_url`` is ``https://host`` of the site."""
    presenter = access.presenter
    conference = presenter.conference
    with transaction.atomic():
        access.key = new_key()
        access.sent_at = timezone.now()
        access.save(update_fields=["key", "sent_at"])
        url = base_url.rstrip("/") + conference_reverse(
            conference, "speakers:sign-in", token=make_token(access)
        )
        context = {
            "conference": conference,
            "presenter": presenter,
            "url": url,
            "days": link_max_age().days,
            "site_url": base_url.rstrip("/") + conference.get_absolute_url(),
        }
        # Sent from the admin: in the conference's language, not the organizer's.
        with translation.override(conference.language):
            kwargs = {
                "subject": _("%(conference)s: edit your speaker page") % {"conference": conference},
                "text": render_to_string("speakers/email/sign_in.txt", context),
                "html": render_to_string("speakers/email/sign_in.html", context),
                "to": [access.email],
                "from_email": formataddr((conference.name, settings.DEFAULT_FROM_EMAIL)),
            }
        enqueue_on_commit(send_email, **kwargs)


class SignInRefused(Exception):
    """The link is good, but it may not sign this visitor in; the message says why."""


def sign_in_speaker(request, access: SpeakerAccess):
    """Sign the visitor in as the presenter of ``access`` (linking an account on first use) and
    end the link. Staff accounts are never signed in by a link: they use their password."""
    User = get_user_model()  # noqa: N806 (a class)
    current = request.user if request.user.is_authenticated else None
    with transaction.atomic():
        user = access.user
        if user is None:
            user = current or (
                User.objects.filter(email__iexact=access.email, is_active=True)
                .order_by("pk")
                .first()
            )
        if user is None:
            user = _new_speaker_account(access.email, access.presenter.name)
        if user != current and (user.is_staff or user.is_superuser):
            raise SignInRefused(
                _(
                    "This link belongs to a staff account: sign in with its password first, "
                    "then open the link again."
                )
            )
        if not user.is_active:
            raise SignInRefused(_("This account is switched off."))
        access.user = user
        access.used_at = timezone.now()
        access.key = new_key()  # one use
        access.save(update_fields=["user", "used_at", "key"])
    if user != current:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    conferences = set(request.session.get(SESSION_KEY, ()))
    conferences.add(access.presenter.conference_id)
    request.session[SESSION_KEY] = sorted(conferences)
    return user


def _new_speaker_account(email: str, name: str):
    from allauth.account.models import EmailAddress

    User = get_user_model()  # noqa: N806 (a class)
    base = slugify(email.split("@")[0])[:120] or slugify(name)[:120] or "speaker"
    username, number = base, 1
    while User.objects.filter(username=username).exists():
        number += 1
        username = f"{base}-{number}"
    user = User.objects.create_user(username=username, email=email)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    # The address received the link: it is verified.
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


# What a speaker may edit -------------------------------------------------------------------


def presenters_of(user, conference):
    """The presenters of ``conference`` whose pages ``user`` may edit."""
    if not user.is_authenticated:
        return Presenter.objects.none()
    return conference.presenters.filter(speaker_access__user=user)


def sessions_of(user, conference):
    """The sessions of ``conference`` that ``user`` presents (and may add material to)."""
    if not user.is_authenticated:
        return Session.objects.none()
    return conference.sessions.filter(
        pk__in=Session.objects.filter(
            conference=conference, presenters__speaker_access__user=user
        ).values("pk")
    )


# Values of fields, as the change log keeps them --------------------------------------------

LINK_LINE = re.compile(r"^(?P<title>.+?)\s*\|\s*(?P<url>\S+)$")


def links_text(session: Session) -> str:
    """The session's extra links, one ``Title | URL`` per line."""
    return "\n".join(
        f"{link.title} | {link.url}" for link in SessionLink.objects.for_session(session)
    )


def parse_links(text: str) -> list[tuple[str, str]]:
    """``Title | URL`` lines to (title, URL) pairs; ValidationError naming the line."""
    links, validate = [], URLValidator(schemes=["http", "https"])
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = LINK_LINE.match(line.strip())
        if match is None:
            raise ValidationError(
                _("Line %(line)d: write a title, a “|” and the address.") % {"line": number}
            )
        title, url = match["title"].strip(), match["url"].strip()
        try:
            validate(url)
        except ValidationError:
            raise ValidationError(
                _("Line %(line)d: “%(url)s” is not a web address (https://…).")
                % {"line": number, "url": url}
            ) from None
        if len(title) > 200:
            raise ValidationError(
                _("Line %(line)d: the title is longer than 200 characters.") % {"line": number}
            )
        links.append((title, url))
    return links


def field_value(target, field: str) -> str:
    if field == "links":
        return links_text(target)
    value = getattr(target, field)
    if field == "photo":
        return value.name or ""
    return value or ""


def _set_value(target, field: str, value: str) -> None:
    if field == "links":
        _replace_links(target, parse_links(value))
    else:
        setattr(target, field, value)


def _replace_links(session: Session, links: list[tuple[str, str]]) -> list[SessionLink]:
    SessionLink.objects.filter(session=session).delete()
    return [
        SessionLink.objects.create(session=session, title=title, url=url, position=position)
        for position, (title, url) in enumerate(links)
    ]


# Edits and reverts -------------------------------------------------------------------------


def save_presenter_edits(presenter: Presenter, changes: dict[str, str], *, user) -> list:
    """Apply ``changes`` (field → new value; for ``photo``, the stored file's name) to the
    presenter's page and log each changed field. The page shows them at once (the save bumps
    the conference's version)."""
    return _save_edits(presenter, changes, user=user)


def save_session_edits(session: Session, changes: dict[str, str], *, user) -> list:
    """Apply ``changes`` to ``slides_url`` and ``links`` (``Title | URL`` lines) of the
    session, log them, and announce new slides and links (``session_media_published``)."""
    return _save_edits(session, changes, user=user)


def _save_edits(target, changes: dict[str, str], *, user) -> list[ProfileEdit]:
    allowed = PRESENTER_FIELDS if isinstance(target, Presenter) else SESSION_FIELDS
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable by speakers: {', '.join(sorted(unknown))}")
    edits = []
    with transaction.atomic():
        for field, new in changes.items():
            old = field_value(target, field)
            new = new or ""
            if old == new:
                continue
            _set_value(target, field, new)
            edits.append(_log(target, field, old, new, user))
            _announce(target, field, old, new)
        if any(edit.field != "links" for edit in edits):
            target.save()
        if any(edit.field == "photo" for edit in edits) and target.photo:
            make_thumbnails_on_commit(target.photo.name, target.conference.slug, "presenters")
    return edits


def _log(target, field: str, old: str, new: str, user) -> ProfileEdit:
    is_presenter = isinstance(target, Presenter)
    return ProfileEdit.objects.create(
        conference_id=target.conference_id,
        presenter=target if is_presenter else None,
        session=None if is_presenter else target,
        editor=user,
        field=field,
        old_value=old,
        new_value=new,
    )


def _announce(target, field: str, old: str, new: str) -> None:
    if field == "slides_url" and new:
        publish_session_media_on_commit(
            Session, session=target, kind="slides", url=new, title=_("Slides")
        )
    elif field == "links":
        before = set(parse_links(old))
        for title, url in parse_links(new):
            if (title, url) not in before:
                publish_session_media_on_commit(
                    SessionLink, session=target, kind="link", url=url, title=title
                )


def revert_edit(edit: ProfileEdit, *, user) -> ProfileEdit:
    """Put the field back as it was before ``edit`` and log that as a new edit by ``user``.
    Refused (ValidationError) when the edit was reverted already or the field changed again
    since: revert the later edit first."""
    with transaction.atomic():
        edit = ProfileEdit.objects.select_for_update().get(pk=edit.pk)
        target = edit.target
        label = _field_label(target, edit.field)
        if edit.reverted_at is not None:
            raise ValidationError(
                _("The edit of “%(field)s” of %(target)s is reverted already.")
                % {"field": label, "target": target}
            )
        if field_value(target, edit.field) != edit.new_value:
            raise ValidationError(
                _(
                    "“%(field)s” of %(target)s changed again after this edit: revert the "
                    "later edit first."
                )
                % {"field": label, "target": target}
            )
        _set_value(target, edit.field, edit.old_value)
        if edit.field != "links":
            target.save()
        _log(target, edit.field, edit.new_value, edit.old_value, user)
        edit.reverted_at = timezone.now()
        edit.reverted_by = user
        edit.save(update_fields=["reverted_at", "reverted_by"])
    return edit


def _field_label(target, field: str) -> str:
    if field == "links":
        return _("links")
    return str(target._meta.get_field(field).verbose_name)
