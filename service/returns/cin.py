"""The Children in Need census (XML) made from the statutory records.

The document follows the DfE's CIN census layout (Message, Header, Children, Child with its
identifiers, characteristics and CINdetails). Each element comes from one record, and every row
the validator will see is kept with the API path of the record it came from (``CinCensus.rows``,
by the validator's table names, in document order), so a failing rule can name what to fix.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from service.config import PACKAGE_VERSION
from service.models import Person
from service.models.statutory import ChildProtectionConference, ChildProtectionPlan, Referral
from service.people.kinds import PERSON
from service.returns.collection_year import CollectionYear
from service.returns.source import by_child, by_parent, kept, path_of
from service.statutory import kinds as statutory
from service.statutory.rules import icpc_target

SEX = {"1": "M", "2": "F", "0": "U", "9": "U"}
"""Our sex codes (the CIN census's before 2024-25) as the census writes them now."""


@dataclass
class CinCensus:
    """The census document and, for each validator table, the API path of each row's record."""

    year: CollectionYear
    xml: bytes
    rows: dict[str, list[str]] = field(default_factory=dict)
    children: int = 0


class _Writer:
    """Builds elements and notes each validator row's record."""

    def __init__(self) -> None:
        self.rows: dict[str, list[str]] = {}

    def row(self, table: str, path: str) -> None:
        self.rows.setdefault(table, []).append(path)

    @staticmethod
    def element(parent: ET.Element, tag: str, values: dict[str, Any]) -> ET.Element:
        """A child element with a sub-element per value given (empty values left out)."""
        made = ET.SubElement(parent, tag)
        for name, value in values.items():
            if value is None:
                continue
            ET.SubElement(made, name).text = _text(value)
        return made


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass
class _Held:
    """Everything the census reads, loaded once for the authority."""

    people: dict[uuid.UUID, Person]
    referrals: dict[uuid.UUID, list[Referral]]
    assessments: dict[uuid.UUID, list[Any]]
    cin_plans: dict[uuid.UUID, list[Any]]
    enquiries: dict[uuid.UUID, list[Any]]
    discussions: dict[uuid.UUID, Any]
    initial_conferences: dict[uuid.UUID, ChildProtectionConference]
    """Each section 47 enquiry's initial conference (the first held), by the enquiry's id."""
    transfers_in: dict[uuid.UUID, ChildProtectionConference]
    """The transfer-in conferences, by their own id: a plan they started has no section 47 here."""
    plans: dict[uuid.UUID, list[ChildProtectionPlan]]
    plans_of_child: dict[uuid.UUID, list[ChildProtectionPlan]]
    reviews: dict[uuid.UUID, list[Any]]


PERSON_COLUMNS = (
    "la_child_id",
    "upn",
    "upn_unknown_reason",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "date_of_death",
    "ethnicity",
    "disabilities",
)
PLAN_COLUMNS = (
    "child_id",
    "referral_id",
    "conference_id",
    "start_date",
    "end_date",
    "initial_category",
    "latest_category",
)


def _load(session: Session, la_code: str) -> _Held:
    conferences = kept(
        session,
        statutory.CONFERENCE,
        la_code,
        "held_on",
        columns=("section47_id", "held_on", "conference_type"),
    )
    initial: dict[uuid.UUID, ChildProtectionConference] = {}
    for conference in conferences:
        if conference.section47_id is not None:
            initial.setdefault(conference.section47_id, conference)
    transfers_in = {c.id: c for c in conferences if c.conference_type == "TRANSFER_IN"}
    plans = kept(session, statutory.CP_PLAN, la_code, "start_date", columns=PLAN_COLUMNS)

    def under(
        rtype: Any, order: str, *columns: str, parent: str = "referral_id"
    ) -> dict[uuid.UUID, list[Any]]:
        return by_parent(kept(session, rtype, la_code, order, columns=(parent, *columns)), parent)

    referrals = kept(
        session,
        statutory.REFERRAL,
        la_code,
        "referral_date",
        columns=(
            "child_id",
            "referral_date",
            "source",
            "primary_need",
            "no_further_action",
            "closure_date",
            "closure_reason",
        ),
    )
    return _Held(
        people={p.id: p for p in kept(session, PERSON, la_code, columns=PERSON_COLUMNS)},
        referrals=by_child(referrals),
        assessments=under(
            statutory.SINGLE_ASSESSMENT,
            "started_on",
            "started_on",
            "internal_review_on",
            "authorised_on",
            "factors",
        ),
        cin_plans=under(statutory.CIN_PLAN, "start_date", "start_date", "end_date"),
        enquiries=under(
            statutory.SECTION47,
            "started_on",
            "strategy_discussion_id",
            "started_on",
            "conference_not_required",
        ),
        discussions={
            d.id: d for d in kept(session, statutory.STRATEGY_DISCUSSION, la_code, columns=("held_on",))
        },
        initial_conferences=initial,
        transfers_in=transfers_in,
        plans=by_parent(plans, "referral_id"),
        plans_of_child=by_child(plans),
        reviews=under(
            statutory.CP_PLAN_REVIEW,
            "review_date",
            "review_date",
            parent="cp_plan_id",
        ),
    )


def cin_census(
    session: Session, la_code: str, year: CollectionYear, made_at: datetime | None = None
) -> CinCensus:
    """The authority's CIN census for the year, as its records stood at the census date."""
    held = _load(session, la_code)
    writer = _Writer()
    root = ET.Element("Message")
    _header(root, writer, la_code, year, made_at or datetime.now().replace(microsecond=0))
    children = ET.SubElement(root, "Children")
    count = 0
    for child_id, referrals in held.referrals.items():
        open_in_year = [r for r in referrals if year.overlaps(r.referral_date, r.closure_date)]
        person = held.people.get(child_id)
        if not open_in_year or person is None:
            continue
        count += 1
        _child(children, writer, held, person, open_in_year, year)
    ET.indent(root)
    xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return CinCensus(year=year, xml=xml, rows=writer.rows, children=count)


def _header(root: ET.Element, writer: _Writer, la_code: str, year: CollectionYear, made_at: datetime) -> None:
    header = ET.SubElement(root, "Header")
    writer.element(
        header,
        "CollectionDetails",
        {"Collection": "CIN", "Year": year.ends_in, "ReferenceDate": year.census_date},
    )
    writer.element(
        header,
        "Source",
        {
            "SourceLevel": "L",
            "LEA": la_code,
            "SoftwareCode": "sos-reference",
            "Release": PACKAGE_VERSION,
            "SerialNo": 1,
            "DateTime": made_at.isoformat(),
        },
    )
    writer.row("Header", f"/v1/returns/cin-census?year={year.label}")


def _child(
    parent: ET.Element,
    writer: _Writer,
    held: _Held,
    person: Person,
    referrals: Sequence[Referral],
    year: CollectionYear,
) -> None:
    child = ET.SubElement(parent, "Child")
    where = path_of(PERSON, person)
    writer.element(
        child,
        "ChildIdentifiers",
        {
            "LAchildID": person.la_child_id,
            "UPN": person.upn,
            "UPNunknown": None if person.upn else person.upn_unknown_reason,
            "PersonBirthDate": person.date_of_birth,
            "ExpectedPersonBirthDate": None if person.date_of_birth else person.expected_date_of_birth,
            "Sex": SEX.get(person.sex),
            "PersonDeathDate": person.date_of_death,
        },
    )
    writer.row("ChildIdentifiers", where)
    characteristics = writer.element(child, "ChildCharacteristics", {"Ethnicity": person.ethnicity})
    writer.row("ChildCharacteristics", where)
    if person.disabilities:
        disabilities = ET.SubElement(characteristics, "Disabilities")
        for code in person.disabilities:
            ET.SubElement(disabilities, "Disability").text = code
            writer.row("Disabilities", where)
    for referral in referrals:
        _cin_details(child, writer, held, referral, year)


def _transferred_in_on(held: _Held, referral: Referral) -> date | None:
    """The CINdetails DateOfInitialCPC, given only where the referral has no section 47 enquiry: the
    date of the transfer-in conference that started a plan on it (the CIN census takes that conference
    as the child's initial one; rule 2885 compares the plan's start with it)."""
    if held.enquiries.get(referral.id):
        return None
    started = [held.transfers_in.get(p.conference_id) for p in held.plans.get(referral.id, [])]
    return min((c.held_on for c in started if c is not None), default=None)


def _cin_details(
    child: ET.Element, writer: _Writer, held: _Held, referral: Referral, year: CollectionYear
) -> None:
    closed = year.by_census(referral.closure_date)
    details = writer.element(
        child,
        "CINdetails",
        {
            "CINreferralDate": referral.referral_date,
            "ReferralSource": referral.source,
            "PrimaryNeedCode": referral.primary_need,
            "CINclosureDate": closed,
            "ReasonForClosure": referral.closure_reason if closed else None,
            "DateOfInitialCPC": year.by_census(_transferred_in_on(held, referral)),
            "ReferralNFA": referral.no_further_action,
        },
    )
    writer.row("CINdetails", path_of(statutory.REFERRAL, referral))
    for assessment in held.assessments.get(referral.id, []):
        _assessment(details, writer, assessment, year)
    for plan in held.cin_plans.get(referral.id, []):
        ended = year.by_census(plan.end_date)
        if year.overlaps(plan.start_date, ended):
            dates = {"CINPlanStartDate": plan.start_date, "CINPlanEndDate": ended}
            writer.element(details, "CINPlanDates", dates)
            writer.row("CINplanDates", path_of(statutory.CIN_PLAN, plan))
    for enquiry in held.enquiries.get(referral.id, []):
        _section47(details, writer, held, enquiry, year)
    for plan in held.plans.get(referral.id, []):
        _cp_plan(details, writer, held, plan, year)


def _assessment(details: ET.Element, writer: _Writer, assessment: Any, year: CollectionYear) -> None:
    authorised = year.by_census(assessment.authorised_on)
    if not year.overlaps(assessment.started_on, authorised):
        return
    made = writer.element(
        details,
        "Assessments",
        {
            "AssessmentActualStartDate": assessment.started_on,
            "AssessmentInternalReviewDate": year.by_census(assessment.internal_review_on),
            "AssessmentAuthorisationDate": authorised,
        },
    )
    where = path_of(statutory.SINGLE_ASSESSMENT, assessment)
    writer.row("Assessments", where)
    if authorised is not None and assessment.factors:
        factors = ET.SubElement(made, "FactorsIdentifiedAtAssessment")
        for code in assessment.factors:
            ET.SubElement(factors, "AssessmentFactors").text = code
            writer.row("AssessmentFactorsList", where)


def _section47(details: ET.Element, writer: _Writer, held: _Held, enquiry: Any, year: CollectionYear) -> None:
    conference = held.initial_conferences.get(enquiry.id)
    held_on = year.by_census(conference.held_on) if conference is not None else None
    if not year.overlaps(enquiry.started_on, held_on):
        return
    discussion = held.discussions.get(enquiry.strategy_discussion_id)
    target = icpc_target(discussion) if discussion is not None else None
    writer.element(
        details,
        "Section47",
        {
            "S47ActualStartDate": enquiry.started_on,
            "InitialCPCtarget": target,
            "DateOfInitialCPC": held_on,
            "ICPCnotRequired": enquiry.conference_not_required,
        },
    )
    writer.row("Section47", path_of(statutory.SECTION47, enquiry))


def _cp_plan(
    details: ET.Element, writer: _Writer, held: _Held, plan: ChildProtectionPlan, year: CollectionYear
) -> None:
    ended = year.by_census(plan.end_date)
    if not year.overlaps(plan.start_date, ended):
        return
    earlier = sum(1 for p in held.plans_of_child[plan.child_id] if p.start_date < plan.start_date)
    made = writer.element(
        details,
        "ChildProtectionPlans",
        {
            "CPPstartDate": plan.start_date,
            "CPPendDate": ended,
            "InitialCategoryOfAbuse": plan.initial_category,
            "LatestCategoryOfAbuse": plan.latest_category,
            "NumberOfPreviousCPP": earlier,
        },
    )
    writer.row("ChildProtectionPlans", path_of(statutory.CP_PLAN, plan))
    for review in held.reviews.get(plan.id, []):
        if review.review_date in year:
            reviews = ET.SubElement(made, "Reviews")
            ET.SubElement(reviews, "CPPreviewDate").text = review.review_date.isoformat()
            writer.row("Reviews", path_of(statutory.CP_PLAN_REVIEW, review))
