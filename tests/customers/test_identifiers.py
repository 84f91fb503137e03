"""Identifiers are checked and normalised on input, the same in the form, the CSV import and the services: the
Peppol id (an EAS scheme and a value that passes the scheme's check), the country (ISO 3166), the VAT number with
its country prefix; a wrong identifier stored earlier is flagged on the customer file."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from customers.imports import import_preview
from customers.models import Company
from customers.selectors import company_identifier_problems
from customers.services.companies import company_create
from tests.customers.test_import import csv_bytes, errors_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def new_company(**fields) -> Company:
    defaults = {"name": "Bakkerij Janssens", "street": "Markt 3", "postal_code": "2000", "city": "Antwerpen"}
    return Company(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0208:0403.170.701", "0208:0403170701"),
        ("iso6523-actorid-upis::0208:BE 0403 170 701", "0208:0403170701"),
        ("9925:0403170701", "9925:BE0403170701"),
        ("0088: 5410000000002", "0088:5410000000002"),
        ("0184:13585628", "0184:DK13585628"),
        ("0208:403170701", "0208:0403170701"),  # an old 9-digit enterprise number: 0 in front
    ],
)
def test_a_peppol_id_is_stored_in_the_form_its_scheme_checks(assistant, typed, stored):
    company = company_create(company=new_company(vat_number="BE0403170701", peppol_id=typed), actor=assistant)

    assert company.peppol_id == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0208:0403170702", "not a valid identifier for scheme 0208"),  # mod 97
        ("0208:04031707", "not a valid identifier for scheme 0208"),  # 8 digits
        ("0088:5410000000003", "GLN"),  # check digit
        ("1234:0403170701", "not a Peppol address scheme"),  # not in the EAS code list
        ("9906:IT01234567890", "not a Peppol address scheme"),  # withdrawn from the code list
        ("0403170701", "Write the scheme, a colon and the identifier"),
        ("9944:NL123", "VAT number of NL"),
    ],
)
def test_a_wrong_peppol_id_is_refused_with_what_is_expected(assistant, typed, message):
    with pytest.raises(ValidationError) as refused:
        company_create(company=new_company(vat_number="BE0403170701", peppol_id=typed), actor=assistant)

    assert message in " ".join(refused.value.message_dict["peppol_id"])


def test_a_vat_number_typed_without_its_prefix_takes_the_countrys(assistant):
    belgian = company_create(company=new_company(vat_number="0403.170.701"), actor=assistant)
    dutch = company_create(
        company=new_company(name="De Vries", vat_regime="eu", country="NL", vat_number="004495445B01"), actor=assistant
    )

    assert (belgian.vat_number, belgian.enterprise_number) == ("BE0403170701", "0403170701")
    assert (dutch.vat_number, str(dutch.country)) == ("NL004495445B01", "NL")


def test_the_country_is_an_iso_code_and_an_intra_community_customer_is_abroad(assistant):
    company = company_create(company=new_company(country="nl", vat_regime="eu", vat_number="NL004495445B01"),
                             actor=assistant)  # fmt: skip
    assert str(company.country) == "NL"

    with pytest.raises(ValidationError) as refused:
        company_create(company=new_company(name="X", country="XX"), actor=assistant)
    assert "country" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        company_create(company=new_company(name="Y", vat_regime="eu", vat_number="DE136695976"), actor=assistant)
    assert "another EU country" in " ".join(refused.value.message_dict["country"])


def test_control_characters_pasted_into_a_company_are_removed(assistant):
    company = company_create(
        company=new_company(name="Bakkerij\x0b Janssens\x02", street="Markt\x1f 3", notes="Bel\x07 na 10 u"),
        actor=assistant,
    )

    assert (company.name, company.street, company.notes) == ("Bakkerij Janssens", "Markt 3", "Bel na 10 u")


def test_the_csv_import_checks_and_normalises_peppol_ids(assistant):
    content = csv_bytes(
        "company_name;vat_number;peppol_id;country",
        "Janssens;BE0403170701;0208:0403.170.701;be",
        "Peeters;BE0417497106;0208:0417497107;BE",
        "Maes;BE0456789034;peppol-id;BE",
    )

    preview = import_preview(content=content, actor=assistant)

    assert errors_of(preview, 2) == {}
    assert "0417497107 is not a valid identifier for scheme 0208" in errors_of(preview, 3)["peppol_id"]
    assert "Write the scheme" in errors_of(preview, 4)["peppol_id"]


def test_a_wrong_identifier_stored_earlier_is_flagged_on_the_file(manager_client):
    company = Company.objects.create(name="Oud Klant", country="BE", vat_number="BE0417497106",
                                     peppol_id="0208:12345")  # fmt: skip

    assert company_identifier_problems(company) == [
        "The Peppol id 0208:12345 is wrong: 12345 is not a valid identifier for scheme 0208: a Belgian enterprise "
        "number (10 digits) is expected. Invoices cannot reach a wrong address: correct it."
    ]
    page = manager_client.get(reverse("customers:company-detail", args=[company.pk])).content.decode()
    assert 'id="identifier-problems"' in page
    Company.objects.filter(pk=company.pk).update(peppol_id="", vat_number="", enterprise_number="")
    company.refresh_from_db()
    with translation.override("en"):  # the page spoke the user's language
        assert company_identifier_problems(company) == [
            "Belgian companies receive their invoices over Peppol: enter the enterprise number or the Peppol id."
        ]
