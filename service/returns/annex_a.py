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

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.care import kinds as care
from service.kit.csv_text import csv_text
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


def _yes_no(name: str) -> Read:
    return lambda r, _p: "Yes" if getattr(r, name) else "No"


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    rtype: RecordType[Any]
    began: str
    """The record's field of the day it began."""
    columns: list[tuple[str, Read | str]]
    """Each column's header and how it is read: a field of the record by name, or a :data:`Read`."""
    ended: str = ""
    """The record's field of the day it ended; default: :attr:`began` (something that happens once)."""
    include: Callable[[Any], bool] = lambda _r: True
    """Whether a record of the type belongs in the list at all."""

    def span(self, record: Any) -> tuple[date, date | None]:
        return getattr(record, self.began), getattr(record, self.ended or self.began)

    def readers(self) -> list[tuple[str, Read]]:
        return [(header, _field(read) if isinstance(read, str) else read) for header, read in self.columns]

    @property
    def file_name(self) -> str:
        return f"annex_a_list_{self.number}.csv"


def _field(name: str) -> Read:
    return lambda r, _p: getattr(r, name)


LISTS = {
    annex.number: annex
    for annex in (
        AnnexList(
            2,
            "Early help assessments",
            statutory.EARLY_HELP_EPISODE,
            "assessment_started_on",
            [
                ("Assessment start date", "assessment_started_on"),
                ("Assessment completion date", "assessment_completed_on"),
                ("Organisation completing the assessment", "completing_organisation"),
            ],
        ),
        AnnexList(
            3,
            "Referrals",
            statutory.REFERRAL,
            "referral_date",
            [
                ("Referral date", "referral_date"),
                ("Referral source", "source"),
                ("Referral led to no further action", _yes_no("no_further_action")),
            ],
        ),
        AnnexList(
            4,
            "Assessments",
            statutory.SINGLE_ASSESSMENT,
            "started_on",
            [
                ("Assessment start date", "started_on"),
                ("Assessment authorisation date", "authorised_on"),
                ("Factors identified", lambda r, _p: " ".join(r.factors)),
            ],
            ended="authorised_on",
        ),
        AnnexList(
            5,
            "Section 47 enquiries",
            statutory.SECTION47,
            "started_on",
            [
                ("Section 47 start date", "started_on"),
                ("Initial conference not required", _yes_no("conference_not_required")),
                ("Outcome", "outcome"),
            ],
        ),
        AnnexList(
            6,
            "Children in need plans",
            statutory.CIN_PLAN,
            "start_date",
            [
                ("CIN plan start date", "start_date"),
                ("CIN plan end date", "end_date"),
            ],
            ended="end_date",
        ),
        AnnexList(
            7,
            "Child protection plans",
            statutory.CP_PLAN,
            "start_date",
            [
                ("Child protection plan start date", "start_date"),
                ("Child protection plan end date", "end_date"),
                ("Initial category of abuse", "initial_category"),
                ("Latest category of abuse", "latest_category"),
            ],
            ended="end_date",
        ),
        AnnexList(
            8,
            "Children in care",
            care.LAC_EPISODE,
            "start_date",
            [
                ("Episode start date", "start_date"),
                ("Reason for new episode", "reason_new_episode"),
                ("Legal status", "legal_status"),
                ("Category of need", "category_of_need"),
                ("Placement type", "placement_type"),
                ("Placement provider", "placement_provider"),
                ("Placement postcode", "placement_postcode"),
                ("Episode end date", "end_date"),
                ("Reason episode ceased", "reason_ceased"),
            ],
            ended="end_date",
        ),
        AnnexList(
            9,
            "Care leavers",
            care.CARE_LEAVER_CONTACT,
            "contact_date",
            [
                ("Contact date", "contact_date"),
                ("In touch", "in_touch"),
                ("Main activity", "activity"),
                ("Accommodation", "accommodation"),
            ],
        ),
        AnnexList(
            10,
            "Adoption",
            care.PERMANENCE_DECISION,
            "adoption_best_interests_on",
            [
                (
                    "Date of the decision that adoption is in the child's best interests",
                    "adoption_best_interests_on",
                ),
                ("Date matched with adopters", "adoption_matched_on"),
                ("Date placed for adoption", "placed_for_adoption_on"),
                ("Date the placement for adoption ceased", "placed_for_adoption_ceased_on"),
                ("Reason it ceased", "placed_for_adoption_ceased_reason"),
            ],
            ended="placed_for_adoption_ceased_on",
            include=lambda r: r.adoption_best_interests_on is not None,
        ),
    )
}
"""The lists the records can fill, by their Annex A number (not 1 nor 11: see above)."""


def annex_a_list(session: Session, la_code: str, number: int, year: CollectionYear) -> str:
    """One list as CSV text: a record is in it when it happened in the year, or (an assessment, a
    plan) was open at some point in it, as known at the census date."""
    chosen = LISTS[number]
    people = {p.id: p for p in kept(session, PERSON, la_code)}
    columns = _child_columns() + chosen.readers()
    rows = []
    for record in kept(session, chosen.rtype, la_code):
        person = people.get(record.child_id)
        if person is None or not chosen.include(record):
            continue
        began, ended = chosen.span(record)
        if not year.overlaps(began, year.by_census(ended)):
            continue
        rows.append([read(record, person) for _, read in columns])
    return csv_text([header for header, _ in columns], rows)
