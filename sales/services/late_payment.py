"""Belgian late-payment arithmetic (DOMAIN-BE §5): statutory interest, B2C damages cap, B2C waiting period.

Pure functions without database access: callers read the dated rate table and pass it in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import holidays

from orderdesk.money import ZERO, quantize

B2B_FLAT_COMPENSATION = Decimal("40.00")  # law of 2 August 2002, per invoice
B2C_WAITING_DAYS = 14

# Always 365, in leap years too (actual/365 fixed): a day late costs the same in every year.
DAYS_PER_YEAR = 365
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class InterestPeriod:
    start: date  # first day counted (inclusive)
    end: date  # last day counted (inclusive)
    days: int
    rate: Decimal  # percent per year, e.g. Decimal("10.5")
    amount: Decimal  # exact (not rounded) interest of this period


def _interest_numerator(principal: Decimal, rate: Decimal, days: int) -> Decimal:
    # Multiplication of short decimals is exact; only the division by 100 × 365 rounds (to 28 digits).
    return principal * rate * days


def _rate_table(rates: Sequence[tuple[date, Decimal]]) -> list[tuple[date, Decimal]]:
    table: dict[date, Decimal] = {}
    for valid_from, percent in rates:
        if percent < 0:
            raise ValueError(f"Negative interest rate {percent} valid from {valid_from}.")
        if table.get(valid_from, percent) != percent:
            raise ValueError(f"Two different rates valid from {valid_from}.")
        table[valid_from] = percent
    return sorted(table.items())


def late_interest_periods(
    *, principal: Decimal, due_date: date, until: date, rates: Sequence[tuple[date, Decimal]]
) -> list[InterestPeriod]:
    """The days from the day after `due_date` through `until`, one period per run of days at the same rate.

    A day uses the rate with the latest valid_from on or before it. Days before the earliest valid_from have no
    known rate and earn no interest: they are skipped, so the first period then starts later than due_date + 1.
    """
    if until <= due_date or principal <= 0:
        return []
    table = _rate_table(rates)
    first_day = due_date + ONE_DAY
    periods: list[InterestPeriod] = []
    # A rate row is valid until the day before the next row starts; the last row until `until`.
    for (valid_from, rate), valid_to in zip(table, [d - ONE_DAY for d, _ in table[1:]] + [until], strict=True):
        start, end = max(valid_from, first_day), min(valid_to, until)
        if start > end:
            continue
        if periods and periods[-1].rate == rate:
            # The table repeats the rate (e.g. a new half year at an unchanged rate): the rate did not change.
            start = periods.pop().start
        days = (end - start).days + 1
        amount = _interest_numerator(principal, rate, days) / (100 * DAYS_PER_YEAR)
        periods.append(InterestPeriod(start=start, end=end, days=days, rate=rate, amount=amount))
    return periods


def late_interest(*, principal: Decimal, due_date: date, until: date, rates: Sequence[tuple[date, Decimal]]) -> Decimal:
    """Simple interest per day, principal × rate/100 × days/365, rounded once to the cent (half up)."""
    periods = late_interest_periods(principal=principal, due_date=due_date, until=until, rates=rates)
    # The sum of the exact period amounts, taken over the exact numerators and divided once: adding up several
    # 28-digit divisions could tip a total that lands exactly on a half cent.
    numerator = sum((_interest_numerator(principal, p.rate, p.days) for p in periods), ZERO)
    return quantize(numerator / (100 * DAYS_PER_YEAR))


def b2c_damages_cap(principal: Decimal) -> Decimal:
    """Maximum damages a consumer may be charged (Code of Economic Law, book XIX), by the principal still due."""
    if principal <= 0:
        return ZERO
    if principal <= 150:
        cap = Decimal(20)
    elif principal <= 500:
        cap = 30 + (principal - 150) * Decimal("0.10")
    else:
        cap = min(65 + (principal - 500) * Decimal("0.05"), Decimal(2000))
    return quantize(cap)


@cache
def _belgian_holidays(year: int) -> frozenset[date]:
    # Built once per year: reminder runs ask about the same few weeks again and again.
    return frozenset(holidays.country_holidays("BE", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _belgian_holidays(day.year)


def working_days_after(day: date, count: int) -> date:
    """The count-th working day after `day` (`day` itself does not count); count 0 gives `day`."""
    if count < 0:
        raise ValueError("count must not be negative.")
    while count:
        day += ONE_DAY
        if is_working_day(day):
            count -= 1
    return day


def b2c_waiting_period(*, sent_on: date, channel: str) -> tuple[date, date]:
    """(first day, last day) of the 14 calendar days a consumer has after the free first reminder.

    Damages and fees may be charged from the day after the last day.
    """
    if channel == "email":
        first = sent_on + ONE_DAY
    elif channel == "letter":
        # Book XIX: after a paper reminder the period starts on the 3rd working day after sending.
        first = working_days_after(sent_on, 3)
    else:
        raise ValueError(f"Unknown reminder channel {channel!r}; expected 'email' or 'letter'.")
    return first, first + timedelta(days=B2C_WAITING_DAYS - 1)
