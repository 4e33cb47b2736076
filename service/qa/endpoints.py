"""Quality assurance: allocations, collaborative case audits, family and staff feedback, and pictures.

Decision on anonymous staff feedback (SOS-QA-006): when ``anonymous`` is true the record names no
one. It stores and returns ``created_by``/``updated_by`` "anonymous", its first history version says
``recorded_by`` "anonymous", and ``respondent`` is refused. The append-only audit trail still
records the token subject that submitted it, because that trail is readable only with the separate
``audit`` scope and must show every write; the people who can read staff feedback (``read`` scope)
cannot learn who gave it. Feedback is kept as given: there is no amendment, only entered in error.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.assessment.kinds import RATING, SCALE, ScaleId
from service.assessment.rules import case_vocabulary, scale_label
from service.cases.kinds import CASE, CaseId
from service.cases.rules import members_of
from service.db import SessionDep
from service.kit.auth import Caller, Reader, Writer
from service.kit.errors import FieldError, RuleViolation, ValidationFailed, field_error
from service.kit.legacy_idempotency import Idempotency, created
from service.kit.legacy_records import ENTERED_IN_ERROR, RecordKind, Subject, audit, audit_event
from service.kit.legacy_routes import READ_ERRORS, WRITE_ERRORS, add_record_routes, requirement_ids
from service.kit.pagination import Page, Paging, fetch_page
from service.kit.schemas import read_fields
from service.models import RecordVersion
from service.models.assessment import ScaleRating
from service.models.base import utcnow
from service.models.qa import Allocation, CaseAudit, FamilyFeedback, StaffFeedback
from service.qa.evidence import evidence_for_case, template
from service.qa.pictures import SVG_MEDIA_TYPE, ChartSeries, chart_svg, whiteboard_rows, whiteboard_svg
from service.qa.schemas import (
    AllocationAmend,
    AllocationCreate,
    AllocationRead,
    AnswerRead,
    AuditEvidence,
    AuditItemRead,
    AuditTemplate,
    CaseAuditAmend,
    CaseAuditCreate,
    CaseAuditRead,
    FamilyFeedbackCreate,
    FamilyFeedbackRead,
    ItemEvidence,
    StaffFeedbackCreate,
    StaffFeedbackRead,
)
from service.reference_data.registry import code_lists

router = APIRouter(tags=["qa"])
ANONYMOUS = "anonymous"


class SvgResponse(Response):
    media_type = SVG_MEDIA_TYPE


def _svg_responses(what: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": what, "content": {SVG_MEDIA_TYPE: {"schema": {"type": "string"}}}},
        **READ_ERRORS,
    }


def _refuse_nulls(data: dict[str, Any], names: tuple[str, ...]) -> None:
    nulls = [n for n in names if n in data and data[n] is None]
    if nulls:
        raise ValidationFailed(
            "These fields cannot be emptied: " + ", ".join(nulls) + ".",
            errors=[field_error(f"/{n}", "cannot be null", "required") for n in nulls],
        )


# --- allocations --------------------------------------------------------------------------------


def current_allocation(session: Session, case_id: uuid.UUID) -> Allocation | None:
    """The case's current allocation: the latest (by allocated_on) that has no ended_on."""
    return session.scalars(
        select(Allocation)
        .where(Allocation.case_id == case_id, Allocation.status == "active", Allocation.ended_on.is_(None))
        .order_by(Allocation.allocated_on.desc(), Allocation.created_at.desc(), Allocation.id.desc())
    ).first()


def allocation_to_read(session: Session, a: Allocation) -> AllocationRead:
    current = current_allocation(session, a.case_id)
    return AllocationRead(
        **read_fields(a),
        case_id=a.case_id,
        team=a.team,
        worker=a.worker,
        allocated_on=a.allocated_on,
        ended_on=a.ended_on,
        current=current is not None and current.id == a.id,
    )


ALLOCATION = RecordKind(
    record_type="allocation",
    label="allocation",
    model=Allocation,
    to_read=allocation_to_read,
    subject=lambda a: Subject(case_id=a.case_id),
    effective_date=lambda a: a.allocated_on,
    summary=lambda a: f"Allocated to {a.worker} ({a.team})" + (f", ended {a.ended_on}" if a.ended_on else ""),
)


