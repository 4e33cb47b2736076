"""Ofsted's Annex A lists for an inspection, as CSV, from the records the service holds.

Each list is declared once (:data:`LISTS`): the record type it lists, the date that puts a record
in the period, and its columns, each a header and how the value is read from the record and its
child. Only lists the records can fill are made (a decision, written down here and in the README):

* lists 2 to 7 from the statutory records; 8 (children in care: each looked-after episode of the
  year), 9 (care leavers: each contact with a care leaver in the year) and 10 (children with an
  adoption decision: each permanence decision recording one) from the looked-after records;
* not list 1 (contacts: the service records no contact short of a referral) nor list 11 (adopters:
  it holds no record of prospective adopters or their approval). Neither is invented from other
  records; asking for them is refused (422).

The period is the collection year; a record is listed when its date falls in it. Test data and
records entered in error are left out, and nothing missing is filled in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.care import kinds as care
from service.kit.records import RecordType
from service.models import Person
from service.people.kinds import PERSON
from service.returns.collection_year import CollectionYear
from service.returns.source import kept
from service.statutory import kinds as statutory

Read = Callable[[Any, Person], Any]


def _child_columns() -> list[tuple[str, Read]]:
    return [
        ("Child unique ID", lambda _r, p: p.la_child_id),
        ("Gender", lambda _r, p: {"1": "Male", "2": "Female", "9": "Indeterminate"}.get(p.sex, "Not known")),
        ("Ethnicity", lambda _r, p: p.ethnicity),
        ("Date of birth", lambda _r, p: p.date_of_birth or p.expected_date_of_birth),
        ("Disability", lambda _r, p: " ".join(p.disabilities)),
    ]


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    rtype: RecordType[Any]
    span: Callable[[Any], tuple[date, date | None]]
    """When the record began and ended (the same day for something that happens once)."""
    columns: list[tuple[str, Read]]
    include: Callable[[Any], bool] = lambda _r: True
    """Whether a record of the type belongs in the list at all."""

    @property
    def file_name(self) -> str:
        return f"annex_a_list_{self.number}.csv"


LISTS = {
    2: AnnexList(
        2,
        "Early help assessments",
        statutory.EARLY_HELP_EPISODE,
        lambda r: (r.assessment_started_on, r.assessment_started_on),
        [
            ("Assessment start date", lambda r, _p: r.assessment_started_on),
            ("Assessment completion date", lambda r, _p: r.assessment_completed_on),
            ("Organisation completing the assessment", lambda r, _p: r.completing_organisation),
        ],
    ),
    3: AnnexList(
        3,
        "Referrals",
        statutory.REFERRAL,
        lambda r: (r.referral_date, r.referral_date),
        [
            ("Referral date", lambda r, _p: r.referral_date),
            ("Referral source", lambda r, _p: r.source),
            ("Referral led to no further action", lambda r, _p: "Yes" if r.no_further_action else "No"),
        ],
    ),
    4: AnnexList(
        4,
        "Assessments",
        statutory.SINGLE_ASSESSMENT,
        lambda r: (r.started_on, r.authorised_on),
        [
            ("Assessment start date", lambda r, _p: r.started_on),
            ("Assessment authorisation date", lambda r, _p: r.authorised_on),
            ("Factors identified", lambda r, _p: " ".join(r.factors)),
        ],
    ),
    5: AnnexList(
        5,
        "Section 47 enquiries",
        statutory.SECTION47,
        lambda r: (r.started_on, r.started_on),
        [
            ("Section 47 start date", lambda r, _p: r.started_on),
            ("Initial conference not required", lambda r, _p: "Yes" if r.conference_not_required else "No"),
            ("Outcome", lambda r, _p: r.outcome),
        ],
    ),
    6: AnnexList(
        6,
        "Children in need plans",
        statutory.CIN_PLAN,
        lambda r: (r.start_date, r.end_date),
        [
            ("CIN plan start date", lambda r, _p: r.start_date),
            ("CIN plan end date", lambda r, _p: r.end_date),
        ],
    ),
    7: AnnexList(
        7,
        "Child protection plans",
        statutory.CP_PLAN,
        lambda r: (r.start_date, r.end_date),
        [
            ("Child protection plan start date", lambda r, _p: r.start_date),
            ("Child protection plan end date", lambda r, _p: r.end_date),
            ("Initial category of abuse", lambda r, _p: r.initial_category),
            ("Latest category of abuse", lambda r, _p: r.latest_category),
        ],
    ),
    8: AnnexList(
        8,
        "Children in care",
        care.LAC_EPISODE,
        lambda r: (r.start_date, r.end_date),
        [
            ("Episode start date", lambda r, _p: r.start_date),
            ("Reason for new episode", lambda r, _p: r.reason_new_episode),
            ("Legal status", lambda r, _p: r.legal_status),
            ("Category of need", lambda r, _p: r.category_of_need),
            ("Placement type", lambda r, _p: r.placement_type),
            ("Placement provider", lambda r, _p: r.placement_provider),
            ("Placement postcode", lambda r, _p: r.placement_postcode),
            ("Episode end date", lambda r, _p: r.end_date),
            ("Reason episode ceased", lambda r, _p: r.reason_ceased),
        ],
    ),
    9: AnnexList(
        9,
        "Care leavers",
        care.CARE_LEAVER_CONTACT,
        lambda r: (r.contact_date, r.contact_date),
        [
            ("Contact date", lambda r, _p: r.contact_date),
            ("In touch", lambda r, _p: r.in_touch),
            ("Main activity", lambda r, _p: r.activity),
            ("Accommodation", lambda r, _p: r.accommodation),
        ],
    ),
    10: AnnexList(
        10,
        "Adoption",
        care.PERMANENCE_DECISION,
        lambda r: (r.adoption_best_interests_on, r.placed_for_adoption_ceased_on),
        [
            (
                "Date of the decision that adoption is in the child's best interests",
                lambda r, _p: r.adoption_best_interests_on,
            ),
            ("Date matched with adopters", lambda r, _p: r.adoption_matched_on),
            ("Date placed for adoption", lambda r, _p: r.placed_for_adoption_on),
            ("Date the placement for adoption ceased", lambda r, _p: r.placed_for_adoption_ceased_on),
            ("Reason it ceased", lambda r, _p: r.placed_for_adoption_ceased_reason),
        ],
        include=lambda r: r.adoption_best_interests_on is not None,
    ),
}
"""The lists the records can fill, by their Annex A number (not 1 nor 11: see above)."""


def annex_a_list(session: Session, la_code: str, number: int, year: CollectionYear) -> str:
    """One list as CSV text: a record is in it when it happened in the year, or (an assessment, a
    plan) was open at some point in it, as known at the census date."""
    chosen = LISTS[number]
    people = {p.id: p for p in kept(session, PERSON, la_code)}
    columns = _child_columns() + chosen.columns
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([header for header, _ in columns])
    for record in kept(session, chosen.rtype, la_code):
        person = people.get(record.child_id)
        if person is None or not chosen.include(record):
            continue
        began, ended = chosen.span(record)
        if not year.overlaps(began, year.by_census(ended)):
            continue
        writer.writerow([_cell(read(record, person)) for _, read in columns])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)
