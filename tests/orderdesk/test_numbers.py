"""The one Belgian rule for numbers (orderdesk.numbers), the lenient readers of query strings (orderdesk.params) and
the plausible range of every date (orderdesk.forms.DateRange), proven on many inputs with hypothesis."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from orderdesk.forms import ANY_DATE, AmountField, DateRange, PlausibleDates, date_typed
from orderdesk.numbers import NumberError, format_number, parse_number, to_number
from orderdesk.params import MAX_ID, date_param, decimal_param, id_param, int_param, object_param, text_param


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


belgian_decimals = st.decimals(
    min_value=Decimal("-999999999999"), max_value=Decimal("999999999999"), allow_nan=False, allow_infinity=False
).filter(lambda d: d.as_tuple().exponent >= -6)


@given(belgian_decimals, st.booleans())
@example(Decimal("1234"), True)
@example(Decimal("0.5"), False)
@example(Decimal("-1234567.891"), True)
@example(Decimal("1E+3"), False)
def test_a_number_written_the_belgian_way_reads_back_as_the_same_number(value, grouped):
    assert parse_number(format_number(value, grouped=grouped)) == value


@given(belgian_decimals, st.integers(min_value=0, max_value=4))
def test_a_number_with_fixed_decimals_reads_back_rounded_the_same(value, places):
    assert parse_number(format_number(value, decimal_places=places)) == round(value, places)


@given(st.integers(min_value=1000, max_value=10**15))
def test_a_point_between_groups_of_three_separates_the_thousands(number):
    assert parse_number(f"{number:,}".replace(",", ".")) == number
    assert parse_number(f"{number:,}".replace(",", ".") + ",5") == Decimal(number) + Decimal("0.5")


@given(st.integers(min_value=0, max_value=10**9), st.text("0123456789", min_size=1, max_size=8))
def test_any_other_point_is_the_decimal_point(whole, decimals):
    text = f"{whole}.{decimals}"
    grouped = len(decimals) == 3 and 0 < whole < 1000
    assert parse_number(text) == (Decimal(f"{whole}{decimals}") if grouped else Decimal(text))


@given(st.text(max_size=80))
@example("NaN")
@example("1e400")
@example("Infinity")
@example("-")
@example("1.2.3")
@example("a\x00b")
def test_any_text_is_a_finite_number_or_a_number_error_never_a_crash(text):
    try:
        value = parse_number(text)
    except NumberError as error:
        assert error.message
    else:
        assert value.is_finite()


@pytest.mark.parametrize(
    ("text", "value"),
    [("1.234", "1234"), ("1.234,5", "1234.5"), ("1.5", "1.5"), ("1234.56", "1234.56"), ("0.500", "0.5"),
     ("1,234.56", "1234.56"), ("€ 1 234,56", "1234.56"), ("-3,5", "-3.5"), (",5", "0.5"), ("12.345.678", "12345678")],
)  # fmt: skip
def test_the_rule_on_the_cases_people_type(text, value):
    assert parse_number(text) == Decimal(value)


@given(st.text(alphabet="0123456789.,-", min_size=1, max_size=12))
def test_a_quantity_and_a_price_read_every_text_the_same_way(text):
    quantity, price = AmountField(max_digits=15, decimal_places=6), AmountField(max_digits=15, decimal_places=6)
    try:
        read = quantity.clean(text)
    except forms.ValidationError:
        with pytest.raises(forms.ValidationError):
            price.clean(text)
    else:
        assert price.clean(text) == read


@given(belgian_decimals)
def test_a_field_shows_a_stored_number_the_way_it_reads_it_back(value):
    field = AmountField(max_digits=20, decimal_places=6)
    assert field.clean(field.prepare_value(value)) == value


def test_a_number_the_column_cannot_hold_is_refused_with_a_message():
    assert to_number("1.234,5", max_digits=12, decimal_places=3) == Decimal("1234.5")
    for text in ("1234567890", "0,0001"):
        with pytest.raises(NumberError):
            to_number(text, max_digits=12, decimal_places=3)
    assert to_number(Decimal("12.3400"), max_digits=14, decimal_places=2) == Decimal("12.34")


# --- query strings ----------------------------------------------------------------------------------------------

JUNK = ["", "abc", "-1", "0", "9" * 30, "NaN", "1e400", "2026-13-45", "x" * 10_000, "Zoë ✓ 𝄞", "a\x00b", "²", "1.5"]


@pytest.mark.parametrize("value", JUNK)
def test_an_unusable_id_is_none(value):
    assert id_param(value) is None


@given(st.text(max_size=40))
def test_the_readers_never_fail_and_stay_in_range(value):
    pk = id_param(value)
    assert pk is None or 0 < pk <= MAX_ID
    number = int_param(value, minimum=-5, maximum=5)
    assert number is None or -5 <= number <= 5
    amount = decimal_param(value, minimum=Decimal(0), maximum=Decimal(100))
    assert amount is None or 0 <= amount <= 100
    day = date_param(value)
    assert day is None or datetime.date(1900, 1, 1) <= day <= datetime.date(2199, 12, 31)
    assert "\x00" not in text_param(value)


def test_a_real_id_finds_its_row(db):
    from orderdesk.models import User

    user = User.objects.create(username="zoe")
    assert id_param(str(user.pk)) == user.pk
    assert object_param(User.objects, str(user.pk)) == user
    assert object_param(User.objects, "9" * 19) is None
    assert object_param(User.objects, "abc") is None


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2026-13-45", "2026-02-30"])
def test_a_date_filter_ignores_a_date_nobody_means(value):
    assert date_param(value) is None


# --- dates --------------------------------------------------------------------------------------------------------

TODAY = datetime.date(2026, 6, 15)


@given(st.dates())
def test_a_date_range_accepts_exactly_the_days_within_it(day):
    payments = DateRange(366, 366, "a payment is registered within a year of the day it was received")
    inside = TODAY - datetime.timedelta(days=366) <= day <= TODAY + datetime.timedelta(days=366)
    try:
        payments.check(day, today=TODAY)
    except forms.ValidationError as error:
        assert not inside
        message = error.messages[0]
        assert "14/06/2025" in message and "16/06/2027" in message and "within a year" in message
    else:
        assert inside


class _DatedForm(PlausibleDates, forms.Form):
    day = forms.DateField()
    promised = forms.DateField()
    date_ranges = {"promised": DateRange(0, 183, "a promise is for the coming six months")}


@pytest.mark.parametrize("typed", ["0001-01-01", "9999-12-31"])
def test_every_date_field_refuses_a_date_nobody_means_and_says_why(typed):
    form = _DatedForm({"day": typed, "promised": typed})
    assert not form.is_valid()
    assert "typing mistake" in form.errors["day"][0]
    assert "six months" in form.errors["promised"][0]


def test_a_date_read_by_hand_is_checked_as_a_form_field():
    assert date_typed(TODAY.isoformat(), date_range=DateRange(3653, 3653, "")) == TODAY
    for typed in ("", "abc", "2026-13-45", "0001-01-01", "a\x00b"):
        with pytest.raises(forms.ValidationError):
            date_typed(typed)
    assert ANY_DATE.days_before >= 3650


def test_every_form_of_the_project_checks_its_dates_and_reads_numbers_the_belgian_way():
    from django.urls import get_resolver

    assert get_resolver().url_patterns  # imports every view, and so every form

    def subclasses(cls):
        for subclass in cls.__subclasses__():
            yield subclass
            yield from subclasses(subclass)

    undated, unbelgian = set(), set()
    for form in subclasses(forms.BaseForm):
        if form.__module__.split(".")[0] not in ("orderdesk", "customers", "sales", "complaints", "desk"):
            continue
        for name, field in form.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField) and not issubclass(form, PlausibleDates):
                undated.add(f"{form.__module__}.{form.__name__}.{name}")
            if isinstance(field, forms.DecimalField | forms.FloatField) and not isinstance(field, AmountField):
                unbelgian.add(f"{form.__module__}.{form.__name__}.{name}")
    assert not undated, "date fields without a plausible range"
    assert not unbelgian, "number fields that do not read the Belgian way"
