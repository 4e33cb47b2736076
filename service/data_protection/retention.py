"""How long a child's record is kept, worked out from the records, never typed (domain.md 6.3 and
8.5 rule 12). No FastAPI here.

Three rules, each giving a date; the record is kept until the latest date of the rules that apply:

* ``ADOPTED``: a looked-after episode ended by an adoption order (SSDA903 reason ceased E11 or
  E12): 100 years from the order (the episode's end).
* ``LOOKED_AFTER``: ever looked after: to the 75th anniversary of the child's birth, or, where the
  child died before 18, 15 years from the death (the Care Planning, Placement and Case Review
  (England) Regulations 2010, regulation 50).
* ``LOCAL_POLICY``: every child: the authority's own policy for records no statute times. This
  reference keeps them until the child is 18 and has had ``inactive_years`` (3 unless set, the
  example domain.md 6.2 gives) with no change to their records, whichever is later.

A rule that applies but cannot be worked out (a looked-after child with no date of birth) leaves
the date open (null): the record is kept until it can be. :func:`child_retention` reads what the
rules need; the rules themselves read no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.care.episodes import ADOPTED
from service.data_protection.schemas import Retention, RetentionRule
from service.kit.dates import birthday
from service.kit.records import ENTERED_IN_ERROR
from service.models import Person
from service.models.care import LookedAfterEpisode
from service.stages.chronology import case_ids_of, child_versions

ADOPTION_YEARS = 100
LOOKED_AFTER_AGE = 75
AFTER_DEATH_YEARS = 15
ADULT_AGE = 18


@dataclass(frozen=True)
class Finding:
    """One rule as it stands for the child: whether it applies, the date it gives and why."""

    rule: str
    applies: bool
    until: date | None
    because: str


def child_retention(session: Session, la_code: str, child: Person, inactive_years: int) -> Retention:
    """How long ``child``'s records are kept: their looked-after episodes (none entered in error) and
    the practice date of the last entry of their chronology, put to the rules."""
    episodes = session.scalars(
        select(LookedAfterEpisode).where(
            LookedAfterEpisode.la_code == la_code,
            LookedAfterEpisode.child_id == child.id,
            LookedAfterEpisode.status != ENTERED_IN_ERROR,
        )
    ).all()
    versions = child_versions(session, la_code, child.id, case_ids_of(session, child.id))
    last_change_on = max((v.effective_on for v in versions), default=None)
    found = findings(child, episodes, last_change_on, inactive_years)
    retain_until, rule = kept_until(found)
    return Retention(
        child_id=child.id,
        retain_until=retain_until,
        rule=rule,
        rules=[RetentionRule(**vars(f)) for f in found],
        last_change_on=last_change_on,
        inactive_years=inactive_years,
    )


def findings(
    person: Any, episodes: Sequence[Any], last_change_on: date | None, inactive_years: int
) -> list[Finding]:
    """Each rule for the child ``person`` with their looked-after ``episodes`` (none entered in error)
    and the practice date of the last change to their records."""
    return [
        _adopted(episodes),
        _looked_after(person, episodes),
        _local_policy(person, last_change_on, inactive_years),
    ]


def kept_until(found: Sequence[Finding]) -> tuple[date | None, str | None]:
    """The date the record is kept until and the rule giving it: the latest date of the rules that
    apply (the first such rule on a tie), or no date while one of them cannot be worked out."""
    applying = [f for f in found if f.applies]
    if not applying or any(f.until is None for f in applying):
        return None, None
    latest = max(applying, key=lambda f: f.until or date.min)
    return latest.until, latest.rule


def _adopted(episodes: Sequence[Any]) -> Finding:
    orders = [e.end_date for e in episodes if e.reason_ceased in ADOPTED and e.end_date]
    if not orders:
        return Finding("ADOPTED", False, None, "No looked-after episode ended with an adoption order.")
    order = max(orders)
    return Finding(
        "ADOPTED",
        True,
        birthday(order, ADOPTION_YEARS),
        f"Adopted: an adoption order on {order}, kept {ADOPTION_YEARS} years from it.",
    )


def _looked_after(person: Any, episodes: Sequence[Any]) -> Finding:
    if not episodes:
        return Finding("LOOKED_AFTER", False, None, "Never looked after.")
    born, died = person.date_of_birth, person.date_of_death
    if born is None:
        return Finding(
            "LOOKED_AFTER", True, None, "Looked after, with no date of birth: kept until there is one."
        )
    if died is not None and died < birthday(born, ADULT_AGE):
        return Finding(
            "LOOKED_AFTER",
            True,
            birthday(died, AFTER_DEATH_YEARS),
            f"Looked after, and died on {died}, before 18: kept {AFTER_DEATH_YEARS} years from the death.",
        )
    return Finding(
        "LOOKED_AFTER",
        True,
        birthday(born, LOOKED_AFTER_AGE),
        f"Looked after: kept to the {LOOKED_AFTER_AGE}th anniversary of the birth on {born}.",
    )


def _local_policy(person: Any, last_change_on: date | None, inactive_years: int) -> Finding:
    born = person.date_of_birth or person.expected_date_of_birth
    dates = []
    said = []
    if born is not None:
        dates.append(birthday(born, ADULT_AGE))
        said.append(f"the 18th birthday ({dates[-1]})")
    if last_change_on is not None:
        dates.append(birthday(last_change_on, inactive_years))
        said.append(f"{inactive_years} years after the last change of {last_change_on} ({dates[-1]})")
    if not dates:
        return Finding("LOCAL_POLICY", True, None, "No date of birth and no change recorded yet.")
    return Finding(
        "LOCAL_POLICY",
        True,
        max(dates),
        "The authority's policy: kept until the later of " + " and ".join(said) + ".",
    )
