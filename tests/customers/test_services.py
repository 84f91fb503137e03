from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from customers.models import Company, Contact, CreditRequest, FollowUpTask, Interaction
from customers.services.activity import interaction_log, task_complete, task_create
from customers.services.companies import (
    company_convert_to_customer,
    company_create,
    company_set_credit_status,
    company_update,
)
from customers.services.contacts import contact_save
from customers.services.credit import credit_request_create, credit_request_decide
from customers.services.duplicates import SimilarCompaniesFound
from customers.services.merge import company_merge
from customers.services.privacy import contact_anonymise, contact_personal_data
from orderdesk.exceptions import DomainError, PermissionDeniedError, TransitionNotAllowed
from orderdesk.history import status_history
from tests.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """These tests read the rule messages in English; the Dutch ones are checked through the views."""
    with translation.override("en"):
        yield


def new_company(**fields):
    return Company(
        **{
            "name": "Bakkerij Janssens",
            "legal_form": "BV",
            "street": "Markt 3",
            "postal_code": "2000",
            "city": "Antwerpen",
            **fields,
        }
    )


@pytest.mark.parametrize(
    ("enterprise_number", "vat_number", "stored"),
    [
        ("0403.170.701", "", ("0403170701", "")),
        ("", "BE 0403.170.701", ("0403170701", "BE0403170701")),
        ("0403170701", "be0403170701", ("0403170701", "BE0403170701")),
    ],
)
def test_belgian_identifiers_are_checked_and_stored_compact(assistant, enterprise_number, vat_number, stored):
    company = company_create(
        company=new_company(enterprise_number=enterprise_number, vat_number=vat_number), actor=assistant
    )

    assert (company.enterprise_number, company.vat_number) == stored
    assert company.enterprise_number_display == "0403.170.701"
    assert company.effective_peppol_id == "0208:0403170701"
    assert company.owner == assistant


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"enterprise_number": "0403.170.702"}, "enterprise_number", "mod-97"),
        ({"vat_number": "BE0403170702"}, "vat_number", "not a valid EU VAT number"),
        ({"vat_number": "NL004495445B01"}, "vat_number", "starting with BE"),
        ({"enterprise_number": "0403170701", "vat_number": "BE0202239951"}, "vat_number", "do not match"),
        ({"vat_regime": "eu", "country": "NL"}, "vat_number", "reverse charge"),
        ({"vat_regime": "eu", "vat_number": "BE0403170701"}, "vat_regime", "another EU country"),
        ({"vat_regime": "export", "country": "FR"}, "country", "outside the EU"),
        ({"payment_days": 75}, "payment_days", "60 days"),
    ],
)
def test_wrong_identifiers_and_terms_are_refused_per_field(assistant, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        company_create(company=new_company(**fields), actor=assistant)

    assert message in " ".join(refused.value.message_dict[field])
    assert not Company.objects.exists()


def test_other_eu_vat_numbers_and_private_customers_are_accepted(assistant):
    dutch = company_create(
        company=new_company(name="Van Dijk Techniek", vat_regime="eu", country="NL", vat_number="NL004495445B01"),
        actor=assistant,
    )
    private = company_create(
        company=new_company(name="Jan Peeters", vat_regime="private", payment_days=90), actor=assistant
    )

    assert dutch.vat_number == "NL004495445B01"
    assert dutch.enterprise_number == ""
    assert private.payment_days == 90


def test_the_same_vat_or_enterprise_number_is_a_hard_stop(assistant):
    CompanyFactory(name="Bakkerij Janssens", enterprise_number="0403170701", vat_number="BE0403170701")

    with pytest.raises(ValidationError) as refused:
        company_create(
            company=new_company(name="Totally Different NV", enterprise_number="0403170701"), actor=assistant
        )
    assert "Bakkerij Janssens already has this VAT or enterprise number" in str(refused.value)

    with pytest.raises(ValidationError):
        company_create(company=new_company(name="Other", vat_number="BE0403170701"), actor=assistant)
    assert Company.objects.count() == 1


def test_a_similar_name_or_mail_domain_warns_and_the_user_may_go_on(assistant):
    existing = CompanyFactory(name="Bakkerij Janssens NV", email="info@bakkerij-janssens.be")
    by_domain = CompanyFactory(name="BJ Retail", invoice_email="facturen@janssens-groep.be")

    with pytest.raises(SimilarCompaniesFound) as warned:
        company_create(company=new_company(name="Bakkerij Janssen bv"), actor=assistant)
    assert [(s.company, s.reason) for s in warned.value.similar] == [(existing, "similar name")]

    with pytest.raises(SimilarCompaniesFound) as warned:
        company_create(company=new_company(name="Groep J", email="jan@janssens-groep.be"), actor=assistant)
    assert [s.company for s in warned.value.similar] == [by_domain]

    # A shared provider says nothing; after confirming, the company is created.
    company_create(company=new_company(name="Garage Peeters", email="garage.peeters@gmail.com"), actor=assistant)
    company_create(company=new_company(name="Bakkerij Janssen bv"), actor=assistant, confirm_similar=True)
    assert Company.objects.count() == 4


def test_a_prospect_becomes_a_customer_with_its_history(assistant):
    prospect = company_create(company=new_company(kind="prospect"), actor=assistant)

    company_convert_to_customer(company=prospect, actor=assistant, reason="First order by phone")

    prospect.refresh_from_db()
    assert prospect.kind == "customer" and prospect.became_customer_at is not None
    (change,) = status_history(prospect)
    assert (change.from_status, change.to_status, change.reason) == ("prospect", "customer", "First order by phone")
    with pytest.raises(TransitionNotAllowed):
        company_convert_to_customer(company=prospect, actor=assistant)


def test_an_update_cannot_change_credit_or_kind_through_the_form(assistant):
    company = CompanyFactory(kind="prospect", credit_limit=Decimal("1000"))
    company.credit_limit = Decimal("999999")
    company.kind = "customer"
    company.city = "Brugge"

    company_update(company=company, actor=assistant)

    company.refresh_from_db()
    assert (company.city, company.kind, company.credit_limit) == ("Brugge", "prospect", Decimal("1000.00"))


def test_accounting_reads_but_cannot_create_or_edit(accountant):
    with pytest.raises(PermissionDeniedError):
        company_create(company=new_company(), actor=accountant)


def test_credit_status_needs_a_reason_and_a_role_that_may_set_it(assistant, accountant):
    company = CompanyFactory()

    with pytest.raises(PermissionDeniedError):
        company_set_credit_status(company=company, status="blocked", reason="Unpaid", actor=assistant)
    with pytest.raises(ValidationError):
        company_set_credit_status(company=company, status="on_hold", reason=" ", actor=accountant)
    company_set_credit_status(
        company=company, status="on_hold", reason="F2026-000012 is 45 days late", actor=accountant
    )

    company.refresh_from_db()
    assert (company.credit_status, company.credit_status_reason) == ("on_hold", "F2026-000012 is 45 days late")


def test_a_credit_request_approved_by_a_manager_raises_the_limit(assistant, manager):
    company = CompanyFactory(credit_limit=Decimal("5000"))

    request = credit_request_create(
        company=company, requested_limit=Decimal("15000"), reason="Seasonal orders", actor=assistant
    )
    with pytest.raises(DomainError):
        credit_request_create(company=company, requested_limit=Decimal("20000"), reason="Again", actor=assistant)
    with pytest.raises(PermissionDeniedError):
        credit_request_decide(request=request, approve=True, note="", actor=assistant)
    credit_request_decide(request=request, approve=True, note="Good payer since 2019", actor=manager)

    company.refresh_from_db()
    request.refresh_from_db()
    assert company.credit_limit == Decimal("15000.00")
    assert (request.status, request.decided_by, request.current_limit) == ("approved", manager, Decimal("5000.00"))
    assert [change.to_status for change in status_history(request)] == ["approved"]


def test_a_refused_credit_request_keeps_the_limit_and_needs_a_reason(assistant, manager):
    company = CompanyFactory(credit_limit=Decimal("5000"))
    request = credit_request_create(
        company=company, requested_limit=Decimal("9000"), reason="Bigger project", actor=assistant
    )

    with pytest.raises(ValidationError):
        credit_request_decide(request=request, approve=False, note="", actor=manager)
    credit_request_decide(request=request, approve=False, note="Two reminders this year", actor=manager)

    company.refresh_from_db()
    assert company.credit_limit == Decimal("5000.00")
    assert CreditRequest.objects.get().status == "refused"
    with pytest.raises(ValidationError):
        credit_request_create(company=company, requested_limit=Decimal("4000"), reason="Lower?", actor=assistant)


def test_a_merge_moves_everything_to_the_company_that_stays(assistant, manager):
    target = CompanyFactory(name="Bakkerij Janssens", kind="prospect", phone="")
    source = CompanyFactory(name="Bakkerij Janssens (dubbel)", kind="customer", phone="+32 3 123 45 67", notes="VIP")
    contact = ContactFactory(company=source)
    interaction_log(company=source, actor=assistant, kind="call", summary="Asked for a quote", contacts=[contact])
    task_create(actor=assistant, title="Call back", due_date=timezone.localdate(), assignee=assistant, company=source)

    with pytest.raises(PermissionDeniedError):
        company_merge(source=source, target=target, actor=assistant)
    merged = company_merge(source=source, target=target, actor=manager)

    assert not Company.objects.filter(pk=source.pk).exists()
    assert list(merged.contacts.all()) == [contact]
    assert merged.interactions.count() == 1 and merged.tasks.count() == 1
    assert (merged.kind, merged.phone) == ("customer", "+32 3 123 45 67")
    assert "VIP" in merged.notes and "Merged with Bakkerij Janssens (dubbel)" in merged.notes


def test_contact_roles_answer_who_decides(assistant):
    company = CompanyFactory()
    buyer = contact_save(contact=Contact(company=company, last_name="Claes"), roles=["buyer"], actor=assistant)
    boss = contact_save(
        contact=Contact(company=company, last_name="Wouters"), roles=["decision_maker", "management"], actor=assistant
    )
    contact_save(contact=boss, roles=["decision_maker"], actor=assistant)

    deciders = Contact.objects.filter(company=company, roles__role="decision_maker")
    assert list(deciders) == [boss]
    assert [role.role for role in buyer.roles.all()] == ["buyer"]
    assert [role.role for role in boss.roles.all()] == ["decision_maker"]


def test_a_contact_can_be_exported_and_anonymised_while_history_stays(assistant):
    contact = ContactFactory(first_name="Sofie", last_name="Claes", email="sofie@claes.be", phone="+32 470 12 34 56")
    interaction_log(
        company=contact.company, actor=assistant, kind="visit", summary="Showroom visit", contacts=[contact]
    )

    data = contact_personal_data(contact=contact)
    assert data["email"] == "sofie@claes.be"
    assert data["interactions"][0]["summary"] == "Showroom visit"

    contact_anonymise(contact=contact, actor=assistant)

    contact.refresh_from_db()
    assert (contact.first_name, contact.email, contact.phone) == ("", "", "")
    assert contact.anonymised_at is not None
    assert Interaction.objects.get().contacts.get() == contact
    with pytest.raises(DomainError):
        contact_save(contact=contact, roles=[], actor=assistant)


def test_an_interaction_only_names_contacts_of_its_company(assistant):
    company = CompanyFactory()
    stranger = ContactFactory()

    with pytest.raises(ValidationError):
        interaction_log(company=company, actor=assistant, kind="call", summary="?", contacts=[stranger])
    with pytest.raises(ValidationError):
        interaction_log(
            company=company,
            actor=assistant,
            kind="call",
            summary="Tomorrow",
            happened_at=timezone.now() + timezone.timedelta(days=1),
        )
    assert not Interaction.objects.exists()


def test_tasks_are_completed_once(assistant, manager):
    company = CompanyFactory()
    task = task_create(
        actor=assistant, title="Send the brochure", due_date=timezone.localdate(), assignee=manager, company=company
    )

    first = task_complete(task=task, actor=manager)
    again = task_complete(task=task, actor=assistant)

    assert again.done_at == first.done_at and again.done_by == manager
    assert not FollowUpTask.objects.get().is_open


def test_one_delivery_address_is_the_default(assistant):
    from customers.models import DeliveryAddress
    from customers.services.addresses import delivery_address_delete, delivery_address_save

    company = CompanyFactory()
    first = delivery_address_save(
        address=DeliveryAddress(company=company, label="Magazijn", street="Kaai 1", postal_code="9000", city="Gent"),
        actor=assistant,
    )
    second = delivery_address_save(
        address=DeliveryAddress(
            company=company, label="Werf", street="Dok 2", postal_code="9000", city="Gent", is_default=True
        ),
        actor=assistant,
    )

    assert list(DeliveryAddress.objects.filter(is_default=True)) == [second]
    delivery_address_delete(address=second, actor=assistant)
    first.refresh_from_db()
    assert first.is_default


def test_changes_to_a_customer_file_are_in_the_audit_trail_with_who_made_them(assistant_client, assistant):
    from auditlog.models import LogEntry
    from django.urls import reverse

    from tests.customers.test_views import company_form

    assistant_client.post(reverse("customers:company-create"), company_form())
    company = Company.objects.get()
    assistant_client.post(reverse("customers:company-update", args=[company.pk]), company_form(city="Mechelen"))

    entries = LogEntry.objects.get_for_object(company).order_by("timestamp")
    assert entries.first().action == LogEntry.Action.CREATE
    assert entries.last().changes_dict["city"] == ["Aalst", "Mechelen"]
    assert {entry.actor for entry in entries} == {assistant}
