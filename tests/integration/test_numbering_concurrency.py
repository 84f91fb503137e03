"""Gapless numbering under real contention: PostgreSQL row locks, eight threads, some rollbacks."""

import threading

import pytest
from django.db import connection, transaction

from orderdesk.numbering import number_next

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
NUMBERS_PER_THREAD = 100


class Rollback(Exception):
    pass


def test_eight_threads_get_800_contiguous_numbers_and_rolled_back_numbers_are_reused():
    committed: list[int] = []
    rolled_back: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def issue(thread_index: int) -> None:
        try:
            start.wait()
            attempt = 0
            taken = 0
            while taken < NUMBERS_PER_THREAD:
                attempt += 1
                # Every seventh attempt the "document" fails after taking its number.
                fails = (attempt + thread_index) % 7 == 0
                try:
                    with transaction.atomic():
                        value = number_next(series="invoice", year=2026)
                        if fails:
                            with lock:
                                rolled_back.append(value)
                            raise Rollback
                except Rollback:
                    continue
                with lock:
                    committed.append(value)
                taken += 1
        except BaseException as error:  # surfaced in the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(index,)) for index in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(committed) == list(range(1, THREADS * NUMBERS_PER_THREAD + 1))
    assert len(rolled_back) > 50
    # Every number a failed document held was handed out again and committed.
    assert set(rolled_back) <= set(committed)
    with transaction.atomic():
        assert number_next(series="invoice", year=2026) == THREADS * NUMBERS_PER_THREAD + 1
