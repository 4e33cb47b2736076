"""Refusals of the SSDA903 health outcomes (OC2, SOS-RET-006) and mother status (MOTHER and
MC_DOB, SOS-RET-007) that no care test reached: each names its field and code, and writes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from service.contract.examples import body
from tests.support import Api, case, person, rule_refused
from tests.support.care import Child, rows_unchanged


class YoungWoman:
    """A case with one child member, a young woman born on ``born``."""

    def __init__(self, api: Api, born: str) -> None:
        self.api = api
        self.case = case(api)["id"]
        self.child = person(
            api, given_name="Elowen", family_name=f"Brackwater-{uuid.uuid4().hex[:6]}", date_of_birth=born
        )["id"]
        api.created(
            f"/v1/cases/{self.case}/members",
            {"person_id": self.child, "role": "CHILD", "joined_on": "2025-01-14"},
        )

    def post(self, what: str, operation: str, **fields: Any) -> Any:
        return self.api.post(f"/v1/cases/{self.case}/{what}", body(operation, child_id=self.child, **fields))


@pytest.fixture()
def girl(api: Api) -> YoungWoman:
    return YoungWoman(api, "2009-06-15")  # her 11th birthday: 2020-06-15


def outcome(girl: YoungWoman, **fields: Any) -> Any:
    return girl.post("health-outcomes", "create_health_outcome", **fields)


def test_outcomes_are_for_a_year_to_31_march(girl: YoungWoman, db: Any) -> None:
    with rows_unchanged(db):
        rule_refused(
            outcome(girl, year_ending="2026-03-30"), "SOS-RET-006", "/year_ending", "outcomes_year_ending"
        )
    assert outcome(girl, year_ending="2026-03-31").status_code == 201


def test_no_sdq_reason_beside_a_score(girl: YoungWoman, db: Any) -> None:
    with rows_unchanged(db):
        rule_refused(
            outcome(girl, sdq_score=12, sdq_reason="SDQ2"),
            "SOS-RET-006",
            "/sdq_reason",
            "sdq_reason_with_score",
        )
    made = outcome(girl, sdq_score=None, sdq_reason="SDQ2")
    assert made.status_code == 201, made.text


def test_intervention_received_exactly_with_substance_misuse(girl: YoungWoman, db: Any) -> None:
    with rows_unchanged(db):
        rule_refused(
            outcome(girl, substance_misuse=False, intervention_received=True),
            "SOS-RET-006",
            "/intervention_received",
            "intervention_without_misuse",
        )
        rule_refused(
            outcome(girl, substance_misuse=True),
            "SOS-RET-006",
            "/intervention_received",
            "intervention_received_missing",
        )
    made = outcome(girl, substance_misuse=True, intervention_received=True)
    assert made.status_code == 201, made.text


def test_intervention_offered_only_when_none_was_received(girl: YoungWoman, db: Any) -> None:
    with rows_unchanged(db):
        rule_refused(
            outcome(girl, substance_misuse=True, intervention_received=True, intervention_offered=False),
            "SOS-RET-006",
            "/intervention_offered",
            "intervention_offered_mismatch",
        )
        rule_refused(
            outcome(girl, substance_misuse=True, intervention_received=False),
            "SOS-RET-006",
            "/intervention_offered",
            "intervention_offered_mismatch",
        )
    made = outcome(girl, substance_misuse=True, intervention_received=False, intervention_offered=True)
    assert made.status_code == 201, made.text


def mother(girl: YoungWoman, **fields: Any) -> Any:
    return girl.post("mother-statuses", "create_mother_status", **fields)


def test_a_mothers_child_birth_date_is_given_and_only_for_a_mother(girl: YoungWoman, db: Any) -> None:
    with rows_unchanged(db):
        rule_refused(mother(girl, is_mother=True), "SOS-RET-007", "/child_born_on", "mother_child_birth")
        rule_refused(
            mother(girl, is_mother=False, child_born_on="2025-01-20"),
            "SOS-RET-007",
            "/child_born_on",
            "mother_child_birth",
        )


def test_a_mothers_child_is_not_born_after_the_date_recorded(girl: YoungWoman, db: Any) -> None:
    with rows_unchanged(db):
        rule_refused(
            mother(girl, is_mother=True, recorded_on="2025-06-02", child_born_on="2025-06-03"),
            "SOS-RET-007",
            "/child_born_on",
            "date_out_of_order",
        )
    made = mother(girl, is_mother=True, recorded_on="2025-06-02", child_born_on="2025-06-02")
    assert made.status_code == 201, made.text


def test_a_mothers_child_is_born_after_her_11th_birthday(girl: YoungWoman, db: Any) -> None:
    with rows_unchanged(db):
        rule_refused(
            mother(girl, is_mother=True, recorded_on="2025-06-02", child_born_on="2020-06-14"),
            "SOS-RET-007",
            "/child_born_on",
            "date_out_of_order",
        )
    made = mother(girl, is_mother=True, recorded_on="2025-06-02", child_born_on="2020-06-15")
    assert made.status_code == 201, made.text


def test_placement_for_adoption_does_not_cease_before_it_began(api: Api, db: Any) -> None:
    child = Child(api)
    adoption = {
        "plan": "ADOPTION",
        "adoption_best_interests_on": "2025-09-01",
        "placed_for_adoption_on": "2025-10-01",
        "placed_for_adoption_ceased_reason": "RD2",
    }
    with rows_unchanged(db):
        rule_refused(
            child.post(
                "permanence-decisions",
                "create_permanence_decision",
                **adoption,
                placed_for_adoption_ceased_on="2025-09-30",
            ),
            "SOS-LAC-003",
            "/placed_for_adoption_ceased_on",
            "date_out_of_order",
        )
    made = child.post(
        "permanence-decisions",
        "create_permanence_decision",
        **adoption,
        placed_for_adoption_ceased_on="2025-10-01",
    )
    assert made.status_code == 201, made.text


def test_a_care_record_is_about_a_child_of_the_case(api: Api, db: Any) -> None:
    child = Child(api)
    stranger = person(api, given_name="Corin", family_name=f"Ashgrove-{uuid.uuid4().hex[:6]}")["id"]
    with rows_unchanged(db), rows_unchanged(db):
        for what, operation in (
            ("lac-episodes", "create_lac_episode"),
            ("health-outcomes", "create_health_outcome"),
        ):
            response = api.post(f"/v1/cases/{child.case}/{what}", body(operation, child_id=stranger))
            rule_refused(response, "SOS-CASE-002", "/child_id", "not_a_child_of_case")
