import pytest
from django.db import transaction

from orderdesk.models import SequenceCounter
from orderdesk.numbering import document_number_next, number_next

pytestmark = pytest.mark.django_db


def test_numbers_follow_each_other_per_series_and_year():
    with transaction.atomic():
        assert document_number_next(series="invoice", year=2026) == "F2026-000001"
        assert document_number_next(series="invoice", year=2026) == "F2026-000002"
        assert document_number_next(series="credit_note", year=2026) == "C2026-000001"
        assert document_number_next(series="invoice", year=2027) == "F2027-000001"


def test_a_rolled_back_number_is_given_again_never_skipped():
    with transaction.atomic():
        assert number_next(series="invoice", year=2026) == 1

    class IssueFailed(Exception):
        pass

    with pytest.raises(IssueFailed), transaction.atomic():
        assert number_next(series="invoice", year=2026) == 2
        raise IssueFailed

    with transaction.atomic():
        assert number_next(series="invoice", year=2026) == 2
    assert SequenceCounter.objects.get(series="invoice", year=2026).last_value == 2


@pytest.mark.django_db(transaction=True)
def test_numbers_are_only_taken_inside_the_issuing_transaction():
    # Outside a transaction the number would be committed on its own and lost if the issue failed.
    with pytest.raises(RuntimeError):
        number_next(series="invoice", year=2026)
    assert not SequenceCounter.objects.filter(last_value__gt=0).exists()


def test_unknown_series_is_refused():
    with pytest.raises(ValueError), transaction.atomic():
        number_next(series="nonsense", year=2026)
