"""SOS-CASE-003 under load: half of 20 clients mark a child's case membership entered in error while
the others record danger statements naming the child, against two service processes on the run's
database (SQLite, or PostgreSQL with SOS_TEST_POSTGRES_URL). A statement's check holds the memberships
it reads (FOR SHARE) and the marking holds the membership (FOR UPDATE): the membership is marked and
no statement names the child, or a statement names the child and no marking was saved."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from service.models import CaseMember
from service.models.assessment import DangerStatement
from tests.support import Api, case_with_child
from tests.support.planning import danger_statement_body
from tests.support.races import busy_ones_say_when, race, statuses

ROUNDS = 3


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_statement_names_a_child_whose_membership_was_marked_in_error(
    api: Api, tokens: dict[str, str], two_processes: str, db: Any, round_: int
) -> None:
    the_case, child = case_with_child(api)
    members = api.get(f"/v1/cases/{the_case['id']}/members").json()["items"]
    membership = next(m for m in members if m["person_id"] == child["id"])
    statement = danger_statement_body([child["id"]])

    def send(http: httpx.Client, i: int) -> httpx.Response:
        if i % 2:
            return http.post(f"/v1/cases/{the_case['id']}/danger-statements", json=statement)
        marking = {"reason": "Added to the wrong family's case."}
        path = f"/v1/case-members/{membership['id']}/entered-in-error"
        return http.post(path, json=marking, headers={"If-Match": f'W/"{membership["version"]}"'})

    responses = race(two_processes, tokens["writer"], send)
    markings, statements = statuses(responses[0::2]), statuses(responses[1::2])
    assert set(markings) <= {200, 409, 412, 503} and markings[200] <= 1, markings
    assert set(statements) <= {201, 422, 503}, statements
    busy_ones_say_when(responses)
    status = db.scalar(select(CaseMember.status).where(CaseMember.id == uuid.UUID(membership["id"])))
    standing = list(
        db.scalars(
            select(DangerStatement.id).where(
                DangerStatement.case_id == uuid.UUID(the_case["id"]), DangerStatement.status == "active"
            )
        )
    )
    db.rollback()
    assert len(standing) == statements[201]
    assert (status == "entered_in_error") == (markings[200] == 1)
    assert not (status == "entered_in_error" and standing), (status, len(standing))
