"""Helpers for background work through Django's tasks API (django-tasks).

Tasks are module-level functions decorated with ``@task()`` in their app's ``tasks.py``; the
worker (``manage.py db_worker``, or ``rqworker`` with the RQ backend) runs them. Two rules keep
them safe to run on any server, any number of times:

- **Retried**: ``@retried()`` under ``@task()`` re-enqueues a failed run, later each time
  (exponential backoff), until ``attempts`` runs have failed; the failure is still recorded on
  each run's result so the worker's log shows it.
- **Idempotent**: a task computes its result from what is stored and writes it whole; running
  it twice (a retry after a crash half-way, two servers queueing the same work) yields the same
  files and rows. Each task's tests check this.

Enqueue from a request with ``enqueue_on_commit``: a task queued inside a transaction that
rolls back must never run (the RQ backend would run it at once, outside the transaction).
"""

from __future__ import annotations

import functools
import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from collections.abc import Callable

    from django_tasks import Task

logger = logging.getLogger(__name__)

ATTEMPTS = 5
FIRST_DELAY_SECONDS = 30


def retry_delay(attempt: int, first: int = FIRST_DELAY_SECONDS) -> timedelta:
    """How long to wait before the run after failed run number ``attempt`` (1, 2, ...)."""
    return timedelta(seconds=first * 2 ** (attempt - 1))


def retried(
    *,
    attempts: int = ATTEMPTS,
    first_delay: int = FIRST_DELAY_SECONDS,
    retry_on: tuple[type[BaseException], ...] = (Exception,),
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Re-enqueue the task when a run raises one of ``retry_on``, up to ``attempts`` runs.

    Use it under ``@task()``. The task receives no extra argument: the run number travels in a
    keyword (``attempt``) that this wrapper takes off before calling the function.
    """

    def decorator(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, attempt: int = 1, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except retry_on:
                if attempt >= attempts:
                    logger.exception(
                        "Task %s failed %d times; giving up.", function.__qualname__, attempt
                    )
                    raise
                # The Task object is what the module exports under the function's name.
                this_task: Task = import_string(f"{function.__module__}.{function.__qualname__}")
                run_after = timezone.now() + retry_delay(attempt, first_delay)
                this_task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
                logger.warning(
                    "Task %s failed (run %d of %d); retrying after %s.",
                    function.__qualname__,
                    attempt,
                    attempts,
                    run_after.isoformat(),
                    exc_info=True,
                )
                raise

        return wrapper

    return decorator


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def enqueue_once(key: str, task: Task, *args: Any, seconds: int = 300, **kwargs: Any) -> bool:
    """Enqueue ``task`` unless the same ``key`` was queued in the last ``seconds``.

    For work that requests discover (a thumbnail missing while 3,000 people open the page): the
    first request queues it, the others only fall back. The mark lives in the shared cache, so
    it holds across app servers. Returns whether this call queued the task.
    """
    if not cache.add(f"hallway:task-queued:{key}", 1, seconds):
        return False
    task.enqueue(*args, **kwargs)
    return True
