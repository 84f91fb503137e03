from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from stdnum.be import vat as be_vat
from stdnum.eu import vat as eu_vat

from customers.demo import demo_plan
from customers.models import (
    Company,
    Contact,
    ContactRole,
    CreditRequest,
    CreditStatus,
    DeliveryAddress,
    FollowUpTask,
    Interaction,
    VatRegime,
)

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list]:
    """Every demo row with every field, so a second run that changed anything shows up."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Company, Contact, ContactRole, DeliveryAddress, Interaction, FollowUpTask, CreditRequest)
    }


def test_the_plan_is_the_same_on_every_run():
    assert demo_plan() == demo_plan()


# One test, because each seed takes about a second: the realism checks run on the first seed's data.
def test_seed_demo_makes_realistic_customers_and_changes_nothing_the_second_time():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()

    assert len(first["Company"]) >= 30
    assert len(first["Contact"]) >= len(first["Company"])
    assert len(first["Interaction"]) >= len(first["Company"])
    assert 18 <= len(first["FollowUpTask"]) <= 25
    check_the_mix()
    check_the_identifiers()
    check_the_contacts()
    check_the_tasks()
    check_the_credit()

    call_command("seed_demo", stdout=StringIO())

    assert snapshot() == first

    # A deleted demo company comes back as it was; the others are not touched.
    gone = Company.objects.get(name="Garage Claes")
    identifiers, people = gone.vat_number, sorted(gone.contacts.values_list("email", flat=True))
    gone.delete()
    call_command("seed_demo", stdout=StringIO())
    back = Company.objects.get(name="Garage Claes")
    assert (back.vat_number, sorted(back.contacts.values_list("email", flat=True))) == (identifiers, people)
    assert Company.objects.count() == len(first["Company"])


def check_the_mix():
    companies = list(Company.objects.select_related("owner"))
    assert {c.kind for c in companies} == {Company.Kind.CUSTOMER, Company.Kind.PROSPECT}
    prospects = sum(c.kind == Company.Kind.PROSPECT for c in companies)
    assert len(companies) / 4 <= prospects <= len(companies) / 2
    assert {c.vat_regime for c in companies} == set(VatRegime.values)
    assert {c.language for c in companies} == {"nl", "fr", "en"}
    assert {c.country for c in companies if c.vat_regime == VatRegime.INTRA_EU} == {"NL", "FR", "DE", "LU"}
    assert all(c.owner.username in {"assistant", "assistante"} for c in companies)
    assert DeliveryAddress.objects.exists()
    assert Interaction.objects.filter(kind=Interaction.Kind.MEETING).exclude(minutes="").exists()
    assert Interaction.objects.filter(kind=Interaction.Kind.EVENT, summary__contains="Matexpo 2026").exists()
    assert not Interaction.objects.filter(happened_at__gt=timezone.now()).exists()
    assert not Interaction.objects.filter(happened_at__lt=timezone.now() - timedelta(days=121)).exists()


def check_the_identifiers():
    belgian = Company.objects.filter(vat_regime=VatRegime.BELGIAN)
    assert belgian.count() >= 20
    for company in belgian:
        assert be_vat.is_valid(company.enterprise_number), company
        assert company.enterprise_number[0] in "01"
        assert company.vat_number == f"BE{company.enterprise_number}"
    with_vat = Company.objects.exclude(vat_number="")
    for company in with_vat:
        assert eu_vat.is_valid(company.vat_number), company
    assert len(set(with_vat.values_list("vat_number", flat=True))) == with_vat.count()
    assert not Company.objects.filter(vat_regime__in=[VatRegime.NON_EU, VatRegime.PRIVATE]).exclude(vat_number="")


def check_the_contacts():
    with_decision_maker = Company.objects.filter(contacts__roles__role=ContactRole.Role.DECISION_MAKER).distinct()
    assert with_decision_maker.count() >= 0.8 * Company.objects.count()
    assert all(1 <= c.contacts.count() <= 4 for c in Company.objects.all())


def check_the_tasks():
    today = timezone.localdate()
    open_tasks = FollowUpTask.objects.filter(done_at__isnull=True)
    assert open_tasks.filter(assignee__username="assistant", due_date__lt=today).exists()
    assert open_tasks.filter(due_date=today).exists()
    assert open_tasks.filter(due_date__gt=today, due_date__lte=today + timedelta(days=14)).exists()
    assert FollowUpTask.objects.filter(done_at__isnull=False).exists()
    assert set(FollowUpTask.objects.values_list("assignee__username", flat=True)) == {"assistant", "assistante"}


def check_the_credit():
    statuses = dict(
        Company.objects.exclude(credit_status=CreditStatus.OK).values_list("credit_status", "credit_status_reason")
    )
    assert set(statuses) == {CreditStatus.ON_HOLD, CreditStatus.BLOCKED}
    assert all(statuses.values())
    assert CreditRequest.objects.filter(status=CreditRequest.Status.REQUESTED).count() == 2
    approved = CreditRequest.objects.get(status=CreditRequest.Status.APPROVED)
    assert approved.decided_by.username == "manager"
    assert approved.company.credit_limit == approved.requested_limit
