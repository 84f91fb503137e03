"""Texts the system stores as a code and its parameters read in the reader's language, amounts and dates the
Belgian way in every language; older rows (plain text) read as they were written."""

import datetime
import json
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from orderdesk.stored_texts import Percent, Quantity, stored_text, stored_text_register, stored_text_render

OTHER_AMOUNT = stored_text_register(
    "tests.other_amount", _("Structured communication of %(number)s, but %(open)s is open")
)
HANDED_OVER = stored_text_register("tests.handed_over", _("Handed over by the reminder run of %(date)s."))
FOREIGN = stored_text_register("tests.foreign", _("%(reason)s, but the amount is in %(currency)s"))
PLAIN = stored_text_register("tests.plain", _("Structured communication and amount"))
NUMBERS = stored_text_register("tests.numbers", "%(percent)s · %(quantity)s")


def stored_as_json(value):
    """What the JSONField gives back: the value through JSON and back."""
    return json.loads(json.dumps(value))


def test_a_stored_text_reads_in_the_readers_language_with_belgian_amounts():
    value = stored_as_json(stored_text(OTHER_AMOUNT, number="F2026-000012", open=Decimal("1234.5")))

    assert (
        stored_text_render(value, "nl")
        == "Gestructureerde mededeling van F2026-000012, maar er staat 1.234,50\xa0€ open"
    )
    assert (
        stored_text_render(value, "fr")
        == "Communication structurée de F2026-000012, mais le solde ouvert est de 1.234,50\xa0€"
    )
    with translation.override("en"):
        assert stored_text_render(value) == "Structured communication of F2026-000012, but 1.234,50\xa0€ is open"


def test_dates_numbers_and_a_text_inside_a_text_keep_their_type():
    handed_over = stored_as_json(stored_text(HANDED_OVER, date=datetime.date(2026, 3, 9)))
    assert handed_over["params"]["date"] == {"type": "date", "value": "2026-03-09"}
    assert stored_text_render(handed_over, "fr") == "Transmis par la tournée de rappels du 09/03/2026."

    foreign = stored_as_json(stored_text(FOREIGN, reason=stored_text(PLAIN), currency="USD"))
    assert stored_text_render(foreign, "nl") == "Gestructureerde mededeling en bedrag, maar het bedrag is in USD"
    assert stored_text_render(foreign, "fr") == "Communication structurée et montant, mais le montant est en USD"

    numbers = stored_as_json(stored_text(NUMBERS, percent=Percent("14.50"), quantity=Quantity("1234.500")))
    assert stored_text_render(numbers, "fr") == "14,5\xa0% · 1.234,5"


def test_older_rows_and_unknown_codes_still_read():
    assert stored_text_render("Vrij getypte reden", "fr") == "Vrij getypte reden"
    assert stored_text_render(None) == stored_text_render({}) == ""
    assert stored_text_render({"code": "gone.away", "params": {"number": "F1"}}, "fr") == "gone.away · F1"
    with pytest.raises(KeyError):
        stored_text("tests.never_declared")
    with pytest.raises(TypeError):
        stored_text(PLAIN, amount=1.5)  # money never passes through float


def test_the_template_filter_prefers_the_stored_text_and_falls_back_to_the_typed_one():
    template = Template("{% load orderdesk %}[{{ data|stored_text:typed }}]")
    with translation.override("fr"):
        assert (
            template.render(Context({"data": stored_text(PLAIN), "typed": ""}))
            == "[Communication structurée et montant]"
        )
        assert template.render(Context({"data": None, "typed": "Getypt"})) == "[Getypt]"


def test_a_text_built_from_data_is_built_when_read_in_the_readers_language():
    built = stored_text_register("tests.built", lambda params: f"{translation.get_language()}: {len(params['rows'])}")

    value = stored_as_json(stored_text(built, rows=[{"kind": "discount", "percent": "14.5"}]))

    assert stored_text_render(value, "fr") == "fr: 1"
    assert stored_text_render([value, stored_text(PLAIN)], "nl") == "nl: 1; Gestructureerde mededeling en bedrag"
