"""Many people clicking at the same moment: each in its own thread with its own database
connection, released together by a barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from django.db import connection, connections


def at_once(action: Callable, arguments: Iterable[tuple]) -> list:
    """Run ``action(*args)`` for each of ``arguments`` in parallel threads; return what each
    returned, or the exception it raised, in the order of ``arguments``."""
    arguments = list(arguments)
    barrier = threading.Barrier(len(arguments))
    results: list = [None] * len(arguments)

    def run(index: int, args: tuple) -> None:
        try:
            connection.ensure_connection()  # connect before the race, not during it
            barrier.wait(timeout=60)
            results[index] = action(*args)
        except Exception as error:  # noqa: BLE001 (the caller inspects every outcome)
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, args)) for index, args in enumerate(arguments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
