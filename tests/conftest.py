import os

import pytest

from orderdesk.permissions import ACCOUNTING, ASSISTANT, MANAGER
from tests.factories import UserFactory

# Playwright runs its own event loop in the test thread; Django must accept sync ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "secret-pass-123"


def pytest_configure(config):
    """ORDERDESK_TEST_TODAY=2028-02-29 runs the suite as if it were that day (10:00 in Brussels, the clock
    ticking): CI does so to prove no test depends on the day it runs. Tests that pin their own day still can."""
    today = os.environ.get("ORDERDESK_TEST_TODAY")
    if today:
        import datetime
        import zoneinfo

        import time_machine

        day = datetime.date.fromisoformat(today)
        moment = datetime.datetime.combine(day, datetime.time(10), zoneinfo.ZoneInfo("Europe/Brussels"))
        config._orderdesk_clock = time_machine.travel(moment, tick=True)
        config._orderdesk_clock.start()


def pytest_report_header(config):
    if os.environ.get("ORDERDESK_TEST_TODAY"):
        return f"clock moved to {os.environ['ORDERDESK_TEST_TODAY']}"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    with_broker = bool(os.environ.get("CELERY_BROKER_URL", "").startswith("redis"))
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://...)"))
        if "worker" in item.keywords and not (with_broker and on_postgres):
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL and a Redis broker (CELERY_BROKER_URL=redis://...)")
            )


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def assistant(db):
    return UserFactory(username="an.assistant", first_name="An", role=ASSISTANT)


@pytest.fixture
def manager(db):
    return UserFactory(username="marc.manager", first_name="Marc", role=MANAGER)


@pytest.fixture
def accountant(db):
    return UserFactory(username="els.accounting", first_name="Els", role=ACCOUNTING)


@pytest.fixture
def assistant_client(client, assistant):
    client.force_login(assistant)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium instead of a downloaded browser, kept off the network."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def _data_migration(module: str, function: str) -> None:
    """Write again what a data migration wrote: a transactional test's flush removed it."""
    import importlib

    from django.apps import apps

    getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def reminder_defaults(db):
    """The reminder ladder and the interest rates."""
    _data_migration("sales.migrations.0008_collection_defaults", "create_defaults")


@pytest.fixture
def complaint_defaults(db):
    """The root causes of complaints."""
    _data_migration("complaints.migrations.0002_root_causes", "create")


@pytest.fixture
def vat_defaults(db):
    """The Belgian VAT categories and their rates."""
    _data_migration("sales.migrations.0002_belgian_vat_rates", "add_rates")
