"""The retry wrapper, with the real database backend and worker."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from hallway.core.tasks import enqueue_once, retried, retry_delay

pytestmark = pytest.mark.django_db


@task()
@retried(attempts=3, first_delay=10, retry_on=(ConnectionError,))
def flaky(key: str, failures: int) -> str:
    """Fails ``failures`` times (counted in the cache), then succeeds."""
    runs = cache.get_or_set(f"flaky:{key}", 0) + 1
    cache.set(f"flaky:{key}", runs)
    if runs <= failures:
        raise ConnectionError(f"run {runs} failed")
    return f"done after {runs} runs"


@task()
@retried(attempts=3, retry_on=(ConnectionError,))
def broken(key: str) -> None:
    raise ValueError(f"{key} is not worth retrying")


def make_due() -> None:
    """Pretend the backoff has passed."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def statuses() -> list[tuple[str, dict]]:
    return [
        (r.status, r.args_kwargs["kwargs"]) for r in DBTaskResult.objects.order_by("enqueued_at")
    ]


def test_retry_delay_doubles():
    assert [retry_delay(n, 30).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]


def test_failed_run_is_retried_later_then_succeeds(run_tasks):
    flaky.enqueue("a", 1)

    before = timezone.now()
    run_tasks()

    retry = DBTaskResult.objects.get(status="READY")
    assert statuses() == [("FAILED", {}), ("READY", {"attempt": 2})]
    assert (
        before + dt.timedelta(seconds=10)
        <= retry.run_after
        <= timezone.now() + dt.timedelta(seconds=10)
    )
    run_tasks()  # not due yet: nothing runs
    assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"

    make_due()
    run_tasks()

    assert DBTaskResult.objects.get(pk=retry.pk).status == "SUCCESSFUL"
    assert DBTaskResult.objects.get(pk=retry.pk).return_value == "done after 2 runs"


def test_retries_stop_after_the_last_attempt(run_tasks):
    flaky.enqueue("b", 10)

    for _ in range(4):
        run_tasks()
        make_due()

    assert statuses() == [
        ("FAILED", {}),
        ("FAILED", {"attempt": 2}),
        ("FAILED", {"attempt": 3}),
    ]


def test_errors_not_worth_retrying_are_not_retried(run_tasks):
    broken.enqueue("c")

    run_tasks()

    assert statuses() == [("FAILED", {})]


def test_enqueue_once_queues_one_task_per_key_across_requests():
    assert enqueue_once("thumbs:a", flaky, "d", 0) is True
    assert enqueue_once("thumbs:a", flaky, "d", 0) is False
    assert enqueue_once("thumbs:b", flaky, "e", 0) is True

    assert DBTaskResult.objects.count() == 2
