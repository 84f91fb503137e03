from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from orderdesk.money import quantize
from sales.services.late_payment import (
    InterestPeriod,
    b2c_damages_cap,
    b2c_waiting_period,
    is_working_day,
    late_interest,
    late_interest_periods,
    working_days_after,
)

RATE_2025_H2 = [(date(2025, 7, 1), Decimal("10.5"))]

amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
percents = st.decimals(min_value=0, max_value=20, places=2, allow_nan=False, allow_infinity=False)
# A dict so that no valid_from appears twice with two rates; hypothesis gives its items in no particular order.
rate_tables = st.dictionaries(dates, percents, min_size=1, max_size=4).map(lambda table: list(table.items()))
properties = settings(max_examples=200, deadline=None)


def _scale(principal: Decimal) -> Decimal:
    """Book XIX scale without the €2,000 ceiling."""
    if principal <= 150:
        return Decimal(20)
    if principal <= 500:
        return 30 + (principal - 150) * Decimal("0.10")
    return 65 + (principal - 500) * Decimal("0.05")


def _rate_on(rates, day: date) -> Decimal:
    return max((valid_from, rate) for valid_from, rate in rates if valid_from <= day)[1]


# Interest: worked examples


def test_interest_over_one_quarter_at_one_rate():
    # Oct 31 + Nov 30 + Dec 31 = 92 days; 1,000.00 × 10.5/100 × 92/365 = 9,660/365 = 26.4657… → 26.47
    assert late_interest(
        principal=Decimal("1000.00"), due_date=date(2025, 9, 30), until=date(2025, 12, 31), rates=RATE_2025_H2
    ) == Decimal("26.47")


def test_interest_splits_where_the_rate_changes_and_rounds_once():
    rates = [(date(2026, 1, 1), Decimal("11.0")), *RATE_2025_H2]  # any order
    kwargs = {
        "principal": Decimal("1000.00"),
        "due_date": date(2025, 12, 15),
        "until": date(2026, 1, 31),
        "rates": rates,
    }
    # 16–31 Dec: 16 days × 105.00/365 = 1,680/365 = 4.6027…; January: 31 days × 110.00/365 = 3,410/365 = 9.3424…
    assert late_interest_periods(**kwargs) == [
        InterestPeriod(date(2025, 12, 16), date(2025, 12, 31), 16, Decimal("10.5"), Decimal(1680) / 365),
        InterestPeriod(date(2026, 1, 1), date(2026, 1, 31), 31, Decimal("11.0"), Decimal(3410) / 365),
    ]
    # 5,090/365 = 13.9452… → 13.95 (rounding each period first would give 4.60 + 9.34 = 13.94)
    assert late_interest(**kwargs) == Decimal("13.95")


def test_an_unchanged_rate_in_a_new_half_year_is_one_period():
    rates = [*RATE_2025_H2, (date(2026, 1, 1), Decimal("10.50"))]
    periods = late_interest_periods(
        principal=Decimal(1000), due_date=date(2025, 12, 15), until=date(2026, 1, 31), rates=rates
    )
    assert [(p.start, p.end, p.days) for p in periods] == [(date(2025, 12, 16), date(2026, 1, 31), 47)]


@pytest.mark.parametrize("until", [date(2025, 9, 30), date(2025, 9, 1)])
def test_no_interest_until_the_day_after_the_due_date(until):
    kwargs = {"principal": Decimal(1000), "due_date": date(2025, 9, 30), "until": until, "rates": RATE_2025_H2}
    assert late_interest(**kwargs) == Decimal("0.00")
    assert late_interest_periods(**kwargs) == []


def test_days_before_the_first_rate_earn_no_interest():
    rates = [(date(2025, 11, 1), Decimal("10.5"))]
    kwargs = {
        "principal": Decimal("1000.00"),
        "due_date": date(2025, 9, 30),
        "until": date(2025, 12, 31),
        "rates": rates,
    }
    # October is skipped; Nov 30 + Dec 31 = 61 days: 105.00 × 61/365 = 6,405/365 = 17.5479… → 17.55
    assert [(p.start, p.days) for p in late_interest_periods(**kwargs)] == [(date(2025, 11, 1), 61)]
    assert late_interest(**kwargs) == Decimal("17.55")


def test_a_rate_table_with_two_rates_on_one_day_is_refused():
    rates = [*RATE_2025_H2, (date(2025, 7, 1), Decimal("11.0"))]
    with pytest.raises(ValueError):
        late_interest(principal=Decimal(1000), due_date=date(2025, 9, 30), until=date(2025, 12, 31), rates=rates)


# Interest: properties


@properties
@given(amounts, dates, dates, rate_tables)
def test_interest_is_never_negative_and_nothing_until_the_due_date(principal, due_date, until, rates):
    interest = late_interest(principal=principal, due_date=due_date, until=until, rates=rates)
    assert interest >= 0
    if until <= due_date:
        assert interest == 0


@properties
@given(amounts, amounts, dates, dates, rate_tables)
def test_interest_grows_with_the_principal(a, b, due_date, until, rates):
    low, high = sorted((a, b))
    assert late_interest(principal=low, due_date=due_date, until=until, rates=rates) <= late_interest(
        principal=high, due_date=due_date, until=until, rates=rates
    )


@properties
@given(amounts, dates, dates, dates, rate_tables)
def test_interest_grows_with_the_end_date(principal, due_date, a, b, rates):
    earlier, later = sorted((a, b))
    assert late_interest(principal=principal, due_date=due_date, until=earlier, rates=rates) <= late_interest(
        principal=principal, due_date=due_date, until=later, rates=rates
    )


