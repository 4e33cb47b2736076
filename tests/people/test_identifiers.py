"""One child, one record (SOS-CIN-019; CIN census rules 8510 and 1520): an authority child id and a
UPN are each held by one person of the authority. A second person given one is refused naming the
field and the holder, on create and on amendment, and nothing is written; another authority may hold
the same ids; a person entered in error frees theirs; and the database's unique index holds the rule
whatever the service checks."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from service.contract.examples import body
from service.kit.errors import conflict_of
from service.models import Person
from tests.support import Api, assert_problem, fresh_upn, person


def _child_id() -> str:
    return f"ID{uuid.uuid4().hex[:12].upper()}"


def _amend(api: Api, held: dict[str, Any], **changes: Any) -> Any:
    return api.patch(
        f"/v1/people/{held['id']}",
        {**changes, "amendment_reason": "Id corrected."},
        headers={"If-Match": f'W/"{held["version"]}"'},
    )


def _taken(response: Any, pointer: str, holder: str) -> None:
    problem = assert_problem(response, 422)
    assert problem["requirement"] == "SOS-CIN-019", problem
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [(pointer, "identifier_taken")], problem
    assert holder in problem["errors"][0]["detail"] and holder in problem["detail"], problem


def _holders(db: Any, **value: str) -> list[uuid.UUID]:
    ((name, held),) = value.items()
    return list(db.scalars(select(Person.id).where(Person.la_code == "990", getattr(Person, name) == held)))


@pytest.mark.parametrize("name", ["la_child_id", "upn"])
def test_a_second_person_with_an_id_is_refused_naming_the_holder(api: Api, db: Any, name: str) -> None:
    held = fresh_upn() if name == "upn" else _child_id()
    fields = {name: held, "upn_unknown_reason": None} if name == "upn" else {name: held}
    first = person(api, **fields)
    _taken(api.post("/v1/people", {**_body(), **fields}), f"/{name}", first["id"])
    assert _holders(db, **{name: held}) == [uuid.UUID(first["id"])]  # nothing written
    second = person(api)
    _taken(_amend(api, second, **fields), f"/{name}", first["id"])
    assert api.get(f"/v1/people/{second['id']}").json()["version"] == 1
    # The holder's own amendment may give its own id again; and once entered in error, it is free.
    assert _amend(api, first, **fields).status_code == 200
    marked = api.post(
        f"/v1/people/{first['id']}/entered-in-error",
        {"reason": "Recorded twice."},
        headers={"If-Match": 'W/"2"'},
    )
    assert marked.status_code == 200, marked.text
    moved = _amend(api, second, **fields)
    assert moved.status_code == 200, moved.text
    assert moved.json()[name] == held


def _body() -> dict[str, Any]:
    return body("create_person", "child", family_name=f"Child-{uuid.uuid4().hex[:6]}", la_child_id=None)


def test_another_authority_may_hold_the_same_id(api: Api, other_api: Api) -> None:
    held = _child_id()
    person(api, la_child_id=held)
    theirs = other_api.post("/v1/people", {**_body(), "la_child_id": held})
    assert theirs.status_code == 201, theirs.text


@pytest.mark.parametrize("name", ["la_child_id", "upn"])
def test_the_database_holds_the_rule_without_the_service(api: Api, observer_engine: Any, name: str) -> None:
    """The unique index refuses a second holder written past the service (what a concurrent request
    that passed the check would meet), and the service answers that refusal with a 409 naming the
    field, as its own check does; another index's refusal is the bare conflict."""
    held = fresh_upn() if name == "upn" else _child_id()
    fields = {name: held, "upn_unknown_reason": None} if name == "upn" else {name: held}
    first, second = person(api, **fields), person(api)
    with observer_engine.connect() as connection:
        with pytest.raises(IntegrityError) as refused:
            connection.execute(update(Person).where(Person.id == uuid.UUID(second["id"])).values(**fields))
        connection.rollback()
    assert first[name] == held
    answer = conflict_of(refused.value)
    assert (answer.status, answer.requirement) == (409, "SOS-CIN-019")
    assert [(e.pointer, e.code) for e in answer.errors or []] == [(f"/{name}", "identifier_taken")]
    with observer_engine.connect() as connection:
        with pytest.raises(IntegrityError) as other:
            taken = {"id": uuid.UUID(first["id"])}
            connection.execute(update(Person).where(Person.id == uuid.UUID(second["id"])).values(**taken))
        connection.rollback()
    bare = conflict_of(other.value)
    assert (bare.code, bare.errors) == ("conflict", None)
