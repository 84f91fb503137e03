"""The benchmark commands still run (on tiny sizes): they measure, print, and leave nothing behind."""

from io import StringIO

import pytest
from django.core.management import call_command

from orderdesk.demo import seed_company
from orderdesk.models import CompanySettings
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


def test_benchmark_pdf_renders_every_document_type_and_rolls_back(vat_defaults, reminder_defaults):
    # A fresh database: our company's details are not filled in yet; the benchmark borrows the demo's.
    out = StringIO()
    call_command("benchmark_pdf", repeat=1, no_chromium=True, stdout=out)
    for label in ("quote", "order confirmation", "delivery note", "invoice, 1 line", "invoice, 60 lines",
                  "credit note", "reminder letter", "statement"):  # fmt: skip
        assert f"\n{label} " in out.getvalue()
    assert "(all benchmark data rolled back)" in out.getvalue() and not Invoice.objects.exists()
    assert not CompanySettings.objects.exists()


def test_benchmark_lists_times_the_first_and_last_pages_and_rolls_back():
    seed_company()
    out = StringIO()
    call_command("benchmark_lists", invoices=60, repeat=1, stdout=out)
    for label in ("invoice list", "invoice list, overdue", "receivables"):
        assert f"{label}: last page / first page = " in out.getvalue()
    assert "(all benchmark data rolled back)" in out.getvalue() and not Invoice.objects.exists()
