"""SOS-CASE-003 under load: half of 20 clients mark a child's case membership entered in error while
the others record danger statements naming the child, against two service processes on the run's
database (SQLite, or PostgreSQL with SOS_TEST_POSTGRES_URL). A statement's check holds the memberships
it reads (FOR SHARE) and the marking holds the membership (FOR UPDATE): the membership is marked and
no statement names the child, or a statement names the child and no marking was saved."""

from __future__ import annotations

from typing import Any

import pytest

from service.models import CaseMember
from service.models.assessment import DangerStatement
from tests.support import Api, case_with_child
from tests.support.planning import danger_statement_body
from tests.support.races import marking_while_naming, never_both

ROUNDS = 3


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_no_statement_names_a_child_whose_membership_was_marked_in_error(
    api: Api, tokens: dict[str, str], two_processes: str, db: Any, round_: int
) -> None:
    the_case, child = case_with_child(api)
    members = api.get(f"/v1/cases/{the_case['id']}/members").json()["items"]
    membership = next(m for m in members if m["person_id"] == child["id"])
    statement = danger_statement_body([child["id"]])
    statements = f"/v1/cases/{the_case['id']}/danger-statements"
    marking = (f"/v1/case-members/{membership['id']}", f'W/"{membership["version"]}"')
    markings, saved = marking_while_naming(two_processes, tokens["writer"], marking, (statements, statement))
    never_both(db, (CaseMember, membership["id"]), (DangerStatement, the_case["id"]), markings, saved)
