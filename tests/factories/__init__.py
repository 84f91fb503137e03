from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from orderdesk.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.be")
    language = "nl"
    password = factory.django.Password("secret-pass-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "customers.Company"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Klant {n}")
    legal_form = "BV"
    street = "Stationsstraat 1"
    postal_code = "9000"
    city = "Gent"
    country = "BE"
    language = "nl"
    kind = "customer"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "customers.Contact"

    company = factory.SubFactory(CompanyFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(
        lambda contact: f"{contact.first_name.lower()}@{contact.company.name.lower().replace(' ', '')}.be"
    )
    language = "nl"


class ProductCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sales.Category"

    name_nl = factory.Sequence(lambda n: f"Categorie {n}")
    name_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "sales.Product"

    sku = factory.Sequence(lambda n: f"SKU-{n:04d}")
    category = factory.SubFactory(ProductCategoryFactory)
    name_nl = factory.Sequence(lambda n: f"Product {n}")
    vat_category = factory.LazyFunction(lambda: _vat_category("standard"))
    list_price = Decimal("120.00")
    cost_price = Decimal("80.00")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Read back what the database stores (Decimals), as the services will see it.
        product = super()._create(model_class, *args, **kwargs)
        product.refresh_from_db()
        return product


def _vat_category(code: str):
    import importlib

    from django.apps import apps

    from sales.models import VatCategory

    if not VatCategory.objects.filter(code=code).exists():
        # A transactional test before this one flushed the rates the migration seeded: seed them again.
        importlib.import_module("sales.migrations.0002_belgian_vat_rates").add_rates(apps, None)
    return VatCategory.objects.get(code=code)
