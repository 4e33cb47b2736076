"""A child in a case, and helpers to record its looked-after events, for the care tests."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from service.contract.examples import body
from service.models import AuditEvent, RecordVersion, StageTransition
from service.models.care import (
    CareLeaverContact,
    HealthOutcome,
    LookedAfterEpisode,
    LookedAfterReview,
    MissingEpisode,
    MotherStatus,
    PathwayPlan,
    PermanenceDecision,
    UascStatus,
)
from tests import support
from tests.support import Api, assert_problem, case_with_child, move, person

TABLES = (
    LookedAfterEpisode,
    LookedAfterReview,
    MissingEpisode,
    MotherStatus,
    PermanenceDecision,
    PathwayPlan,
    CareLeaverContact,
    UascStatus,
    HealthOutcome,
    MotherStatus,
    StageTransition,
    RecordVersion,
    AuditEvent,
)


class Child:
    """A case with one child and helpers to record its care events."""

    def __init__(self, api: Api) -> None:
        self.api = api
        the_case, child = case_with_child(api)
        self.case, self.child = the_case["id"], child["id"]

    def post(self, what: str, operation: str, **fields: Any) -> Any:
        return self.api.post(f"/v1/cases/{self.case}/{what}", body(operation, child_id=self.child, **fields))

    def made(self, what: str, operation: str, **fields: Any) -> dict[str, Any]:
        response = self.post(what, operation, **fields)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def episode(self, **fields: Any) -> Any:
        return self.post("lac-episodes", "create_lac_episode", **fields)

    def made_episode(self, **fields: Any) -> dict[str, Any]:
        return self.made("lac-episodes", "create_lac_episode", **fields)

    def amend(self, path: str, record: dict[str, Any], **changes: Any) -> Any:
        return self.api.patch(path, changes, headers={"If-Match": f'W/"{record["version"]}"'})

    def end_episode(self, episode: dict[str, Any], on: str, reason: str = "X1") -> dict[str, Any]:
        response = self.amend(f"/v1/lac-episodes/{episode['id']}", episode, end_date=on, reason_ceased=reason)
        assert response.status_code == 200, response.text
        return dict(response.json())


def at_cin(api: Api, born: str | None = None) -> Child:
    """A child in child in need since 2020-02-01: the test child, or a young person born ``born``."""
    child = Child(api)
    if born is not None:  # a young person of this age instead of the test child
        the_case, _ = case_with_child(api)
        young = person(api, date_of_birth=born)
        api.created(
            f"/v1/cases/{the_case['id']}/members",
            {"person_id": young["id"], "role": "CHILD", "joined_on": "2020-01-01"},
        )
        child.case, child.child = the_case["id"], young["id"]
    assert move(api, child.case, child.child, "CIN", "2020-02-01").status_code == 201
    return child


def refused(response: Any, requirement: str, pointer: str) -> dict[str, Any]:
    problem = assert_problem(response, 422, "rule_violated")
    assert problem.get("requirement") == requirement, problem
    assert problem["errors"][0]["pointer"] == pointer, problem
    return problem


def rows_unchanged(db: Any) -> AbstractContextManager[None]:
    """Every row count of the care tables, transitions, versions and audit events is as it was."""
    return support.rows_unchanged(db, TABLES)
