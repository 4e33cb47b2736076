"""The SSDA903 children looked after return (CSV tables) made from the looked-after records.

Each table is a projection of one kind of record (service/models/care.py names the SSDA903 field of
each column), with the columns and file names the DfE's layout and the validator use. Dates are
written dd/mm/yyyy. As for the CIN census, each row is kept with the API path of its record
(``Ssda903.rows``), so a failing rule names what to fix, and nothing the records do not hold is
filled in: the social worker episodes are the case allocations (worker_id, reason), OC2 comes from
the health outcomes, the header's MOTHER and MC_DOB from the mother statuses and the UASC table from
the UASC statuses; where none is recorded the field is left empty and the rules report it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.care import kinds as care
from service.kit.csv_text import csv_text
from service.kit.dates import birthday
from service.models import Person
from service.models.care import LookedAfterEpisode
from service.people.kinds import PERSON
from service.qa.kinds import ALLOCATION
from service.returns.cin import SEX
from service.returns.collection_year import CollectionYear
from service.returns.source import by_child, by_parent, kept, path_of

TABLES: dict[str, tuple[str, list[str]]] = {
    "Header": ("header", ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]),
    "Episodes": (
        "episodes",
        [
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ],
    ),
    "Reviews": ("reviews", ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]),
    "UASC": ("uasc", ["CHILD", "SEX", "DOB", "DUC"]),
    "OC2": (
        "oc2",
        [
            "CHILD",
            "DOB",
            "SDQ_SCORE",
            "SDQ_REASON",
            "CONVICTED",
            "HEALTH_CHECK",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ],
    ),
    "OC3": ("oc3", ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"]),
    "AD1": (
        "ad1",
        ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    ),
    "PlacedAdoption": (
        "placed_for_adoption_errors",
        ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    ),
    "PrevPerm": ("previous_permanence", ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"]),
    "Missing": ("missing", ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]),
    "SWEpisodes": ("sw_episodes", ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"]),
}
"""The validator's table name: (file name without .csv, columns in order)."""


CIN_ONLY_UPN_UNKNOWN = frozenset({"UN6", "UN7"})
"""Reasons for no UPN (code list ``cin_upn_unknown``, the CIN census's codes) that the SSDA903 return
has no code for: it takes UN1 to UN5 (rule 168)."""


def upn_unknown_903(reason: str | None, born: date | None, year: CollectionYear) -> str:
    """The recorded reason a child has no UPN as the SSDA903 return codes it. A CIN-only reason of a
    child below school age is the 903's UN1, the one code for that (rule 209 queries UN1 for a child
    four or older on the 31 August before the collection year starts); any other reason is sent as
    recorded, so a CIN-only one of an older child is reported by rule 168 rather than turned into a
    UN1 that rule 209 would refuse. The decision rests on the date of birth, not on a code's label."""
    below_school_age = born is not None and birthday(born, 4) > date(year.start.year - 1, 8, 31)
    return "UN1" if reason in CIN_ONLY_UPN_UNKNOWN and below_school_age else reason or ""


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else ""


def flag(value: bool | None) -> str:
    return "" if value is None else str(int(value))


@dataclass
class Ssda903:
    """The return's tables (rows of values by column) and each row's record path."""

    year: CollectionYear
    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    rows: dict[str, list[str]] = field(default_factory=dict)
    children: int = 0

    def add(self, table: str, path: str, values: dict[str, str]) -> None:
        self.tables.setdefault(table, []).append(values)
        self.rows.setdefault(table, []).append(path)

    def csv(self, table: str) -> str:
        """One table as CSV text, header line first."""
        columns = TABLES[table][1]
        return csv_text(columns, ([row.get(c) for c in columns] for row in self.tables.get(table, [])))

    def files(self) -> dict[str, str]:
        """Every table as ``{file name: CSV text}``, in the DfE's order."""
        return {f"{name}.csv": self.csv(table) for table, (name, _) in TABLES.items()}


