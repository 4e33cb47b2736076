"""The statutory tests' shared set-up: a case with a child and its mother, helpers to record the
events on a referral, the tables a refusal must leave as they were, and the refusal's expected shape."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from service.contract.examples import body
from service.models import AuditEvent, RecordVersion, StageTransition
from service.models.assessment import ScaleRating
from service.models.statutory import (
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionPlanReview,
    CinPlan,
    EarlyHelpEpisode,
    PersonRelationship,
    Referral,
    Section47Enquiry,
    SingleAssessment,
    StrategyDiscussion,
)
from tests.support import Api, assert_problem, case_with_child, person, rows_unchanged

TABLES = (
    EarlyHelpEpisode,
    Referral,
    SingleAssessment,
    CinPlan,
    StrategyDiscussion,
    Section47Enquiry,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionPlanReview,
    PersonRelationship,
    StageTransition,
    ScaleRating,
    RecordVersion,
    AuditEvent,
)
ENDED = {"If-Match": 'W/"1"'}


class Family:
    """A case with one child (and an adult, the mother) and helpers to record its events."""

    def __init__(self, api: Api) -> None:
        self.api = api
        the_case, child = case_with_child(api)
        self.case, self.child = the_case["id"], child["id"]
        self.mother = person(api, given_name="Mother", date_of_birth="1995-02-02")["id"]
        api.created(
            f"/v1/cases/{self.case}/members",
            {"person_id": self.mother, "role": "ADULT", "joined_on": "2025-01-14"},
        )

    def post(self, what: str, operation: str, **fields: Any) -> Any:
        return self.api.post(f"/v1/cases/{self.case}/{what}", body(operation, child_id=self.child, **fields))

    def made(self, what: str, operation: str, **fields: Any) -> dict[str, Any]:
        response = self.post(what, operation, **fields)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def referral(self, **fields: Any) -> dict[str, Any]:
        return self.made("referrals", "create_referral", **fields)

    def discussion(self, referral: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return self.made(
            "strategy-discussions", "create_strategy_discussion", referral_id=referral["id"], **fields
        )

    def enquiry(self, referral: dict[str, Any], discussion: dict[str, Any], **fields: Any) -> dict[str, Any]:
        return self.made(
            "section47-enquiries",
            "create_section47_enquiry",
            referral_id=referral["id"],
            strategy_discussion_id=discussion["id"],
            **fields,
        )

    def conference(self, **fields: Any) -> Any:
        defaults = {
            "map_id": None,
            "danger_statement_ids": [],
            "rating_ids": [],
            "override_reason": "Test: the map is not under test.",
        }
        return self.post("cp-conferences", "create_cp_conference", **{**defaults, **fields})

    def amend(self, path: str, version: int, **changes: Any) -> Any:
        """The answer to amending the record at ``path`` (at ``version``) with ``changes``."""
        return self.api.patch(path, changes, headers={"If-Match": f'W/"{version}"'})

    def entered_in_error(self, path: str, version: int = 1) -> None:
        """The record at ``path`` (at ``version``) marked entered in error."""
        marked = self.api.post(
            f"{path}/entered-in-error", {"reason": "Test."}, headers={"If-Match": f'W/"{version}"'}
        )
        assert marked.status_code == 200, marked.text

    def chain(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """A referral (2025-03-02), strategy discussion and section 47 (2025-03-03)."""
        referral = self.referral()
        discussion = self.discussion(referral)
        return referral, discussion, self.enquiry(referral, discussion)


def refused(response: Any, requirement: str, pointer: str, status: int = 422) -> dict[str, Any]:
    problem = assert_problem(response, status)
    assert problem.get("requirement") == requirement, problem
    if pointer:
        assert problem["errors"][0]["pointer"] == pointer, problem
    return problem


def same(db: Any) -> AbstractContextManager[None]:
    """Every statutory table (and the versions and audit events) as it was: a refusal writes nothing."""
    return rows_unchanged(db, TABLES)
