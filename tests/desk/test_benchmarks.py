"""The benchmark commands still run (on tiny sizes): they measure, print, and leave nothing behind."""

from io import StringIO

import pytest
from django.core.management import call_command

from orderdesk.demo import seed_company
from sales.models import Invoice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_benchmark_receivables_measures_and_rolls_back():
    seed_company()
    out = StringIO()
    call_command("benchmark_receivables", customers=3, invoices=2, repeat=1, stdout=out)
    assert "6 open invoices for 3 customers" in out.getvalue() and "receivables page" in out.getvalue()
    assert "(all benchmark data rolled back)" in out.getvalue() and not Invoice.objects.exists()


def test_benchmark_dashboard_times_the_dashboard_and_my_desk():
    seed_company()
    UserFactory(username="manager", role="Manager")
    UserFactory(username="assistant", role="Assistant")
    out = StringIO()
    call_command("benchmark_dashboard", repeat=1, stdout=out)
    assert "dashboard, this year" in out.getvalue() and "My desk (assistant)" in out.getvalue()