def ssda903(session: Session, la_code: str, year: CollectionYear) -> Ssda903:
    """The authority's SSDA903 tables for the year, as its records stood at the census date."""
    people = {p.id: p for p in kept(session, PERSON, la_code)}
    episodes = by_child(kept(session, care.LAC_EPISODE, la_code, "start_date"))
    result = Ssda903(year)
    looked_after = [
        child_id
        for child_id, held in episodes.items()
        if child_id in people and any(year.overlaps(e.start_date, year.by_census(e.end_date)) for e in held)
    ]
    result.children = len(looked_after)
    contacts = by_child(kept(session, care.CARE_LEAVER_CONTACT, la_code, "contact_date"))
    oc3 = {
        child_id: contact
        for child_id, held in contacts.items()
        if child_id in people
        and (contact := _birthday_contact(people[child_id], held, episodes.get(child_id, []), year))
    }
    leavers = set(oc3) - set(looked_after)  # care leavers: a header row and their OC3 row, no episodes
    statuses = by_child(kept(session, care.MOTHER_STATUS, la_code, "recorded_on"))
    for child_id in [*looked_after, *sorted(leavers)]:
        # Motherhood is asked of young women looked after in the year, not of care leavers (rule 628).
        mother = [m for m in statuses.get(child_id, []) if year.by_census(m.recorded_on) is not None]
        latest = mother[-1] if mother and child_id not in leavers else None
        _child(result, people[child_id], episodes.get(child_id, []), year, latest)
    _in_year(result, people, {*looked_after, *leavers}, session, la_code, year)
    _uasc(result, people, looked_after, by_child(kept(session, care.UASC_STATUS, la_code, "start_date")))
    decisions = kept(session, care.PERMANENCE_DECISION, la_code, "decided_on")
    _previous_permanence(result, people, episodes, by_child(decisions))
    allocations = kept(session, ALLOCATION, la_code, "allocated_on")
    _social_workers(result, people, episodes, by_parent(allocations, "case_id"))
    for child_id, contact in oc3.items():
        result.add(
            "OC3", path_of(care.CARE_LEAVER_CONTACT, contact), {**_ids(people[child_id]), **_contact(contact)}
        )
    return result


def _birthday_contact(
    person: Person, contacts: Sequence[Any], episodes: Sequence[LookedAfterEpisode], year: CollectionYear
) -> Any | None:
    """The contact that is a care leaver's OC3 row: the one nearest their 17th to 21st birthday in
    the year. A young person looked after on that birthday (or leaving care on it) is not a care
    leaver for the return, so has no OC3 row (rules 1007 and 1016), whatever contacts were made."""
    dob = person.date_of_birth
    if dob is None:
        return None
    birthdays = [birthday(dob, age) for age in range(17, 22) if birthday(dob, age) in year]
    if not birthdays:
        return None
    day_ = birthdays[0]
    if any(e.start_date <= day_ and (e.end_date is None or e.end_date >= day_) for e in episodes):
        return None
    held = [c for c in contacts if c.contact_date in year]
    return min(held, key=lambda c: abs((c.contact_date - day_).days)) if held else None


def _child(
    result: Ssda903,
    person: Person,
    episodes: Sequence[LookedAfterEpisode],
    year: CollectionYear,
    mother: Any | None,
) -> None:
    """The child's header row (MOTHER and MC_DOB from the latest mother status recorded by the census
    date; empty when none is) and the episodes that overlap the year."""
    child = person.la_child_id or ""
    result.add(
        "Header",
        path_of(PERSON, person),
        {
            "CHILD": child,
            "SEX": SEX.get(person.sex, ""),
            "DOB": day(person.date_of_birth),
            "ETHNIC": person.ethnicity or "",
            "UPN": person.upn or upn_unknown_903(person.upn_unknown_reason, person.date_of_birth, year),
            "MOTHER": "" if mother is None else flag(mother.is_mother),
            "MC_DOB": "" if mother is None else day(mother.child_born_on),
        },
    )
    for episode in episodes:
        ended = year.by_census(episode.end_date)
        if not year.overlaps(episode.start_date, ended):
            continue
        result.add(
            "Episodes",
            path_of(care.LAC_EPISODE, episode),
            {
                "CHILD": child,
                "DECOM": day(episode.start_date),
                "RNE": episode.reason_new_episode,
                "LS": episode.legal_status,
                "CIN": episode.category_of_need,
                "PLACE": episode.placement_type,
                "PLACE_PROVIDER": episode.placement_provider or "",
                "DEC": day(ended),
                "REC": (episode.reason_ceased or "") if ended else "",
                "REASON_PLACE_CHANGE": episode.reason_place_change or "",
                "HOME_POST": episode.home_postcode or "",
                "PL_POST": episode.placement_postcode or "",
                "URN": episode.urn or "",
            },
        )