def _check_allocation_dates(allocated_on: date, ended_on: date | None) -> None:
    if ended_on is not None and ended_on < allocated_on:
        raise RuleViolation(
            f"An allocation cannot end ({ended_on}) before it started ({allocated_on}).",
            errors=[field_error("/ended_on", "not before allocated_on", "ended_before_allocated")],
            requirement="SOS-QA-001",
        )


@router.post(
    "/v1/cases/{case_id}/allocations",
    response_model=AllocationRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-001", "SOS-HTTP-010"),
)
def create_allocation(
    case_id: CaseId,
    body: AllocationCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> AllocationRead:
    """Allocate a case to a team and worker.

    From `allocated_on` the case is held by this team and worker; the latest allocation without
    `ended_on` is the case's current one (measures count cases per team from it). End an allocation
    by amending it with `ended_on`.
    """
    CASE.get(session, caller, case_id)
    allocation = Allocation(case_id=case_id, **body.model_dump())
    read = ALLOCATION.create(session, caller, allocation)
    created(
        session,
        guard,
        response,
        read,
        version=allocation.version,
        location=f"/v1/allocations/{allocation.id}",
    )
    return read


@router.get(
    "/v1/cases/{case_id}/allocations",
    response_model=Page[AllocationRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-001", "SOS-LIST-001"),
)
def list_allocations(
    case_id: CaseId, session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[AllocationRead]:
    """List a case's allocations.

    Every allocation of the case, ended and entered-in-error ones included, each saying whether it
    is the current one.
    """
    CASE.get(session, caller, case_id)
    query = select(Allocation).where(Allocation.case_id == case_id)
    rows, cursor = fetch_page(session, query, Allocation, paging, request, response)
    return Page[AllocationRead](items=ALLOCATION.read_many(session, caller, rows), next_cursor=cursor)


def _allocation_changes(
    _session: Session, _caller: Caller, allocation: Allocation, data: dict[str, Any]
) -> dict[str, Any]:
    _refuse_nulls(data, ("team", "worker", "allocated_on"))
    _check_allocation_dates(
        data.get("allocated_on") or allocation.allocated_on,
        data.get("ended_on", allocation.ended_on),
    )
    return data


add_record_routes(
    router,
    ALLOCATION,
    path="/v1/allocations",
    name="allocation",
    read_schema=AllocationRead,
    amend_schema=AllocationAmend,
    on_amend=_allocation_changes,
    requirements={"get": ["SOS-QA-001"], "amend": ["SOS-QA-001"], "history": ["SOS-REC-005"]},
)

# --- collaborative case audits ------------------------------------------------------------------


def _item_labels() -> dict[str, str]:
    return {c.code: c.label for c in code_lists()["qa_audit_item"].codes.values()}


def audit_to_read(_session: Session, a: CaseAudit) -> CaseAuditRead:
    labels = _item_labels()
    evidence = a.evidence or {}
    return CaseAuditRead(
        **read_fields(a),
        case_id=a.case_id,
        audited_on=a.audited_on,
        auditor=a.auditor,
        worker=a.worker,
        template=AuditTemplate(list_id=a.template_list, version=a.template_version),
        items=[
            AuditItemRead(
                item_code=i["item_code"],
                label=labels.get(i["item_code"], i["item_code"]),
                rating=i["rating"],
                comment=i.get("comment"),
                evidence=ItemEvidence(**evidence[i["item_code"]]) if i["item_code"] in evidence else None,
            )
            for i in a.items
        ],
        overall=a.overall,
        learning_actions=a.learning_actions,
        evidence_as_of=a.evidence_as_of,
    )


CASE_AUDIT = RecordKind(
    record_type="case_audit",
    label="case audit",
    model=CaseAudit,
    to_read=audit_to_read,
    subject=lambda a: Subject(case_id=a.case_id),
    effective_date=lambda a: a.audited_on,
    summary=lambda a: f"Case audit by {a.auditor} with {a.worker}: overall {a.overall}/10",
)


def check_audit_items(items: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Every current item of the template answered exactly once (SOS-QA-002). Returns the template
    version and the answers in template order."""
    _list_id, version, template_items = template()
    order = {code: i for i, (code, _) in enumerate(template_items)}
    seen: Counter[str] = Counter()
    errors: list[FieldError] = []
    duplicates: list[str] = []
    for i, item in enumerate(items):
        code = item["item_code"]
        seen[code] += 1
        if code not in order:
            errors.append(
                field_error(f"/items/{i}/item_code", "not an item of the template", "audit_item_unknown")
            )
        elif seen[code] == 2:
            duplicates.append(code)
            errors.append(
                field_error(
                    f"/items/{i}/item_code", f"{code} answered more than once", "audit_item_duplicate"
                )
            )
    missing = [code for code in order if code not in seen]
    errors[:0] = [field_error("/items", f"{code} not answered", "audit_item_missing") for code in missing]
    if errors:
        said = []
        if missing:
            said.append("missing " + ", ".join(missing))
        if duplicates:
            said.append("answered more than once " + ", ".join(duplicates))
        raise RuleViolation(
            f"Answer every item of the audit template (qa_audit_item {version}) exactly once: "
            + ("; ".join(said) or "unknown items")
            + ".",
            errors=errors,
            requirement="SOS-QA-002",
        )
    ordered = sorted(items, key=lambda item: order[item["item_code"]])
    return version, [
        {"item_code": i["item_code"], "rating": i["rating"], "comment": i.get("comment")} for i in ordered
    ]


@router.post(
    "/v1/cases/{case_id}/audits",
    response_model=CaseAuditRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-002", "SOS-QA-003", "SOS-QA-004", "SOS-HTTP-010"),
)
def create_case_audit(
    case_id: CaseId,
    body: CaseAuditCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> CaseAuditRead:
    """Record a collaborative case audit.

    Auditor and worker rate every item of the audit template (list `qa_audit_item`, whose version
    the audit records) exactly once, with comments, an overall judgement and learning actions. The
    evidence the case's records held on `audited_on` (see get_case_audit_evidence) is kept with the
    audit and shown beside each item. `worker` defaults to the case's current allocation.
    """
    CASE.get(session, caller, case_id)
    worker = body.worker
    if worker is None:
        allocation = current_allocation(session, case_id)
        if allocation is None:
            raise RuleViolation(
                "The case has no current allocation: name the worker who audited with you.",
                errors=[
                    field_error("/worker", "required when the case has no allocation", "worker_required")
                ],
                requirement="SOS-QA-003",
            )
        worker = allocation.worker
    version, items = check_audit_items([i.model_dump() for i in body.items])
    list_id, _, _ = template()
    audit_row = CaseAudit(
        case_id=case_id,
        audited_on=body.audited_on,
        auditor=body.auditor,
        worker=worker,
        template_list=list_id,
        template_version=version,
        items=items,
        overall=body.overall,
        learning_actions=body.learning_actions,
        evidence=evidence_for_case(session, case_id, body.audited_on),
        evidence_as_of=body.audited_on,
    )
    read = CASE_AUDIT.create(session, caller, audit_row)
    created(
        session, guard, response, read, version=audit_row.version, location=f"/v1/case-audits/{audit_row.id}"
    )
    return read


@router.get(
    "/v1/cases/{case_id}/audits",
    response_model=Page[CaseAuditRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-004", "SOS-LIST-001"),
)
def list_case_audits(
    case_id: CaseId, session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[CaseAuditRead]:
    """List a case's audits.

    Every audit of the case with its answers beside the evidence kept with it, a page at a time.
    """
    CASE.get(session, caller, case_id)
    query = select(CaseAudit).where(CaseAudit.case_id == case_id)
    rows, cursor = fetch_page(session, query, CaseAudit, paging, request, response)
    return Page[CaseAuditRead](items=CASE_AUDIT.read_many(session, caller, rows), next_cursor=cursor)


@router.get(
    "/v1/cases/{case_id}/audit-evidence",
    response_model=AuditEvidence,
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-004"),
)
def get_case_audit_evidence(
    case_id: CaseId,
    session: SessionDep,
    caller: Reader,
    on: Annotated[
        date | None,
        Query(description="The date review periods count back from (the audit date); default today."),
    ] = None,
) -> AuditEvidence:
    """The evidence for a case audit.

    For every item of the audit template, what the case's records already hold: computed from the
    map, statements, scales, child's voice, network, plan, trajectory and stage transitions, never
    typed. Items the service keeps no records for say so (`recorded_by_service` false).
    """
    case = CASE.get(session, caller, case_id)
    audit_event(session, caller, "read_audit_evidence", "case", case.id, case.version, case_id=case.id)
    as_of = on or date.today()
    list_id, version, _ = template()
    evidence = evidence_for_case(session, case_id, as_of)
    return AuditEvidence(
        case_id=case_id,
        as_of=as_of,
        template=AuditTemplate(list_id=list_id, version=version),
        items=[ItemEvidence(**e) for e in evidence.values()],
    )


def _audit_changes(session: Session, _caller: Caller, a: CaseAudit, data: dict[str, Any]) -> dict[str, Any]:
    _refuse_nulls(data, ("audited_on", "auditor", "worker", "items", "overall"))
    if "items" in data:
        version, data["items"] = check_audit_items(list(data["items"]))
        data["template_version"] = version
    return data


add_record_routes(
    router,
    CASE_AUDIT,
    path="/v1/case-audits",
    name="case_audit",
    read_schema=CaseAuditRead,
    amend_schema=CaseAuditAmend,
    on_amend=_audit_changes,
    requirements={"get": ["SOS-QA-004"], "amend": ["SOS-QA-002"], "history": ["SOS-QA-004", "SOS-REC-005"]},
)

# --- feedback -----------------------------------------------------------------------------------


def _answers(answers: list[dict[str, Any]], requirement: str) -> list[dict[str, Any]]:
    seen: set[str] = set()
    errors = []
    for i, a in enumerate(answers):
        if a["question_code"] in seen:
            errors.append(
                field_error(
                    f"/answers/{i}/question_code", "answered more than once", "question_answered_twice"
                )
            )
        seen.add(a["question_code"])
    if errors:
        raise RuleViolation("Answer each question at most once.", errors=errors, requirement=requirement)
    return [
        {"question_code": a["question_code"], "value": a["value"], "text": a.get("text")} for a in answers
    ]


def family_to_read(_session: Session, f: FamilyFeedback) -> FamilyFeedbackRead:
    return FamilyFeedbackRead(
        **read_fields(f),
        case_id=f.case_id,
        given_on=f.given_on,
        respondent_role=f.respondent_role,
        respondent_person_id=f.respondent_person_id,
        answers=[AnswerRead(**a) for a in f.answers],
    )


FAMILY_FEEDBACK = RecordKind(
    record_type="family_feedback",
    label="family feedback",
    model=FamilyFeedback,
    to_read=family_to_read,
    subject=lambda f: Subject(
        case_id=f.case_id,
        child_id=f.respondent_person_id if f.respondent_role in ("CHILD", "YOUNG_PERSON") else None,
    ),
    effective_date=lambda f: f.given_on,
    summary=lambda f: (
        f"Family feedback from a {f.respondent_role.lower().replace('_', ' ')}: {len(f.answers)} answers"
    ),
)


@router.post(
    "/v1/cases/{case_id}/family-feedback",
    response_model=FamilyFeedbackRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-005", "SOS-HTTP-010"),
)
def create_family_feedback(
    case_id: CaseId,
    body: FamilyFeedbackCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> FamilyFeedbackRead:
    """Record family feedback.

    What a parent, carer or child of the case said about the help they get: questions of the list
    `family_feedback_question`, each answered at most once from 0 to 10 with their words. The
    respondent may be named (a member of the case) or not. Kept as given: no amendment.
    """
    CASE.get(session, caller, case_id)
    if body.respondent_person_id is not None and not any(
        m.person_id == body.respondent_person_id for m in members_of(session, case_id)
    ):
        raise RuleViolation(
            "The respondent named is not a member of this case.",
            errors=[
                field_error("/respondent_person_id", "not a member of this case", "not_a_member_of_case")
            ],
            requirement="SOS-QA-005",
        )
    feedback = FamilyFeedback(
        case_id=case_id,
        given_on=body.given_on,
        respondent_role=body.respondent_role,
        respondent_person_id=body.respondent_person_id,
        answers=_answers([a.model_dump() for a in body.answers], "SOS-QA-005"),
    )
    read = FAMILY_FEEDBACK.create(session, caller, feedback)
    created(
        session,
        guard,
        response,
        read,
        version=feedback.version,
        location=f"/v1/family-feedback/{feedback.id}",
    )
    return read


@router.get(
    "/v1/cases/{case_id}/family-feedback",
    response_model=Page[FamilyFeedbackRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-005", "SOS-LIST-001"),
)
def list_family_feedback(
    case_id: CaseId, session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[FamilyFeedbackRead]:
    """List a case's family feedback.

    Every piece of feedback given about the case, a page at a time.
    """
    CASE.get(session, caller, case_id)
    query = select(FamilyFeedback).where(FamilyFeedback.case_id == case_id)
    rows, cursor = fetch_page(session, query, FamilyFeedback, paging, request, response)
    return Page[FamilyFeedbackRead](
        items=FAMILY_FEEDBACK.read_many(session, caller, rows), next_cursor=cursor
    )


add_record_routes(
    router,
    FAMILY_FEEDBACK,
    path="/v1/family-feedback",
    name="family_feedback",
    read_schema=FamilyFeedbackRead,
    amend_schema=None,
    requirements={"get": ["SOS-QA-005"], "history": ["SOS-REC-005"]},
)


def staff_to_read(_session: Session, f: StaffFeedback) -> StaffFeedbackRead:
    return StaffFeedbackRead(
        **read_fields(f),
        given_on=f.given_on,
        team=f.team,
        anonymous=f.anonymous,
        respondent=None if f.anonymous else f.respondent,
        answers=[AnswerRead(**a) for a in f.answers],
    )


@dataclass(frozen=True)
class _StaffFeedbackKind(RecordKind[StaffFeedback, StaffFeedbackRead]):
    """As every record kind, except that anonymous feedback is created naming no one (SOS-QA-006)."""

    def create(self, session: Session, caller: Caller, record: StaffFeedback) -> StaffFeedbackRead:
        if not record.anonymous:
            return super().create(session, caller, record)
        now = utcnow()
        record.la_code = caller.la_code
        record.created_at = record.updated_at = now
        record.created_by = record.updated_by = ANONYMOUS
        record.respondent = None
        session.add(record)
        session.flush()
        read = self._after_write(session, caller, record, "create", None)
        # The history version names no one either; the audit event (audit scope) keeps the submitter.
        session.execute(
            update(RecordVersion)
            .where(RecordVersion.record_id == record.id, RecordVersion.version == record.version)
            .values(recorded_by=ANONYMOUS)
            .execution_options(synchronize_session=False)
        )
        return read


STAFF_FEEDBACK = _StaffFeedbackKind(
    record_type="staff_feedback",
    label="staff feedback",
    model=StaffFeedback,
    to_read=staff_to_read,
    subject=lambda f: Subject(case_id=None),
    effective_date=lambda f: f.given_on,
    summary=lambda f: f"Staff feedback from {f.team}" + (" (anonymous)" if f.anonymous else ""),
)


@router.post(
    "/v1/staff-feedback",
    response_model=StaffFeedbackRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-006", "SOS-HTTP-010"),
)
def create_staff_feedback(
    body: StaffFeedbackCreate, session: SessionDep, caller: Writer, guard: Idempotency, response: Response
) -> StaffFeedbackRead:
    """Record staff feedback.

    What a member of staff said about how the organisation supports the practice: questions of the
    list `staff_feedback_question`, each answered at most once from 0 to 10. Anonymous feedback
    names no one: `respondent` must be left out, and the record and its history say "anonymous"
    where they would name who recorded it (the audit trail, audit scope only, still does).
    """
    if body.anonymous and body.respondent is not None:
        raise RuleViolation(
            "Anonymous feedback names no one: leave respondent out.",
            errors=[field_error("/respondent", "must be absent when anonymous", "respondent_not_allowed")],
            requirement="SOS-QA-006",
        )
    if not body.anonymous and body.respondent is None:
        raise RuleViolation(
            "Say who gave the feedback, or mark it anonymous.",
            errors=[field_error("/respondent", "required unless anonymous", "respondent_required")],
            requirement="SOS-QA-006",
        )
    feedback = StaffFeedback(
        given_on=body.given_on,
        team=body.team,
        anonymous=body.anonymous,
        respondent=body.respondent,
        answers=_answers([a.model_dump() for a in body.answers], "SOS-QA-006"),
    )
    read = STAFF_FEEDBACK.create(session, caller, feedback)
    created(
        session, guard, response, read, version=feedback.version, location=f"/v1/staff-feedback/{feedback.id}"
    )
    return read


@router.get(
    "/v1/staff-feedback",
    response_model=Page[StaffFeedbackRead],
    responses=READ_ERRORS,
    openapi_extra=requirement_ids("SOS-QA-006", "SOS-LIST-001"),
)
def list_staff_feedback(
    session: SessionDep,
    caller: Reader,
    paging: Paging,
    request: Request,
    response: Response,
    team: Annotated[str | None, Query(max_length=100, description="Only feedback from this team.")] = None,
) -> Page[StaffFeedbackRead]:
    """List staff feedback.

    The authority's staff feedback, optionally for one team, a page at a time. Anonymous feedback
    names no one.
    """
    query = select(StaffFeedback).where(StaffFeedback.la_code == caller.la_code)
    if team is not None:
        query = query.where(StaffFeedback.team == team)
    rows, cursor = fetch_page(session, query, StaffFeedback, paging, request, response)
    return Page[StaffFeedbackRead](items=STAFF_FEEDBACK.read_many(session, caller, rows), next_cursor=cursor)


add_record_routes(
    router,
    STAFF_FEEDBACK,
    path="/v1/staff-feedback",
    name="staff_feedback",
    read_schema=StaffFeedbackRead,
    amend_schema=None,
    requirements={"get": ["SOS-QA-006"], "history": ["SOS-QA-006", "SOS-REC-005"]},
)

# --- pictures -----------------------------------------------------------------------------------


@router.get(
    "/v1/cases/{case_id}/whiteboard.svg",
    response_class=SvgResponse,
    responses=_svg_responses("The case's practice whiteboard as SVG."),
    openapi_extra=requirement_ids("SOS-QA-007"),
)
def get_case_whiteboard(case_id: CaseId, session: SessionDep, caller: Reader) -> Response:
    """A case's practice whiteboard (SVG).

    One row per part of the practice (map, danger statements and goals, scaling, child's voice,
    network, safety plan, words and pictures, trajectory), each CURRENT, PRESENT or MISSING with a
    short fact, in colour and in words. Worked out from the records, like the audit evidence.
    """
    case = CASE.get(session, caller, case_id)
    audit_event(session, caller, "read_whiteboard", "case", case.id, case.version, case_id=case.id)
    today = date.today()
    rows = whiteboard_rows(evidence_for_case(session, case_id, today), today)
    return SvgResponse(whiteboard_svg(case.title, case.reference, today, rows))


@router.get(
    "/v1/scales/{scale_id}/chart.svg",
    response_class=SvgResponse,
    responses=_svg_responses("The scale's ratings per rater as an SVG line chart."),
    openapi_extra=requirement_ids("SOS-QA-008"),
)
def get_scale_chart(scale_id: ScaleId, session: SessionDep, caller: Reader) -> Response:
    """A scale's trajectory per rater (SVG).

    One line per rater (name and role) through their ratings in date order; x is the date, y runs
    from 0 to 10 with the scale's two anchors as the axis labels. Entered-in-error ratings are left
    out; nothing is averaged.
    """
    scale = SCALE.get(session, caller, scale_id)
    audit(session, caller, "read", SCALE, [scale])
    ratings = list(
        session.scalars(
            select(ScaleRating)
            .where(ScaleRating.scale_id == scale.id, ScaleRating.status != ENTERED_IN_ERROR)
            .order_by(ScaleRating.rated_on, ScaleRating.created_at, ScaleRating.id)
        )
    )
    audit(session, caller, "read", RATING, ratings)
    series: dict[tuple[str, str], ChartSeries] = {}
    for r in ratings:
        key = (r.rater_name, r.rater_role)
        if key not in series:
            series[key] = ChartSeries(rater_name=r.rater_name, rater_role=r.rater_role, points=[])
        series[key].points.append((r.rated_on, r.value))
    label = scale_label(case_vocabulary(session, scale.case_id), scale.kind)
    title = f"{label[:1].upper()}{label[1:]}: {scale.question}"
    return SvgResponse(chart_svg(title, scale.anchor_0, scale.anchor_10, list(series.values())))
