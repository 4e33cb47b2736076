"""People racing for one id (SOS-CIN-019): 20 clients against two service processes on the run's
database (SQLite, or PostgreSQL with SOS_TEST_POSTGRES_URL) give the same authority child id at the
same moment, by creating people or by amending different people. Exactly one person holds it after;
every other client is refused naming the field (422 from the check, 409 from the unique index), none
with a 5xx."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from service.contract.examples import body
from service.models import CaseMember, Person
from tests.support import AMENDED_ON, Api, case, person
from tests.support.races import CLIENTS, race, statuses

ROUNDS = 3


def _refused_naming_the_id(responses: list[httpx.Response]) -> None:
    for refused in (r for r in responses if r.status_code in (409, 422)):
        named = [(e["pointer"], e["code"]) for e in refused.json()["errors"]]
        assert named == [("/la_child_id", "identifier_taken")], refused.text


def _holders(db: Any, held: str) -> int:
    found = db.scalars(
        select(Person.id).where(
            Person.la_code == "990", Person.la_child_id == held, Person.status != "entered_in_error"
        )
    ).all()
    return len(found)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_person_is_made_with_an_id_given_at_once(
    tokens: dict[str, str], two_processes: str, db: Any, round_: int
) -> None:
    held = f"RACE{uuid.uuid4().hex[:12].upper()}"
    made = body("create_person", "child", family_name="Racer", la_child_id=held)

    def send(http: httpx.Client, _i: int) -> httpx.Response:
        return http.post("/v1/people", json=made)

    responses = race(two_processes, tokens["writer"], send)
    counts = statuses(responses)
    assert counts[201] == 1 and set(counts) <= {201, 409, 422}, counts
    _refused_naming_the_id(responses)
    assert _holders(db, held) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_person_is_given_an_id_amended_into_many_at_once(
    api: Api, tokens: dict[str, str], two_processes: str, db: Any, round_: int
) -> None:
    held = f"RACE{uuid.uuid4().hex[:12].upper()}"
    people = [person(api) for _ in range(CLIENTS)]

    def send(http: httpx.Client, i: int) -> httpx.Response:
        change = {"la_child_id": held, "effective_on": AMENDED_ON, "amendment_reason": "Id corrected."}
        return http.patch(f"/v1/people/{people[i]['id']}", json=change, headers={"If-Match": 'W/"1"'})

    responses = race(two_processes, tokens["writer"], send)
    counts = statuses(responses)
    assert counts[200] == 1 and set(counts) <= {200, 409, 422}, counts
    _refused_naming_the_id(responses)
    assert _holders(db, held) == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_a_person_is_not_entered_in_error_while_made_a_member(
    api: Api, tokens: dict[str, str], two_processes: str, db: Any, round_: int
) -> None:
    """SOS-REC-009 and SOS-REC-008: ten clients add a person to ten cases while ten mark the person
    entered in error: the person ends entered in error with no membership, or a member and active."""
    someone = person(api)
    cases = [case(api)["id"] for _ in range(CLIENTS // 2)]
    joining = body("create_case_member", "child", person_id=someone["id"])

    def send(http: httpx.Client, i: int) -> httpx.Response:
        if i % 2:
            marked = {"reason": "Recorded twice."}
            return http.post(
                f"/v1/people/{someone['id']}/entered-in-error", json=marked, headers={"If-Match": 'W/"1"'}
            )
        return http.post(f"/v1/cases/{cases[i // 2]}/members", json=joining)

    counts = statuses(race(two_processes, tokens["writer"], send))
    person_id = uuid.UUID(someone["id"])
    assert set(counts) <= {200, 201, 409, 412, 422}, counts
    members = db.scalars(
        select(CaseMember.id).where(
            CaseMember.person_id == person_id, CaseMember.status != "entered_in_error"
        )
    ).all()
    status = db.scalar(select(Person.status).where(Person.id == person_id))
    assert (status, counts[200]) == ("active", 0) or (status, len(members)) == ("entered_in_error", 0), (
        status,
        counts,
        len(members),
    )
    assert counts[201] == len(members), (counts, len(members))