Row = Callable[[Any, CollectionYear], dict[str, str] | None]


def _in_year(
    result: Ssda903,
    people: dict[uuid.UUID, Person],
    looked_after: set[uuid.UUID],
    session: Session,
    la_code: str,
    year: CollectionYear,
) -> None:
    """The tables of dated records: each record of a child of the return, as its table's row."""

    def rows(rtype: Any, order: str, table: str, row: Row) -> None:
        for record in kept(session, rtype, la_code, order):
            person = people.get(record.child_id)
            if person is None or record.child_id not in looked_after:
                continue
            values = row(record, year)
            if values is not None:
                result.add(table, path_of(rtype, record), {**_ids(person), **values})

    rows(care.LAC_REVIEW, "review_date", "Reviews", _review)
    rows(care.MISSING_EPISODE, "start_date", "Missing", _missing)
    rows(care.HEALTH_OUTCOME, "year_ending", "OC2", _outcome)
    for table, project in (("AD1", _ad1), ("PlacedAdoption", _placed)):
        rows(care.PERMANENCE_DECISION, "decided_on", table, project)


def _uasc(
    result: Ssda903,
    people: dict[uuid.UUID, Person],
    looked_after: Sequence[uuid.UUID],
    statuses: dict[uuid.UUID, list[Any]],
) -> None:
    """UASC: a row for each child looked after in the year who was an unaccompanied asylum-seeking
    child at some point in it, as recorded by the census date (the latest such status when more than
    one), DUC the date that ceased if it had by then. A status that ceased before the year began sends
    nothing (rule 104: DUC is not before the year's start; the year before's return said it), nor does
    a care leaver with no episode in the year (rule 1014). The validator reads a child's presence here
    as the header's UASC flag, and expects no home postcode on their episodes (rule 406)."""
    year = result.year
    for child_id in looked_after:
        known = [
            s for s in statuses.get(child_id, []) if year.overlaps(s.start_date, year.by_census(s.ceased_on))
        ]
        if not known:
            continue
        person, status = people[child_id], known[-1]
        result.add(
            "UASC",
            path_of(care.UASC_STATUS, status),
            {
                "CHILD": person.la_child_id or "",
                "SEX": SEX.get(person.sex, ""),
                "DOB": day(person.date_of_birth),
                "DUC": day(year.by_census(status.ceased_on)),
            },
        )


def _review(review: Any, year: CollectionYear) -> dict[str, str] | None:
    if review.review_date not in year:
        return None
    return {"REVIEW": day(review.review_date), "REVIEW_CODE": review.participation}


def _outcome(outcome: Any, year: CollectionYear) -> dict[str, str] | None:
    """The outcomes recorded for the year's census date (one per child and year: rule INT33)."""
    if outcome.year_ending != year.census_date:
        return None
    return {
        "SDQ_SCORE": "" if outcome.sdq_score is None else str(outcome.sdq_score),
        "SDQ_REASON": outcome.sdq_reason or "",
        "CONVICTED": flag(outcome.convicted),
        "HEALTH_CHECK": flag(outcome.health_check),
        "IMMUNISATIONS": flag(outcome.immunisations),
        "TEETH_CHECK": flag(outcome.teeth_check),
        "HEALTH_ASSESSMENT": flag(outcome.health_assessment),
        "SUBSTANCE_MISUSE": flag(outcome.substance_misuse),
        "INTERVENTION_RECEIVED": flag(outcome.intervention_received),
        "INTERVENTION_OFFERED": flag(outcome.intervention_offered),
    }


def _missing(episode: Any, year: CollectionYear) -> dict[str, str] | None:
    if episode.start_date not in year:
        return None
    ended = year.by_census(episode.end_date)
    return {"MISSING": episode.missing_type, "MIS_START": day(episode.start_date), "MIS_END": day(ended)}


def _contact(contact: Any) -> dict[str, str]:
    """A young person not in touch has no activity or accommodation recorded: the return's code for
    that is 0, "not known" (the code lists ssda903_oc3_activity and ssda903_oc3_accommodation)."""
    in_touch = contact.in_touch == "YES"
    return {
        "IN_TOUCH": contact.in_touch,
        "ACTIV": (contact.activity or "") if in_touch else "0",
        "ACCOM": (contact.accommodation or "") if in_touch else "0",
    }


