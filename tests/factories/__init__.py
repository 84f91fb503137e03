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
