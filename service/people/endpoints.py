from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.db import SessionDep
from service.kit.auth import Reader, Writer
from service.kit.idempotency import Idempotency, created
from service.kit.pagination import Page, Paging, fetch_page
from service.kit.records import RecordKind, Subject
from service.kit.routes import READ_ERRORS, WRITE_ERRORS, add_record_routes
from service.kit.schemas import read_fields
from service.models import Person
from service.people.schemas import PersonAmend, PersonCreate, PersonRead

router = APIRouter(prefix="/v1/people", tags=["people"])


def to_read(_session: Session, person: Person) -> PersonRead:
    return PersonRead(
        **read_fields(person),
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        expected_date_of_birth=person.expected_date_of_birth,
        sex=person.sex,
        ethnicity=person.ethnicity,
        la_child_id=person.la_child_id,
        upn=person.upn,
    )


PERSON = RecordKind(
    record_type="person",
    label="person",
    model=Person,
    to_read=to_read,
    subject=lambda p: Subject(case_id=None, child_id=p.id),
    effective_date=lambda p: p.date_of_birth or p.expected_date_of_birth,
    summary=lambda p: f"Person recorded: {p.given_name} {p.family_name}",
)


@router.post(
    "",
    response_model=PersonRead,
    status_code=201,
    responses=WRITE_ERRORS,
    openapi_extra={"x-requirements": ["SOS-REC-001", "SOS-HTTP-010"]},
)
def create_person(
    body: PersonCreate, session: SessionDep, caller: Writer, guard: Idempotency, response: Response
) -> PersonRead:
    """Record a person.

    Records a child (born or unborn) or an adult around a child; add them to a case as a member.
    """
    person = Person(**body.model_dump())
    read = PERSON.create(session, caller, person)
    created(session, guard, response, read, version=person.version, location=f"/v1/people/{person.id}")
    return read


@router.get(
    "",
    response_model=Page[PersonRead],
    responses=READ_ERRORS,
    openapi_extra={"x-requirements": ["SOS-LIST-001"]},
)
def list_people(
    session: SessionDep, caller: Reader, paging: Paging, request: Request, response: Response
) -> Page[PersonRead]:
    """List people.

    The authority's people, oldest change first, a page at a time.
    """
    rows, cursor = fetch_page(
        session, select(Person).where(Person.la_code == caller.la_code), Person, paging, request, response
    )
    return Page[PersonRead](items=PERSON.read_many(session, caller, rows), next_cursor=cursor)


add_record_routes(router, PERSON, path="", name="person", read_schema=PersonRead, amend_schema=PersonAmend)
