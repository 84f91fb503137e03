"""What the benchmark commands share: timing an action (best and median of a few runs) with its query count."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


class Rollback(Exception):
    """Raised at the end of a benchmark's transaction so the generated data goes away."""


def measure(label: str, repeat: int, action, *, width: int = 42) -> str:
    timings, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            timings.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    best, median = min(timings), sorted(timings)[len(timings) // 2]
    return f"{label:<{width}} best {best * 1000:8.1f} ms  median {median * 1000:8.1f} ms  {queries:5d} queries"
