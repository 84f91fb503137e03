"""What the simulated users need from the load database, written to var/loadtest/: customers that can get a quote
and an order, products to sell, search words, and small bank statements (CODA) that pay open invoices.

Run by scripts/loadtest.sh: python -m loadtest.prepare <folder>
"""

import datetime
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

STATEMENTS = 400  # more than the bank imports of both runs: each statement is imported once


def main(folder: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loadtest.settings")
    django.setup()
    prepare(folder)


def prepare(folder: Path, *, statements: int = STATEMENTS) -> None:
    """Write data.json and `statements` CODA files into `folder` from the database Django is set up on."""
    from django.utils import timezone

    from customers.models import Company
    from orderdesk.models import CompanySettings
    from sales.bank_builders import coda_build
    from sales.models import CompanyBankAccount, Invoice, Product
    from sales.states import INVOICE_OPEN

    ours = CompanySettings.load()
    CompanyBankAccount.objects.get_or_create(iban=ours.iban, defaults={"currency": "EUR"})
    customers = list(
        Company.objects.filter(kind=Company.Kind.CUSTOMER, contacts__email__gt="")
        .exclude(vat_number="")
        .exclude(email="")
        .distinct()
        .values_list("pk", flat=True)[:40]
    )
    products = list(Product.objects.filter(on_hand__gt=20, list_price__gt=0).values_list("sku", flat=True)[:60])
    names = list(Company.objects.filter(kind=Company.Kind.CUSTOMER).values_list("name", flat=True)[:200])
    words = sorted({word for name in names for word in name.split() if len(word) > 3})[:80]
    today = timezone.localdate()
    open_invoices = list(
        Invoice.objects.filter(kind=Invoice.Kind.INVOICE, status__in=INVOICE_OPEN)
        .exclude(structured_reference="")
        .select_related("company")
        .order_by("due_date")[: statements * 3]
    )
    coda = folder / "coda"
    coda.mkdir(parents=True, exist_ok=True)
    for number in range(statements):
        paid = open_invoices[number * 3 : number * 3 + 3]
        content = coda_build(
            account_iban=ours.iban, holder_name=ours.name, bank_bic=ours.bic or "KREDBEBB",
            statement_number=number + 1, created_on=today - datetime.timedelta(days=statements - number),
            opening_balance=Decimal(0), movements=[
                {"amount": invoice.total - invoice.amount_paid - invoice.amount_credited,
                 "structured_reference": invoice.structured_reference, "counterparty_name": invoice.company.name,
                 "counterparty_account": "BE68539007547034"}
                for invoice in paid
            ] or [{"amount": Decimal("10.00"), "counterparty_name": "Onbekend", "message": "gift"}],
        )  # fmt: skip
        (coda / f"{number:04d}.cod").write_bytes(content)
    (folder / "data.json").write_text(
        json.dumps({"customers": customers, "products": products, "words": words}, indent=1)
    )
    print(f"{len(customers)} customers, {len(products)} products, {statements} bank statements → {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
