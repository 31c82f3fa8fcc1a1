"""Bump a conference's ``version`` whenever anything of that conference changes.

The version is the key of every cached page of the conference (see
:mod:`hallway.conferences.page_cache`), so bumping it is the whole of cache invalidation. The
receivers are generic: any model of a Hallway app with a foreign key to Conference, or to a model
that has one (SessionPresenter → Session), is covered without registering it, so new models are
covered too.

Attendees' own data (the companion app) is private and never shown on cached pages: a star must
not throw away the cache of the whole conference in the middle of the schedule rush.

Inside a transaction (an import, an admin save with inlines) the conference is bumped once, at
the first change, and its cached version dropped again when the transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from hallway.conferences.page_cache import forget_version

# Apps whose changes do not show on public pages; feature apps with private data (visa
# requests, grant applications) add themselves from their AppConfig.ready() with private_app().
EXCLUDED_APPS = {"companion", "proposals"}

Resolver = Callable[[models.Model], int | None]
_resolvers: dict[type[models.Model], Resolver | None] = {}


def _conference_model():
    from hallway.conferences.models import Conference

    return Conference


def _direct_fk(model: type[models.Model]) -> models.ForeignKey | None:
    conference = _conference_model()
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is conference:
            return field
    return None


def _build_resolver(model: type[models.Model]) -> Resolver | None:
    """How to find the conference id of an instance of ``model``, or None if it has none."""
    conference = _conference_model()
    if model._meta.proxy:
        model = model._meta.concrete_model
    if model is conference:
        return lambda instance: instance.pk
    if not model.__module__.startswith("hallway.") or model._meta.app_label in EXCLUDED_APPS:
        return None
    direct = _direct_fk(model)
    if direct is not None:
        return lambda instance: getattr(instance, direct.attname)
    # One hop: a model that hangs off a model of the conference (SessionPresenter → Session).
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        parent_fk = _direct_fk(field.related_model)
        if parent_fk is None:
            continue

        def resolve(instance, field=field, parent_fk=parent_fk):
            if field.is_cached(instance):
                parent = getattr(instance, field.name)
                return getattr(parent, parent_fk.attname) if parent is not None else None
            parent_id = getattr(instance, field.attname)
            if parent_id is None:
                return None
            return (
                field.related_model._base_manager.filter(pk=parent_id)
                .values_list(parent_fk.attname, flat=True)
                .first()
            )

        return resolve
    return None


def private_app(app_label: str) -> None:
    """Changes to this app's models never bump the conference: they show on no public page."""
    EXCLUDED_APPS.add(app_label)
    _resolvers.clear()


def conference_id_of(instance: models.Model) -> int | None:
    """The id of the conference ``instance`` belongs to, or None when it belongs to none."""
    model = type(instance)
    if model not in _resolvers:
        _resolvers[model] = _build_resolver(model)
    resolver = _resolvers[model]
    return resolver(instance) if resolver is not None else None


class _PendingBumps:
    """Conferences already bumped in the current transaction; forgotten again on commit."""

    def __init__(self, using: str, scope: object):
        self.using = using
        self.scope = scope
        self.conference_ids: dict[int, str | None] = {}

    def __call__(self) -> None:
        connection = connections[self.using]
        if getattr(connection, "_hallway_pending_bumps", None) is self:
            connection._hallway_pending_bumps = None
        for conference_id, slug in self.conference_ids.items():
            forget_version(conference_id, slug)


def _transaction_scope(connection) -> object | None:
    """An identity for the outermost real transaction, or None outside of one.

    Atomic blocks opened by Django's TestCase (pytest-django's ``db``) are ignored: a test that
    changes a conference twice around page requests must see two bumps.
    """
    for index, block in enumerate(connection.atomic_blocks):
        if getattr(block, "_from_testcase", False):
            continue
        if index == 0:
            return "outermost"
        # A savepoint inside a test's transaction: its id is unique to this atomic block.
        return connection.savepoint_ids[index - 1]
    return None


def _registered(connection, callback) -> bool:
    return any(entry[1] is callback for entry in connection.run_on_commit)


def bump(conference_id: int, *, using: str = "default") -> None:
    """Give a conference a new version now; inside a transaction, only once per transaction."""
    connection = connections[using]
    scope = _transaction_scope(connection)
    if scope is not None:
        pending = getattr(connection, "_hallway_pending_bumps", None)
        if pending is None or pending.scope != scope or not _registered(connection, pending):
            # (After a rollback the old callback is gone, and so must be what it remembered.)
            pending = _PendingBumps(using, scope)
            connection._hallway_pending_bumps = pending
            transaction.on_commit(pending, using=using)
        if conference_id in pending.conference_ids:
            return
    slug = _increment(conference_id, using)
    if scope is not None:
        pending.conference_ids[conference_id] = slug
    forget_version(conference_id, slug)


def _increment(conference_id: int, using: str) -> str | None:
    """``version = version + 1`` in one statement, returning the slug (whose cache key goes too)."""
    conference = _conference_model()
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(conference._meta.db_table)} SET {quote('version')} = "
            f"{quote('version')} + 1 WHERE {quote('id')} = %s RETURNING {quote('slug')}",
            [conference_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _changed(sender, instance, using, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    if kwargs.get("created") and sender is _conference_model():
        return  # a new conference has no cached pages yet
    conference_id = conference_id_of(instance)
    if conference_id:
        bump(conference_id, using=using)


def _m2m_changed(sender, instance, action, using, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _changed(type(instance), instance, using)


def connect() -> None:
    """Connect the receivers (from CoreConfig.ready)."""
    post_save.connect(_changed, dispatch_uid="hallway-bump-on-save")
    post_delete.connect(_changed, dispatch_uid="hallway-bump-on-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="hallway-bump-on-m2m")
