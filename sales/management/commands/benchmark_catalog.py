"""Measure the catalog screens and the price and availability answers on a realistic volume, then roll back.

python manage.py benchmark_catalog --products 3000
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from customers.models import Company
from orderdesk.benchmarks import Rollback, measure
from orderdesk.models import User
from orderdesk.permissions import ASSISTANT, roles_sync
from sales.models import (
    Category,
    IncomingStock,
    PriceList,
    PriceListItem,
    Product,
    ProductSpec,
    Promotion,
    QuantityBreak,
    VatCategory,
)
from sales.services.availability import availability_for
from sales.services.pricing import price_for


class Command(BaseCommand):
    help = "Time catalog search, the product page and the price/availability answers on generated data."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, default=3000)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, products, repeat, **options):
        try:
            with transaction.atomic():
                self._run(products, repeat)
                raise Rollback
        except Rollback:
            self.stdout.write("(all benchmark data rolled back)")

    def _run(self, count, repeat):
        roles_sync()
        today = timezone.localdate()
        user = User.objects.create_user("benchmark-assistant", password="x", language="nl")
        user.groups.add(Group.objects.get(name=ASSISTANT))
        standard = VatCategory.objects.get(code="standard")
        categories = [Category.objects.create(name_nl=f"Bench {n}") for n in range(6)]
        products = Product.objects.bulk_create(
            [
                Product(
                    sku=f"BEN-{n:05d}",
                    category=categories[n % 6],
                    name_nl=f"Benchproduct {n}",
                    vat_category=standard,
                    list_price=Decimal("100.00"),
                    cost_price=Decimal("60.00"),
                    on_hand=n % 3,
                    supplier_lead_days=10,
                )  # fmt: skip
                for n in range(count)
            ]
        )
        ProductSpec.objects.bulk_create(
            [ProductSpec(product=p, key="Beschermingsklasse", value=f"IP{54 + p.pk % 14}") for p in products]
            + [ProductSpec(product=p, key="Vermogen", value=f"{p.pk % 90} W") for p in products]
        )
        IncomingStock.objects.bulk_create(
            [
                IncomingStock(product=p, quantity=5, expected_on=today + datetime.timedelta(days=7))
                for p in products[::3]
            ]
        )
        QuantityBreak.objects.bulk_create(
            [QuantityBreak(product=p, min_quantity=10, unit_price=90) for p in products[::5]]
        )
        Promotion.objects.create(
            name="Bench", starts_on=today, ends_on=today, category=categories[0], discount_percent=10
        )
        price_list = PriceList.objects.create(name="Bench list")
        PriceListItem.objects.bulk_create(
            [PriceListItem(price_list=price_list, product=p, discount_percent=5) for p in products[::2]]
        )
        customer = Company.objects.create(name="Bench customer", price_list=price_list)
        middle = products[len(products) // 2]
        client = Client()
        client.force_login(user)
        self._measure("catalog page 1", repeat, lambda: client.get(reverse("sales:catalog")))
        self._measure(
            "catalog search by spec 'ip65'", repeat, lambda: client.get(reverse("sales:catalog"), {"q": "ip65"})
        )
        self._measure(
            "product page for a customer",
            repeat,
            lambda: client.get(
                reverse("sales:product-detail", args=[middle.pk]), {"customer": customer.pk, "quantity": "12"}
            ),
        )
        self._measure(
            "global search (htmx) 'benchproduct 12'",
            repeat,
            lambda: client.get(reverse("desk:search"), {"q": "benchproduct 12"}, headers={"HX-Request": "true"}),
        )
        sample = products[:200]
        self._measure(
            "price_for × 200 products",
            1,
            lambda: [price_for(product=p, quantity=Decimal(12), date=today, customer=customer) for p in sample],
        )
        self._measure(
            "availability_for × 200 products",
            1,
            lambda: [availability_for(product=p, quantity=Decimal(4), today=today) for p in sample],
        )

    def _measure(self, label, repeat, action):
        self.stdout.write(measure(label, repeat, action, width=42))
