"""Practice dates every area counts with: months on, working days (England's bank holidays left out),
birthdays, and the refusal of a date that comes before the one it follows."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

from service.kit.errors import refuse
from service.reference_data.registry import code_lists


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), the month's last day where it has no such day."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache
def bank_holidays() -> frozenset[date]:
    """England's bank holidays, from the code list ``england_bank_holidays``."""
    return frozenset(date.fromisoformat(code) for code in code_lists()["england_bank_holidays"].codes)


def add_working_days(day: date, count: int) -> date:
    """The date ``count`` working days after ``day``: weekends and England bank holidays left out."""
    holidays = bank_holidays()
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day


def birthday(born: date, years: int) -> date:
    """The date a person born on ``born`` turns ``years`` (29 February counts from 1 March)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def not_before(day: date | None, earlier: date | None, pointer: str, what: str, requirement: str) -> None:
    """Refuse ``day`` (the field at ``pointer``) when it is before ``earlier`` (``what`` says what that
    date is: "the referral", "the plan's start"); either missing, nothing to check."""
    if day is not None and earlier is not None and day < earlier:
        raise refuse(
            pointer,
            f"before {what} ({earlier})",
            "date_out_of_order",
            requirement,
            f"{pointer.strip('/')} cannot be before {what} ({earlier}).",
        )