@properties
@given(amounts, dates, dates, dates, percents)
def test_interest_at_one_rate_is_the_textbook_formula(principal, a, b, until, rate):
    valid_from, due_date = sorted((a, b))
    days = max((until - due_date).days, 0)
    expected = quantize(principal * rate * days / 36500)
    assert late_interest(principal=principal, due_date=due_date, until=until, rates=[(valid_from, rate)]) == expected


@properties
@given(amounts, dates, dates, rate_tables, dates)
def test_repeating_the_current_rate_at_any_date_changes_nothing(principal, due_date, until, rates, split):
    assume(split >= min(valid_from for valid_from, _ in rates))
    split_rates = [*rates, (split, _rate_on(rates, split))]
    kwargs = {"principal": principal, "due_date": due_date, "until": until}
    assert late_interest(**kwargs, rates=split_rates) == late_interest(**kwargs, rates=rates)
    assert late_interest_periods(**kwargs, rates=split_rates) == late_interest_periods(**kwargs, rates=rates)


@properties
@given(amounts.filter(lambda amount: amount > 0), dates, dates, rate_tables)
def test_periods_cover_every_day_when_the_table_starts_in_time(principal, due_date, until, rates):
    assume(min(valid_from for valid_from, _ in rates) <= due_date + timedelta(days=1))
    periods = late_interest_periods(principal=principal, due_date=due_date, until=until, rates=rates)
    assert sum(p.days for p in periods) == max((until - due_date).days, 0)
    for previous, period in zip([None, *periods], periods, strict=False):
        assert period.start == (previous.end if previous else due_date) + timedelta(days=1)
        assert period.days == (period.end - period.start).days + 1
        assert period.rate == _rate_on(rates, period.start) == _rate_on(rates, period.end)
        assert previous is None or previous.rate != period.rate
    if periods:
        assert periods[-1].end == until


# B2C damages cap


@pytest.mark.parametrize(
    ("principal", "cap"),
    [
        ("-5.00", "0.00"),
        ("0.00", "0.00"),
        ("100.00", "20.00"),
        ("150.00", "20.00"),
        ("150.01", "30.00"),  # 30 + 10 % × 0.01 = 30.001
        ("400.00", "55.00"),  # 30 + 10 % × 250
        ("500.00", "65.00"),  # 30 + 10 % × 350
        ("1000.00", "90.00"),  # 65 + 5 % × 500
        ("38000.00", "1940.00"),  # 65 + 5 % × 37,500 = 1,940
        ("40000.00", "2000.00"),  # 65 + 5 % × 39,500 = 2,040 → capped
    ],
)
def test_b2c_damages_cap(principal, cap):
    assert b2c_damages_cap(Decimal(principal)) == Decimal(cap)


@properties
@given(amounts)
def test_the_cap_stays_between_zero_and_2000_and_under_the_scale(principal):
    cap = b2c_damages_cap(principal)
    assert 0 <= cap <= 2000
    assert cap <= quantize(_scale(principal))


@properties
@given(amounts, amounts)
def test_the_cap_grows_with_the_principal(a, b):
    low, high = sorted((a, b))
    assert b2c_damages_cap(low) <= b2c_damages_cap(high)


# B2C waiting period


def test_working_days_skip_weekends_and_belgian_holidays():
    assert is_working_day(date(2026, 7, 20))  # Monday
    assert not is_working_day(date(2026, 7, 18))  # Saturday
    assert not is_working_day(date(2026, 7, 21))  # Tuesday, National Day
    assert working_days_after(date(2026, 7, 17), 1) == date(2026, 7, 20)
    assert working_days_after(date(2026, 7, 17), 0) == date(2026, 7, 17)


@pytest.mark.parametrize(
    ("sent_on", "channel", "first", "last"),
    [
        # E-mail: calendar days from the next day, a Saturday included.
        (date(2026, 7, 17), "email", date(2026, 7, 18), date(2026, 7, 31)),
        # Letter on Friday: Mon 20 (1), Tue 21 National Day skipped, Wed 22 (2), Thu 23 (3).
        (date(2026, 7, 17), "letter", date(2026, 7, 23), date(2026, 8, 5)),
        # Letter on Thursday 24 Dec: Fri 25 Christmas, weekend, Mon 28 (1), Tue 29 (2), Wed 30 (3).
        (date(2026, 12, 24), "letter", date(2026, 12, 30), date(2027, 1, 12)),
        # Letter on Monday 29 Dec: Tue 30 (1), Wed 31 (2), Thu 1 Jan New Year skipped, Fri 2 (3).
        (date(2025, 12, 29), "letter", date(2026, 1, 2), date(2026, 1, 15)),
    ],
)
def test_b2c_waiting_period(sent_on, channel, first, last):
    assert b2c_waiting_period(sent_on=sent_on, channel=channel) == (first, last)


def test_an_unknown_reminder_channel_is_refused():
    with pytest.raises(ValueError):
        b2c_waiting_period(sent_on=date(2026, 7, 17), channel="fax")


@properties
@given(dates, st.sampled_from(["email", "letter"]))
def test_the_waiting_period_is_14_calendar_days_after_sending(sent_on, channel):
    first, last = b2c_waiting_period(sent_on=sent_on, channel=channel)
    assert (last - first).days == 13
    assert first > sent_on
    if channel == "letter":
        assert is_working_day(first)
