from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.cases.schemas import (
    CaseAmend,
    CaseCreate,
    CaseMemberAmend,
    CaseMemberCreate,
    CaseMemberRead,
    CaseRead,
)
from service.db import SessionDep
from service.kit.auth import Caller, Reader, Writer
from service.kit.errors import Conflict, NotFound, RuleViolation, field_error
from service.kit.idempotency import Idempotency, created
from service.kit.pagination import Page, Paging, fetch_page
from service.kit.records import RecordKind, Subject
from service.kit.routes import READ_ERRORS, WRITE_ERRORS, add_record_routes
from service.kit.schemas import read_fields
from service.models import Case, CaseMember
from service.people.endpoints import PERSON

router = APIRouter(tags=["cases"])
CaseId = Annotated[uuid.UUID, Path(description="The case's id.")]


def case_to_read(_session: Session, case: Case) -> CaseRead:
    return CaseRead(**read_fields(case), title=case.title, reference=case.reference, opened_on=case.opened_on)


CASE = RecordKind(
    record_type="case",
    label="case",
    model=Case,
    to_read=case_to_read,
    subject=lambda c: Subject(case_id=c.id),
    effective_date=lambda c: c.opened_on,
    summary=lambda c: f"Case opened: {c.title}",
)


def member_to_read(_session: Session, member: CaseMember) -> CaseMemberRead:
    return CaseMemberRead(
        **read_fields(member),
        case_id=member.case_id,
        person_id=member.person_id,
        role=member.role,
        relationship_to_children=member.relationship_to_children,
        joined_on=member.joined_on,
        left_on=member.left_on,
    )


CASE_MEMBER = RecordKind(
    record_type="case_member",
    label="case member",
    model=CaseMember,
    to_read=member_to_read,
    subject=lambda m: Subject(case_id=m.case_id, child_id=m.person_id if m.role == "CHILD" else None),
    effective_date=lambda m: m.joined_on,
    summary=lambda m: f"{m.role.title()} joined the case",
)


@router.post(
    "/v1/cases",
    response_model=CaseRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra={"x-requirements": ["SOS-REC-001", "SOS-HTTP-010"]},
)
def create_case(
    body: CaseCreate, session: SessionDep, caller: Writer, guard: Idempotency, response: Response
) -> CaseRead:
    """Open a case.

    Opens a family's working file. Add its children and adults with create_case_member, then bring
    each child to the front door with record_stage_transition.
    """
    case = Case(**body.model_dump())
    read = CASE.create(session, caller, case)
    created(session, guard, response, read, version=case.version, location=f"/v1/cases/{case.id}")
    return read


@router.get(
    "/v1/cases",
    response_model=Page[CaseRead],
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-LIST-001"]},
)
def list_cases(
    session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[CaseRead]:
    """List cases.

    The authority's cases, oldest change first, a page at a time; `updated_since` for syncing.
    """
    query = select(Case).where(Case.la_code == caller.la_code)
    rows, cursor = fetch_page(session, query, Case, paging, request, response)
    return Page[CaseRead](items=CASE.read_many(session, caller, rows), next_cursor=cursor)


add_record_routes(router, CASE, path="/v1/cases", name="case", read_schema=CaseRead, amend_schema=CaseAmend)


def members_of(session: Session, case_id: uuid.UUID, role: str | None = None) -> list[CaseMember]:
    query = select(CaseMember).where(CaseMember.case_id == case_id, CaseMember.status == "active")
    if role is not None:
        query = query.where(CaseMember.role == role)
    return list(session.scalars(query.order_by(CaseMember.joined_on, CaseMember.id)))


def require_child_of_case(session: Session, case_id: uuid.UUID, child_id: uuid.UUID, pointer: str) -> None:
    if not any(m.person_id == child_id for m in members_of(session, case_id, "CHILD")):
        raise RuleViolation(
            "The person is not a child member of this case.",
            errors=[field_error(pointer, "not a child of this case", "not_a_child_of_case")],
            requirement="SOS-CASE-002",
        )


@router.post(
    "/v1/cases/{case_id}/members",
    response_model=CaseMemberRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra={"x-requirements": ["SOS-CASE-001", "SOS-HTTP-010"]},
)
def create_case_member(
    case_id: CaseId,
    body: CaseMemberCreate,
    session: SessionDep,
    caller: Writer,
    guard: Idempotency,
    response: Response,
) -> CaseMemberRead:
    """Add a member to a case.

    Adds a child or an adult (a person of the same authority) to the case.
    """
    CASE.get(session, caller, case_id)
    _require_person(session, caller, body.person_id)
    if any(m.person_id == body.person_id and m.left_on is None for m in members_of(session, case_id)):
        raise Conflict("This person is already a current member of the case.", requirement="SOS-CASE-001")
    member = CaseMember(case_id=case_id, **body.model_dump())
    read = CASE_MEMBER.create(session, caller, member)
    created(session, guard, response, read, version=member.version, location=f"/v1/case-members/{member.id}")
    return read


def _require_person(session: Session, caller: Caller, person_id: uuid.UUID) -> Any:
    try:
        return PERSON.get(session, caller, person_id)
    except NotFound as exc:
        raise RuleViolation(
            f"There is no person with id {person_id} in your authority.",
            errors=[field_error("/person_id", "no such person", "reference_not_found")],
        ) from exc


@router.get(
    "/v1/cases/{case_id}/members",
    response_model=Page[CaseMemberRead],
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-LIST-001"]},
)
def list_case_members(
    case_id: CaseId, session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[CaseMemberRead]:
    """List a case's members.

    The children and adults of one case, a page at a time.
    """
    CASE.get(session, caller, case_id)
    query = select(CaseMember).where(CaseMember.case_id == case_id)
    rows, cursor = fetch_page(session, query, CaseMember, paging, request, response)
    return Page[CaseMemberRead](items=CASE_MEMBER.read_many(session, caller, rows), next_cursor=cursor)


add_record_routes(
    router,
    CASE_MEMBER,
    path="/v1/case-members",
    name="case_member",
    read_schema=CaseMemberRead,
    amend_schema=CaseMemberAmend,
)
