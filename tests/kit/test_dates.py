"""The practice calendar: months on, working days, birthdays, and the date-order refusal."""

from __future__ import annotations

from datetime import date

import pytest

from service.kit.dates import add_months, add_working_days, birthday, not_before
from service.kit.errors import RuleViolation


def test_working_days_leave_out_weekends_and_bank_holidays() -> None:
    assert add_working_days(date(2025, 3, 3), 15) == date(2025, 3, 24)
    # Good Friday and Easter Monday 2025 (18 and 21 April) are not working days.
    assert add_working_days(date(2025, 4, 10), 15) == date(2025, 5, 6)  # 5 May is a bank holiday too
    assert add_working_days(date(2025, 12, 24), 1) == date(2025, 12, 29)  # Christmas, Boxing Day, a weekend


def test_months_on_end_on_the_month_s_last_day_where_it_is_shorter() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 3, 15), -3) == date(2024, 12, 15)


def test_a_leap_day_birthday_falls_on_the_first_of_march() -> None:
    assert birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert birthday(date(2008, 3, 1), 18) == date(2026, 3, 1)
    assert birthday(date(2008, 2, 29), 16) == date(2024, 2, 29)


def test_a_date_before_the_one_it_follows_is_refused_naming_the_field() -> None:
    not_before(date(2025, 5, 1), date(2025, 5, 1), "/end_date", "the start", "SOS-LAC-002")
    not_before(None, date(2025, 5, 1), "/end_date", "the start", "SOS-LAC-002")
    with pytest.raises(RuleViolation) as refused:
        not_before(date(2025, 4, 30), date(2025, 5, 1), "/end_date", "the start", "SOS-LAC-002")
    assert refused.value.requirement == "SOS-LAC-002"
    assert [(e.pointer, e.code) for e in refused.value.errors or []] == [("/end_date", "date_out_of_order")]
