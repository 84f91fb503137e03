import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from customers.models import Company, Contact, FollowUpTask
from customers.services.activity import interaction_log, task_create
from customers.services.credit import credit_request_create
from tests.factories import CompanyFactory, ContactFactory

pytestmark = pytest.mark.django_db


def company_form(**overrides):
    return {
        "kind": "prospect",
        "name": "Brouwerij De Leeuw",
        "legal_form": "NV",
        "vat_regime": "be",
        "enterprise_number": "0403.170.701",
        "vat_number": "",
        "language": "nl",
        "street": "Brouwerijstraat 5",
        "postal_code": "9300",
        "city": "Aalst",
        "country": "BE",
        "payment_days": "30",
        "tags": "Horeca, Beurs 2026",
        **overrides,
    }


def test_the_list_costs_the_same_queries_for_5_or_25_companies(assistant_client, django_assert_max_num_queries):
    def fill(count):
        for _ in range(count):
            ContactFactory(company=CompanyFactory(owner=None))

    fill(5)
    with django_assert_max_num_queries(20) as few:
        assert assistant_client.get(reverse("customers:company-list")).status_code == 200
    fill(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = assistant_client.get(reverse("customers:company-list"))
    assert len(response.context["companies"]) == 25


def test_the_list_finds_a_company_by_contact_name_vat_number_or_phone(assistant_client):
    wanted = CompanyFactory(name="Garage Claes", vat_number="BE0403170701", enterprise_number="0403170701")
    ContactFactory(company=wanted, first_name="Sofie", last_name="Wouters", phone="+32 470 11 22 33")
    CompanyFactory(name="Drukkerij Peeters")

    for query in ["sofie wouters", "0403.170.701", "470 11 22", "claes"]:
        response = assistant_client.get(reverse("customers:company-list"), {"q": query})
        assert list(response.context["companies"]) == [wanted], query


def test_the_list_filters_by_kind_credit_status_and_tag(assistant_client):
    prospect = CompanyFactory(kind="prospect", city="Namur")
    blocked = CompanyFactory(credit_status="blocked", credit_status_reason="Unpaid")
    list_url = reverse("customers:company-list")

    assert list(assistant_client.get(list_url, {"kind": "prospect"}).context["companies"]) == [prospect]
    assert list(assistant_client.get(list_url, {"credit_status": "blocked"}).context["companies"]) == [blocked]
    assert list(assistant_client.get(list_url, {"city": "nam"}).context["companies"]) == [prospect]
    fragment = assistant_client.get(list_url, {"city": "nam"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode() and prospect.name in fragment.content.decode()


def test_creating_a_company_through_the_form(assistant_client, assistant):
    response = assistant_client.post(reverse("customers:company-create"), company_form())

    company = Company.objects.get()
    assert response["Location"] == reverse("customers:company-detail", args=[company.pk])
    assert (company.enterprise_number, company.owner, company.kind) == ("0403170701", assistant, "prospect")
    assert sorted(tag.name for tag in company.tags.all()) == ["Beurs 2026", "Horeca"]


def test_a_wrong_enterprise_number_is_explained_in_dutch_and_nothing_is_lost(assistant_client):
    response = assistant_client.post(
        reverse("customers:company-create"), company_form(enterprise_number="0403.170.799")
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "0403.170.799" in html and "Brouwerijstraat 5" in html and "Horeca, Beurs 2026" in html
    assert "geen geldig Belgisch ondernemingsnummer" in html
    assert not Company.objects.exists()


def test_a_similar_company_asks_for_confirmation_first(assistant_client):
    existing = CompanyFactory(name="Brouwerij De Leeuw BV", city="Aalst")

    response = assistant_client.post(reverse("customers:company-create"), company_form(enterprise_number=""))
    assert response.status_code == 400
    assert reverse("customers:company-detail", args=[existing.pk]) in response.content.decode()
    assert Company.objects.count() == 1

    response = assistant_client.post(
        reverse("customers:company-create"), company_form(enterprise_number="", confirm_similar="on")
    )
    assert response.status_code == 302
    assert Company.objects.count() == 2


def test_the_customer_file_shows_contacts_timeline_tasks_and_who_decides(assistant_client, assistant):
    company = CompanyFactory(name="Bakkerij Janssens")
    boss = ContactFactory(company=company, first_name="Marie", last_name="Janssens")
    boss.roles.create(role="decision_maker")
    interaction_log(company=company, actor=assistant, kind="call", summary="Wants a quote for 3 ovens", contacts=[boss])
    task_create(
        actor=assistant,
        title="Send the oven brochure",
        due_date=timezone.localdate(),
        assignee=assistant,
        company=company,
    )
    credit_request_create(company=company, requested_limit=Decimal("10000"), reason="Big order", actor=assistant)

    response = assistant_client.get(reverse("customers:company-detail", args=[company.pk]))

    html = response.content.decode()
    assert response.context["file"].decision_makers == [boss]
    assert "Wants a quote for 3 ovens" in html
    assert "Send the oven brochure" in html
    assert "10.000,00" in html


def test_contacts_interactions_and_tasks_are_added_through_their_forms(assistant_client, assistant):
    company = CompanyFactory()

    assistant_client.post(
        reverse("customers:contact-create", args=[company.pk]),
        {
            "first_name": "Luc",
            "last_name": "Maes",
            "email": "LUC@maes.be",
            "language": "nl",
            "preferred_channel": "phone",
            "roles": ["buyer", "technical"],
            "is_active": "on",
        },  # fmt: skip
    )
    contact = Contact.objects.get()
    assert contact.email == "luc@maes.be"
    assert sorted(role.role for role in contact.roles.all()) == ["buyer", "technical"]

    response = assistant_client.post(
        reverse("customers:interaction-create", args=[company.pk]),
        {
            "kind": "call",
            "direction": "in",
            "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "contacts": [contact.pk],
            "summary": "Asks for the price of 20 pallets",
            "add_task": "1",
        },  # fmt: skip
    )
    assert response["Location"] == reverse("customers:task-create", args=[company.pk]) + f"?contact={contact.pk}"
    assert assistant_client.get(response["Location"]).context["form"].initial["contact"] == str(contact.pk)
    assert company.interactions.get().contacts.get() == contact

    assistant_client.post(
        reverse("customers:task-create", args=[company.pk]),
        {
            "title": "Call back with the price",
            "due_date": timezone.localdate().isoformat(),
            "assignee": assistant.pk,
            "contact": contact.pk,
        },  # fmt: skip
    )
    task = FollowUpTask.objects.get()
    assert (task.company, task.contact, task.assignee) == (company, contact, assistant)
    assistant_client.post(reverse("customers:task-complete", args=[task.pk]))
    task.refresh_from_db()
    assert task.done_at is not None


def test_a_task_due_in_the_past_is_refused_on_the_form(assistant_client, assistant):
    company = CompanyFactory()
    yesterday_but_one = timezone.localdate() - timezone.timedelta(days=2)

    response = assistant_client.post(
        reverse("customers:task-create", args=[company.pk]),
        {"title": "Too late", "due_date": yesterday_but_one.isoformat(), "assignee": assistant.pk},
    )

    assert response.status_code == 400
    assert "Too late" in response.content.decode()
    assert not FollowUpTask.objects.exists()


def test_accounting_reads_files_but_cannot_change_them(client, accountant):
    company = CompanyFactory()
    client.force_login(accountant)

    assert client.get(reverse("customers:company-detail", args=[company.pk])).status_code == 200
    assert client.get(reverse("customers:company-create")).status_code == 403
    assert client.post(reverse("customers:company-update", args=[company.pk]), company_form()).status_code == 403
    assert client.post(reverse("customers:company-merge", args=[company.pk]), {}).status_code == 403


def test_only_a_manager_decides_on_credit(assistant_client, manager, assistant):
    company = CompanyFactory(credit_limit=Decimal("2000"))
    request = credit_request_create(
        company=company, requested_limit=Decimal("8000"), reason="Renovation", actor=assistant
    )
    url = reverse("customers:credit-request-decide", args=[request.pk])

    assert assistant_client.post(url, {"decision": "approve"}).status_code == 403
    manager_client = assistant_client
    manager_client.force_login(manager)
    desk = manager_client.get(reverse("desk:desk")).content.decode()
    assert url in desk
    refused = manager_client.post(url, {"decision": "refuse", "note": ""})
    assert refused.status_code == 400
    manager_client.post(url, {"decision": "approve", "note": "OK"})
    company.refresh_from_db()
    assert company.credit_limit == Decimal("8000.00")


def test_the_global_search_says_customer_or_prospect(assistant_client):
    CompanyFactory(name="Imprimerie Dubois", kind="prospect", city="Namur")
    ContactFactory(company=CompanyFactory(name="Garage Claes"), first_name="Pierre", last_name="Dubois")

    response = assistant_client.get(reverse("desk:search"), {"q": "dubois"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "Imprimerie Dubois" in html and "Prospect" in html
    assert "Pierre Dubois" in html and "Garage Claes" in html


def test_my_desk_counts_my_overdue_and_open_tasks(assistant_client, assistant):
    company = CompanyFactory()
    today = timezone.localdate()
    for days in (-3, -1, 0, 5):
        task_create(actor=assistant, title=f"T{days}", due_date=today + timezone.timedelta(days=days),
                    assignee=assistant, company=company)  # fmt: skip

    queues = assistant_client.get(reverse("desk:desk")).context["queues"]

    by_label = {str(queue.label): queue for queue in queues}
    assert by_label["Achterstallige opvolgtaken"].count == 2
    assert by_label["Mijn open opvolgtaken"].count == 4
    # the oldest first, one click from the customer it concerns
    assert by_label["Achterstallige opvolgtaken"].oldest.startswith("T-3 · ")
    assert by_label["Mijn open opvolgtaken"].oldest_url == reverse("customers:company-detail", args=[company.pk])


def test_the_csv_export_follows_the_filters_and_opens_in_belgian_excel(assistant_client):
    CompanyFactory(name="Garage Claes", kind="customer", credit_limit=Decimal("1234.5"))
    CompanyFactory(name="Drukkerij Peeters", kind="prospect")

    response = assistant_client.get(reverse("customers:company-export"), {"kind": "customer"})

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ["Garage Claes"]
    assert "1234,50" in rows[1]


def test_tasks_due_are_done_straight_from_the_desk(assistant_client, assistant):
    company = CompanyFactory(name="Garage Claes")
    today = timezone.localdate()
    due = task_create(actor=assistant, title="Bel terug", due_date=today, assignee=assistant, company=company)
    task_create(actor=assistant, title="Later", due_date=today + timezone.timedelta(days=4), assignee=assistant)

    desk = assistant_client.get(reverse("desk:desk"))
    assert [task.title for task in desk.context["tasks_due"]] == ["Bel terug"]

    response = assistant_client.post(reverse("customers:task-complete", args=[due.pk]), {"next": "desk"})
    assert response["Location"] == reverse("desk:desk")
    assert assistant_client.get(reverse("desk:desk")).context["tasks_due"] == []


def test_a_credit_request_amount_is_typed_the_belgian_way(assistant_client):
    company = CompanyFactory(credit_limit=Decimal("5000"))

    assistant_client.post(
        reverse("customers:credit-request-create", args=[company.pk]),
        {"requested_limit": "15.000,00", "reason": "Winterseizoen"},
    )

    assert company.credit_requests.get().requested_limit == Decimal("15000.00")


def test_my_task_list_is_paginated_oldest_due_first(assistant_client, assistant):
    company = CompanyFactory()
    today = timezone.localdate()
    for days in range(60):
        task_create(actor=assistant, title=f"Bellen {days:02d}", due_date=today + timezone.timedelta(days=days),
                    assignee=assistant, company=company)  # fmt: skip

    first = assistant_client.get(reverse("customers:task-list"))
    second = assistant_client.get(reverse("customers:task-list") + "?page=2")

    assert [task.title for task in first.context["tasks"]][:2] == ["Bellen 00", "Bellen 01"]
    assert (len(first.context["tasks"]), len(second.context["tasks"])) == (50, 10)
    assert second.context["tasks"][9].title == "Bellen 59"
