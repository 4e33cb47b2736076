"""The allocation, case audit, family feedback and staff feedback record types, and the measures
report (audited like a record type)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement

from service.cases.kinds import CASE
from service.kit.auth import Caller
from service.kit.records import Consistent, Creating, Listing, Parent, RecordType, Subject
from service.models.qa import Allocation, CaseAudit, FamilyFeedback, StaffFeedback
from service.qa import rules, schemas
from service.qa.schemas import StaffFeedbackFilters

ALLOCATION = RecordType(
    name="allocation",
    model=Allocation,
    schemas=schemas,
    parent=Parent(CASE),
    effective_date=lambda a: a.allocated_on,
    summary=lambda a: f"Allocated to {a.worker} ({a.team})" + (f", ended {a.ended_on}" if a.ended_on else ""),
    creating=Creating(
        summary="Allocate a case to a team and worker",
        description=(
            "From `allocated_on` the case is held by this team and worker; the latest allocation without "
            "`ended_on` is the case's current one (measures count cases per team from it). End an allocation "
            "by amending it with `ended_on`."
        ),
        requirements=("SOS-QA-001",),
    ),
    listing=Listing(
        description=(
            "Every allocation of the case, ended and entered-in-error ones included, each saying whether it "
            "is the current one."
        ),
        requirements=("SOS-QA-001",),
    ),
    derive=rules.allocations_shown,
    consistent=Consistent(rules.check_allocation_dates, ("allocated_on", "ended_on")),
    requirements={"get": ["SOS-QA-001"], "amend": ["SOS-QA-001"], "history": ["SOS-REC-005"]},
)

CASE_AUDIT = RecordType(
    name="case_audit",
    model=CaseAudit,
    schemas=schemas,
    parent=Parent(CASE, segment="audits"),
    effective_date=lambda a: a.audited_on,
    summary=lambda a: f"Case audit by {a.auditor} with {a.worker}: overall {a.overall}/10",
    creating=Creating(
        summary="Record a collaborative case audit",
        description=(
            "Auditor and worker rate every item of the audit template (list `qa_audit_item`, whose version "
            "the audit records) exactly once, with comments, an overall judgement and learning actions. The "
            "evidence the case's records held on `audited_on` (see get_case_audit_evidence) is kept with the "
            "audit and shown beside each item. `worker` defaults to the case's current allocation."
        ),
        build=rules.new_case_audit,
        requirements=("SOS-QA-002", "SOS-QA-003", "SOS-QA-004"),
    ),
    listing=Listing(
        summary="List a case's audits",
        description=(
            "Every audit of the case with its answers beside the evidence kept with it, a page at a time."
        ),
        requirements=("SOS-QA-004",),
    ),
    derive=rules.audits_shown,
    on_amend=rules.audit_changes,
    requirements={"get": ["SOS-QA-004"], "amend": ["SOS-QA-002"], "history": ["SOS-QA-004", "SOS-REC-005"]},
)

FAMILY_FEEDBACK = RecordType(
    name="family_feedback",
    plural="family_feedback",
    model=FamilyFeedback,
    schemas=schemas,
    parent=Parent(CASE),
    subject=lambda f: Subject(
        case_id=f.case_id,
        child_id=f.respondent_person_id if f.respondent_role in ("CHILD", "YOUNG_PERSON") else None,
    ),
    effective_date=lambda f: f.given_on,
    summary=lambda f: (
        f"Family feedback from a {f.respondent_role.lower().replace('_', ' ')}: {len(f.answers)} answers"
    ),
    creating=Creating(
        summary="Record family feedback",
        description=(
            "What a parent, carer or child of the case said about the help they get: questions of the list "
            "`family_feedback_question`, each answered at most once from 0 to 10 with their words. The "
            "respondent may be named (a member of the case) or not. Kept as given: no amendment."
        ),
        build=rules.new_family_feedback,
        requirements=("SOS-QA-005",),
    ),
    listing=Listing(
        description="Every piece of feedback given about the case, a page at a time.",
        requirements=("SOS-QA-005",),
    ),
    requirements={"get": ["SOS-QA-005"], "history": ["SOS-REC-005"]},
)


def _of_team(filters: BaseModel) -> list[ColumnElement[bool]]:
    team = getattr(filters, "team", None)
    return [] if team is None else [StaffFeedback.team == team]


STAFF_FEEDBACK = RecordType(
    name="staff_feedback",
    plural="staff_feedback",
    model=StaffFeedback,
    schemas=schemas,
    effective_date=lambda f: f.given_on,
    summary=lambda f: f"Staff feedback from {f.team}" + (" (anonymous)" if f.anonymous else ""),
    creating=Creating(
        summary="Record staff feedback",
        description=(
            "What a member of staff said about how the organisation supports the practice: questions of the "
            "list `staff_feedback_question`, each answered at most once from 0 to 10. Anonymous feedback "
            'names no one: `respondent` must be left out, and the record and its history say "anonymous" '
            "where they would name who recorded it (the audit trail, audit scope only, still does)."
        ),
        build=rules.new_staff_feedback,
        requirements=("SOS-QA-006",),
    ),
    listing=Listing(
        description=(
            "The authority's staff feedback, optionally for one team, a page at a time. Anonymous feedback "
            "names no one."
        ),
        requirements=("SOS-QA-006",),
        filters=StaffFeedbackFilters,
        where=_of_team,
    ),
    author=rules.recorded_by,
    requirements={"get": ["SOS-QA-006"], "history": ["SOS-QA-006", "SOS-REC-005"]},
)


@dataclass(frozen=True)
class Asked:
    """One request's report, as its audit event names it: a stable id of what was asked, version 1."""

    id: uuid.UUID
    version: int = 1


@dataclass(frozen=True)
class Report:
    """Figures worked out from many records, not a record type: each request for them is audited
    like a read of one record, under the report's name, about no case or child."""

    record_type: str
    subject: Callable[[Any], Subject] = field(default=lambda _asked: Subject(case_id=None))

    def asked(self, caller: Caller, *terms: str) -> Asked:
        key = ":".join(("sos", self.record_type, caller.la_code, *terms))
        return Asked(uuid.uuid5(uuid.NAMESPACE_URL, key))


MEASURES_REPORT = Report("qa_measures")
"""The QA measures (GET /v1/qa/measures): one audit event per request (SOS-QA-104)."""