def _ad1(decision: Any, year: CollectionYear) -> dict[str, str] | None:
    if year.by_census(decision.adoption_best_interests_on) is None:
        return None
    return {
        "DATE_INT": day(decision.adoption_best_interests_on),
        "DATE_MATCH": day(year.by_census(decision.adoption_matched_on)),
        "FOSTER_CARE": flag(decision.adopted_by_foster_carers),
        "NB_ADOPTR": "" if decision.adopter_count is None else str(decision.adopter_count),
        "SEX_ADOPTR": decision.adopter_sexes or "",
        "LS_ADOPTR": decision.adopter_legal_status or "",
    }


def _placed(decision: Any, year: CollectionYear) -> dict[str, str] | None:
    placed = year.by_census(decision.placed_for_adoption_on)
    if placed is None:
        return None
    ceased = year.by_census(decision.placed_for_adoption_ceased_on)
    return {
        "DATE_PLACED": day(placed),
        "DATE_PLACED_CEASED": day(ceased),
        "REASON_PLACED_CEASED": (decision.placed_for_adoption_ceased_reason or "") if ceased else "",
    }


def _ids(person: Person) -> dict[str, str]:
    """The child's columns of every table but the header."""
    return {"CHILD": person.la_child_id or "", "DOB": day(person.date_of_birth)}


def _social_workers(
    result: Ssda903,
    people: dict[uuid.UUID, Person],
    episodes: dict[uuid.UUID, list[LookedAfterEpisode]],
    allocations: dict[Any, list[Any]],
) -> None:
    """SWEpisodes: for each child looked after at the census date (not on short breaks, V3/V4), the
    allocations of the child's cases in the year, each a social worker episode (SW_ID the worker's
    registration number, SW_REASON why the case came to them), whether or not the child was looked
    after then. What an allocation does not record is left empty and the rules report it."""
    year = result.year
    for child_id, held in episodes.items():
        person = people.get(child_id)
        open_at_census = [
            e
            for e in held
            if e.start_date <= year.census_date
            and year.by_census(e.end_date) is None
            and e.legal_status not in ("V3", "V4")
        ]
        if person is None or not open_at_census:
            continue
        cases = {e.case_id for e in held}
        shown = sorted(
            (
                a
                for case_id in cases
                for a in allocations.get(case_id, [])
                if a.allocated_on <= year.census_date and (a.ended_on is None or a.ended_on >= year.start)
            ),
            key=lambda a: (a.allocated_on, a.id),
        )
        for allocation in shown:
            result.add(
                "SWEpisodes",
                path_of(ALLOCATION, allocation),
                {
                    **_ids(person),
                    "SW_ID": allocation.worker_id or "",
                    "SW_DECOM": day(allocation.allocated_on),
                    "SW_DEC": day(year.by_census(allocation.ended_on)),
                    "SW_REASON": allocation.reason or "",
                },
            )


def _previous_permanence(
    result: Ssda903,
    people: dict[uuid.UUID, Person],
    episodes: dict[uuid.UUID, list[LookedAfterEpisode]],
    decisions: dict[uuid.UUID, list[Any]],
) -> None:
    """PrevPerm: for each child whose period of care began in the year (an S episode), the permanence
    the child had before it, from the first permanence decision that records it. It describes the
    child's life before this care, so it is read from a decision recorded after the census date too
    (the one exception to "as the records stood at the census date"); a child with none has no row
    and rule 630 reports it."""
    for child_id, held in episodes.items():
        person = people.get(child_id)
        started = any(e.reason_new_episode == "S" and e.start_date in result.year for e in held)
        if person is None or not started:
            continue
        known = [d for d in decisions.get(child_id, []) if d.previous_permanence is not None]
        if not known:
            continue
        decision = known[0]
        result.add(
            "PrevPerm",
            path_of(care.PERMANENCE_DECISION, decision),
            {
                **_ids(person),
                "PREV_PERM": decision.previous_permanence,
                "LA_PERM": decision.previous_permanence_la or "",
                "DATE_PERM": day(decision.previous_permanence_on),
            },
        )
