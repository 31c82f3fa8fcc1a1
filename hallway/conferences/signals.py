"""Side effects of edits that no caller should have to remember.

- Renaming the slug of a session, presenter, news post or page keeps its old address
  working: a ``Redirect`` from the old path to the new one (answered with a 301 by
  ConferenceHostMiddleware).
- Changing a conference's host name drops the cached host lookup at once.
- The years of a series show each other (previous and next year, presenters' other years): a
  change to one bumps the version of the others too, and a year that leaves a series bumps the
  years it left.

Bulk ``QuerySet.update()`` calls bypass these signals by design; importers that rename
slugs that way call ``record_path_change`` themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.urls import NoReverseMatch, get_urlconf, set_urlconf

from hallway.conferences import page_cache
from hallway.conferences.versioning import bump, register_related
from hallway.core import cache_keys

OLD_PATH_ATTRIBUTE = "_hallway_old_path"
OLD_SERIES_ATTRIBUTE = "_hallway_old_series_id"


def path_in_conference(instance: Model) -> str | None:
    """The public path of ``instance`` relative to its conference's root (``/talks/x/``),
    or None when it has none (an empty or malformed slug).

    Reversed with the host-name URLconf, which mounts a conference at ``/``, so the path
    is the same whether the conference is served under ``/<slug>/`` or on its own host.
    """
    previous = get_urlconf()
    set_urlconf(settings.HALLWAY_HOST_URLCONF)
    try:
        return instance.get_absolute_url()
    except NoReverseMatch:
        return None
    finally:
        set_urlconf(previous)


def record_path_change(conference_id: int, old_path: str, new_path: str) -> None:
    """Point ``old_path`` at ``new_path`` for good.

    Redirects that led to ``old_path`` now lead straight to ``new_path`` (never a chain),
    and a redirect from ``new_path`` is dropped because that path is live again.
    """
    from hallway.conferences.models import Redirect

    if old_path == new_path:
        return
    redirects = Redirect.objects.filter(conference_id=conference_id)
    with transaction.atomic():
        redirects.filter(new_path=old_path).update(new_path=new_path)
        redirects.filter(old_path=new_path).delete()
        redirects.update_or_create(
            conference_id=conference_id, old_path=old_path, defaults={"new_path": new_path}
        )


def remember_old_path(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: note the path the row had in the database, if it moves."""
    # A note left by a save that failed must not be taken for this one's.
    instance.__dict__.pop(OLD_PATH_ATTRIBUTE, None)
    if raw or instance.pk is None:
        return
    # Only what get_absolute_url() reads: the slug, and a session's kind (its section).
    fields = [f for f in ("conference", "slug", "kind") if _has_field(sender, f)]
    old = sender._base_manager.filter(pk=instance.pk).only(*fields).first()
    if old is None or old.conference_id != instance.conference_id:
        return
    # The same conference either way: reuse the loaded one instead of a query.
    if type(instance).conference.is_cached(instance):
        old.conference = instance.conference
    old_path = path_in_conference(old)
    if old_path is not None:
        setattr(instance, OLD_PATH_ATTRIBUTE, old_path)


def _has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def redirect_old_path(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save: redirect the old path to the new one, or retire a redirect the new
    path shadows (a new item took a slug that used to redirect)."""
    from hallway.conferences.models import Redirect

    if raw:
        return
    old_path = instance.__dict__.pop(OLD_PATH_ATTRIBUTE, None)
    new_path = path_in_conference(instance)
    if new_path is None:
        return
    if old_path is not None and old_path != new_path:
        record_path_change(instance.conference_id, old_path, new_path)
    elif created:
        Redirect.objects.filter(conference_id=instance.conference_id, old_path=new_path).delete()


def forget_host(sender, instance, raw=False, **kwargs) -> None:
    """pre_save of Conference: drop cached host lookups for its old and new host names, and
    note the series it leaves (its old years must drop their link to it)."""
    instance.__dict__.pop(OLD_SERIES_ATTRIBUTE, None)
    if raw or instance.pk is None:
        hosts = {instance.host}
    else:
        old = sender._base_manager.filter(pk=instance.pk).values_list("host", "series_id").first()
        old_host, old_series_id = old or (None, None)
        hosts = {instance.host, old_host}
        if old_series_id is not None and old_series_id != instance.series_id:
            setattr(instance, OLD_SERIES_ATTRIBUTE, old_series_id)
    # The key conference_id_for_host() in hallway.conferences.middleware caches under.
    cache.delete_many([cache_keys.HOST.format(host=host) for host in hosts if host])
    page_cache.lookups.clear()


def series_siblings(conference_id: int, using: str) -> list[int]:
    """The other years of a conference's series: their pages link to it (versioning bumps
    them with it)."""
    from hallway.conferences.models import Conference

    return list(
        Conference.objects.using(using)
        .filter(series__conferences=conference_id)
        .exclude(pk=conference_id)
        .values_list("pk", flat=True)
    )


def bump_left_series(sender, instance, raw=False, **kwargs) -> None:
    """post_save of Conference: the years of the series it left stop linking to it."""
    from hallway.conferences.models import Conference

    old_series_id = instance.__dict__.pop(OLD_SERIES_ATTRIBUTE, None)
    if raw or old_series_id is None:
        return
    for pk in Conference.objects.filter(series_id=old_series_id).values_list("pk", flat=True):
        bump(pk, related=False)


def keep_old_paths(model: type[Model]) -> None:
    """Keep the old address of ``model``'s pages working when their slug changes: the seam
    through which apps above (program's sessions, people's presenters, content's posts and
    pages) register their models, from their ``AppConfig.ready()``."""
    uid = f"hallway-redirects-{model._meta.label_lower}"
    pre_save.connect(remember_old_path, sender=model, dispatch_uid=uid)
    post_save.connect(redirect_old_path, sender=model, dispatch_uid=uid)


def connect() -> None:
    from hallway.conferences.models import Conference

    pre_save.connect(forget_host, sender=Conference, dispatch_uid="hallway-forget-host")
    post_save.connect(bump_left_series, sender=Conference, dispatch_uid="hallway-left-series")
    register_related(series_siblings)
