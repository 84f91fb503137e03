"""Peppol participant identifiers (an EAS scheme and a value that passes the scheme's own check), VAT numbers
with their country prefix, our company's identifiers, and the text XML cannot carry."""

import pytest
from django.core.exceptions import ValidationError
from stdnum import ean

from orderdesk.identifiers import (
    compact_peppol_id,
    compact_vat_number,
    peppol_endpoint,
    peppol_id_error,
    postal_code_required,
)
from orderdesk.models import CompanySettings
from orderdesk.services import company_settings_identifiers_clean
from orderdesk.text import has_control_characters, text_clean


@pytest.mark.parametrize(
    "value",
    ["0208:0403170701", "9925:BE0403170701", "0088:" + "541000000000" + ean.calc_check_digit("541000000000"),
     "0192:974760673", "0184:DK13585628", "0007:5560360793", "0183:CHE109322551", "9944:NL004495445B01",
     "9930:DE136695976", "0211:IT00743110157", "0106:12345678", "0009:73282932000074"],
)  # fmt: skip
def test_identifiers_peppol_accepts(value):
    assert peppol_id_error(value) == ""


@pytest.mark.parametrize(
    "value",
    ["0208:0403170702", "0208:BE0403170701", "9925:0403170701", "0088:5410000000003", "0192:974760674",
     "0184:13585628", "0007:556036079", "0183:CHE109322552", "9944:NL004495446B01", "0106:1234567",
     "9906:IT00743110157", "0000:1", "0208", "0208:", "9957:FR 403"],
)  # fmt: skip
def test_identifiers_peppol_refuses(value):
    assert peppol_id_error(value)


def test_a_peppol_id_is_compacted_before_it_is_checked():
    assert compact_peppol_id("iso6523-actorid-upis::0208:0403.170.701") == "0208:0403170701"
    assert compact_peppol_id(" 9925 : be 0403 170 701") == "9925:BE0403170701"
    assert compact_peppol_id("9933:094259216") == "9933:EL094259216"


def test_the_peppol_address_of_a_party_comes_from_its_identifiers():
    assert peppol_endpoint(peppol_id="0088:5410000000002") == ("0088", "5410000000002")
    assert peppol_endpoint(enterprise_number="0403170701", country="BE") == ("0208", "0403170701")
    assert peppol_endpoint(vat_number="BE0403170701", country="BE") == ("0208", "0403170701")
    assert peppol_endpoint(vat_number="NL004495445B01", country="NL") == ("9944", "NL004495445B01")
    assert peppol_endpoint(vat_number="DK13585628", country="DK") == ("0184", "DK13585628")
    assert peppol_endpoint(vat_number="IT00743110157", country="IT") == ("0211", "IT00743110157")
    assert peppol_endpoint(country="CH") is None  # a Swiss company without a Peppol id: the PDF alone


def test_a_vat_number_takes_its_countrys_prefix_and_garbage_stays_garbage():
    assert compact_vat_number("0403.170.701", country="BE") == "BE0403170701"
    assert compact_vat_number("094259216", country="GR") == "EL094259216"
    assert compact_vat_number("be 0403 170 701") == "BE0403170701"
    assert compact_vat_number("hello?") == "HELLO"  # refused by the check, not a crash


def test_some_countries_have_no_postal_codes():
    assert postal_code_required("BE") and postal_code_required("CH")
    assert not postal_code_required("HK") and not postal_code_required("AE") and not postal_code_required("IE")


def test_our_vat_number_is_stored_with_its_prefix_and_must_be_our_enterprise_number(db):
    company = CompanySettings(name="Wij", enterprise_number="0403.170.701", vat_number="0403170701", country="be")
    company_settings_identifiers_clean(company)
    assert (company.enterprise_number, company.vat_number, company.country) == ("0403170701", "BE0403170701", "BE")

    company.vat_number = "BE0417497106"
    with pytest.raises(ValidationError) as refused:
        company_settings_identifiers_clean(company)
    assert "vat_number" in refused.value.message_dict


def test_characters_xml_cannot_carry_are_removed():
    assert text_clean("Bakkerij\x0b Peeters\x00 & <Zonen>\x1b\x7f\x85") == "Bakkerij Peeters & <Zonen>"
    assert text_clean("Regel 1\nRegel\t2\r\n") == "Regel 1\nRegel\t2\r\n"
    assert has_control_characters("a\x02") and not has_control_characters("é & ü")
