"""The load test's users (`make loadtest`, loadtest/locustfile.py) kept working on small data: Locust runs each
role's every task once against the test server, on the demo data, with no error. Timing is the benchmark's job
(docs/performance.md), not this test's."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from loadtest.prepare import prepare

pytestmark = [pytest.mark.postgres]  # the load test's own database; one pass of CI is enough
LOCUSTFILE = Path(__file__).resolve().parent.parent / "loadtest" / "locustfile.py"

ROLES = {
    "Assistant": ["My desk", "customer list, search", "global search", "price answer", "POST new quote", "quote",
                  "POST quote line", "POST send quote", "POST new order", "order", "POST order line",
                  "POST confirm order", "quote list", "order list"],
    "Accounting": ["receivables", "invoice list", "invoice list, deep page", "bank", "POST bank import"],
    "Manager": ["dashboard", "My desk"],
}  # fmt: skip


def _locust(role: str, host: str, data: Path) -> dict[str, tuple[int, int]]:
    """Run one user of `role` through every task once; {request name: (requests, failures)}, from every request the
    locustfile records (LOADTEST_TIMINGS)."""
    locust = Path(sys.executable).with_name("locust")
    timings = data / f"{role}-timings.json"
    env = {**os.environ, "LOADTEST_DATA": str(data), "LOADTEST_SMOKE": "1", "LOADTEST_TIMINGS": str(timings)}
    run = subprocess.run(
        [str(locust), "-f", str(LOCUSTFILE), "--headless", "--host", host, "--users", "1", "--spawn-rate",
         "1", "--run-time", "120s", "--only-summary", role],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    counts: dict[str, tuple[int, int]] = {}
    for _type, name, _milliseconds, ok in json.loads(timings.read_text()):
        requests, failures = counts.get(name, (0, 0))
        counts[name] = (requests + 1, failures + (not ok))
    return counts


def test_every_role_of_the_load_test_runs_its_tasks_without_error(
    transactional_db, vat_defaults, reminder_defaults, complaint_defaults, live_server, tmp_path
):
    call_command("seed_demo", verbosity=0)
    prepare(tmp_path, statements=2)

    for role, pages in ROLES.items():
        stats = _locust(role, live_server.url, tmp_path)
        assert {name: counts for name, counts in stats.items() if counts[1]} == {}, role  # no failure at all
        assert set(pages) <= {name for name, (requests, _failures) in stats.items() if requests}, role
