"""The collection year: its dates, and what it counts as open in it."""

from __future__ import annotations

from datetime import date

import pytest

from service.returns.collection_year import CollectionYear


def test_a_year_runs_from_1_april_to_the_census_date_31_march() -> None:
    year = CollectionYear.parse("2025-26")
    assert (year.start, year.census_date, year.ends_in, year.label) == (
        date(2025, 4, 1),
        date(2026, 3, 31),
        2026,
        "2025-26",
    )
    assert CollectionYear.parse("1999-00").census_date == date(2000, 3, 31)


@pytest.mark.parametrize("text", ["2025-27", "2025", "25-26", "2025/26", ""])
def test_a_year_written_otherwise_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        CollectionYear.parse(text)


def test_open_in_the_year_as_known_at_the_census_date() -> None:
    year = CollectionYear.parse("2025-26")
    assert year.overlaps(date(2024, 1, 1), None)
    assert year.overlaps(date(2024, 1, 1), date(2025, 4, 1))
    assert not year.overlaps(date(2024, 1, 1), date(2025, 3, 31))
    assert year.overlaps(date(2026, 3, 31), None)
    assert not year.overlaps(date(2026, 4, 1), None)
    assert year.by_census(date(2026, 4, 1)) is None
    assert year.by_census(date(2026, 3, 31)) == date(2026, 3, 31)
