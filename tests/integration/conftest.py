"""Real Celery workers for the integration tests: started on the test database, queue and media folder."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from orderdesk.celery import app as celery_app
from orderdesk.models import OutboxMessage

LEASE_SECONDS = 5


def wait_for(predicate, *, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout:.0f}s waiting for {what}")


class Mailroom:
    """Where the worker writes the mails it sends, and the switches the slow backend reads."""

    def __init__(self, root: Path):
        self.root = root
        self.outbox = root / "sent"
        self.outbox.mkdir(parents=True)

    def deliveries(self, message: OutboxMessage) -> int:
        header = f"Message-ID: {message.message_id}"
        return sum(path.read_text().count(header) for path in self.outbox.iterdir())

    def hang_next_send(self) -> None:
        (self.root / "hang-once").touch()

    def send_started(self) -> bool:
        return (self.root / "send-started").exists()


@pytest.fixture
def mailroom(tmp_path):
    return Mailroom(tmp_path / "mailroom")


@pytest.fixture
def start_worker(mailroom, settings):
    """Start real `celery worker` processes on this test's database, queue and media folder."""
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "orderdesk.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "tests.integration.slow_email_backend.EmailBackend",
        "EMAIL_FILE_PATH": str(mailroom.outbox),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "OUTBOX_SENDING_LEASE": str(LEASE_SECONDS),
    }
    settings.OUTBOX_SENDING_LEASE = LEASE_SECONDS
    workers = []

    def start(concurrency: int = 2) -> subprocess.Popen:
        # A node name per worker: parallel test processes share the broker's control channel.
        nodename = f"{queue}-{len(workers)}@localhost"
        log = open(mailroom.root / f"worker-{len(workers)}.log", "wb")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "orderdesk",
                "worker",
                "-Q",
                queue,
                "-c",
                str(concurrency),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                nodename,
                "-l",
                "info",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill takes the pool children too
        )
        workers.append((process, log))
        wait_for(lambda: _is_ready(celery_app, nodename, process), timeout=60, what="the Celery worker to start")
        process.nodename = nodename
        return process

    yield start

    for process, log in workers:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
    celery_app.control.purge()
    celery_app.conf.task_always_eager = True


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _is_ready(app, nodename: str, process: subprocess.Popen) -> bool:
    if process.poll() is not None:
        raise AssertionError(f"The Celery worker exited with {process.returncode}")
    return bool(app.control.inspect(destination=[nodename], timeout=1).active_queues())
