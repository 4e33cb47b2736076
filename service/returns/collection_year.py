"""The DfE collection year a return is for, and who and what each return includes.

Decisions (written down once, here):

* ``--year 2025-26`` is the collection year 1 April 2025 to 31 March 2026. Its **census date** (the
  CIN census ReferenceDate, the SSDA903 year end) is 31 March 2026, the last day of the reporting
  year. Both ends are inclusive.
* A return shows the records **as they stood at the census date**: anything dated after it is left
  out (a referral made on 2 April 2026 is not in the 2025-26 census), and a date after it that ends
  something (a closure, a plan's end, an assessment's authorisation) is shown as not yet happened,
  so the thing it ends is open at the census date. Nothing is invented to fill a gap: a field the
  records do not hold is left empty and the validators report it.
* **CIN census**: every child with an episode of need (referral) open at some point in the year:
  referred on or before the census date and not closed before the year began. Of that child, the
  referrals open in the year; of each referral, the assessments, CIN plans, section 47 enquiries
  and child protection plans not finished before the year began and started by the census date; of
  each plan, the reviews held in the year.
* **SSDA903**: every child looked after at some point in the year (an episode starting on or
  before the census date and not ceasing before the year began), with the episodes that overlap the
  year; reviews and missing episodes in the year; the health outcomes (OC2) recorded for the census
  date; MOTHER from the latest mother status recorded by the census date; for each child looked
  after at the census date, the allocations of their cases in the year (social worker episodes,
  including those from before the child came into care); and care leavers whose
  17th to 21st birthday fell in the year while not looked after (their header row and the contact
  nearest that birthday, no episodes). One exception to "as they stood at the census date": a child
  whose period of care began in the year has the permanence they had before it (PrevPerm) read
  from the first permanence decision recording it, even one recorded after the census date, since
  it describes the child's life before this care, not something that happened after the census.
* **Annex A**: the same reporting year, each list counting what it lists by its own date.
* Records made as test data (``X-Test-Data: true``) and records entered in error never appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_YEAR = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class CollectionYear:
    """One collection year: ``start`` 1 April, ``census_date`` the next 31 March."""

    start: date
    census_date: date

    @classmethod
    def parse(cls, text: str) -> CollectionYear:
        """``2025-26`` (the DfE's way of naming a year); refuses anything else with a reason."""
        found = _YEAR.fullmatch(text.strip())
        if found is None:
            raise ValueError(f"a collection year is written like 2025-26, not {text!r}")
        first = int(found.group(1))
        if (first + 1) % 100 != int(found.group(2)):
            following = f"{first}-{(first + 1) % 100:02d}"
            raise ValueError(f"{text!r}: the second year must follow the first, as in {following}")
        return cls(start=date(first, 4, 1), census_date=date(first + 1, 3, 31))

    @property
    def label(self) -> str:
        return f"{self.start.year}-{self.census_date.year % 100:02d}"

    @property
    def ends_in(self) -> int:
        """The year the collection is named after by the validators (2026 for 2025-26)."""
        return self.census_date.year

    def by_census(self, day: date | None) -> date | None:
        """A date as known at the census date: ``None`` when it falls after it."""
        return day if day is not None and day <= self.census_date else None

    def overlaps(self, began: date | None, ended: date | None) -> bool:
        """Whether something that began on ``began`` and ended on ``ended`` (or goes on) was open at
        some point in the year, as known at the census date."""
        if began is None or began > self.census_date:
            return False
        return ended is None or ended >= self.start

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.census_date
