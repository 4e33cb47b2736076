"""SSDA903 consistency of a child's episodes (domain.md 8.5 rule 11): each refusal is problem+json
naming the field and the requirement, and leaves every row count as it was."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support import Api
from tests.support.care import Child, refused, rows_unchanged


@pytest.fixture()
def child(api: Api) -> Child:
    return Child(api)


def test_the_first_episode_of_a_period_has_s_and_only_the_first(child: Child, db: Any) -> None:
    with rows_unchanged(db):
        refused(child.episode(reason_new_episode="P"), "SOS-903-001", "/reason_new_episode")
    first = child.made_episode()
    child.end_episode(first, "2025-06-20")
    with rows_unchanged(db):
        refused(
            child.episode(start_date="2025-06-20", reason_new_episode="S", placement_type="U4"),
            "SOS-903-001",
            "/reason_new_episode",
        )
    second = child.made_episode(start_date="2025-06-20", reason_new_episode="P", placement_type="U4")
    assert second["period_of_care_start"] == "2025-05-30"
    child.end_episode(second, "2025-08-20", "E4A")
    with rows_unchanged(db):  # after a period ended (E4A) the next episode starts a new one
        refused(
            child.episode(start_date="2025-10-01", reason_new_episode="P"),
            "SOS-903-001",
            "/reason_new_episode",
        )
    again = child.made_episode(start_date="2025-10-01")
    assert again["period_of_care_start"] == "2025-10-01"


def test_episodes_join_without_gaps_or_overlaps(child: Child, db: Any) -> None:
    first = child.made_episode()
    with rows_unchanged(db):  # the first is still open
        refused(
            child.episode(start_date="2025-06-20", reason_new_episode="P", placement_type="U4"),
            "SOS-903-002",
            "/start_date",
        )
        refused(child.episode(start_date="2025-05-30", placement_type="U4"), "SOS-903-002", "/start_date")
    child.end_episode(first, "2025-06-20")
    with rows_unchanged(db):  # after X1 the next starts the same day, not later
        refused(
            child.episode(start_date="2025-06-23", reason_new_episode="P", placement_type="U4"),
            "SOS-903-002",
            "/start_date",
        )
    child.made_episode(start_date="2025-06-20", reason_new_episode="P", placement_type="U4")
    ended = child.api.get(f"/v1/lac-episodes/{first['id']}").json()
    with rows_unchanged(db):  # an amendment cannot open a gap behind a later episode
        refused(
            child.amend(f"/v1/lac-episodes/{first['id']}", ended, end_date="2025-06-10"),
            "SOS-903-002",
            "/end_date",
        )


def test_the_reason_for_a_new_episode_says_what_changed(child: Child, db: Any) -> None:
    first = child.made_episode()
    child.end_episode(first, "2025-06-20")
    with rows_unchanged(db):
        refused(  # L: legal status only, but the legal status is the same
            child.episode(start_date="2025-06-20", reason_new_episode="L"),
            "SOS-903-004",
            "/reason_new_episode",
        )
        refused(  # P: placement only, but the legal status changed
            child.episode(
                start_date="2025-06-20", reason_new_episode="P", legal_status="C1", placement_type="U4"
            ),
            "SOS-903-004",
            "/reason_new_episode",
        )
    made = child.made_episode(start_date="2025-06-20", reason_new_episode="L", legal_status="C1")
    assert made["legal_status"] == "C1"


def test_combinations_the_return_rejects(child: Child, db: Any) -> None:
    with rows_unchanged(db):
        refused(child.episode(placement_type="P1"), "SOS-903-003", "/placement_type")
        refused(child.episode(placement_type="T1"), "SOS-903-003", "/placement_type")
        refused(
            child.episode(placement_type="A3", legal_status="E1", reason_new_episode="P"),
            "SOS-903-003",
            "/reason_new_episode",
        )
    made = child.made_episode(placement_type="P1", legal_status="C2")
    assert made["placement_type"] == "P1"
    with rows_unchanged(db):
        refused(
            child.amend(f"/v1/lac-episodes/{made['id']}", made, end_date="2025-09-01", reason_ceased="E11"),
            "SOS-903-005",
            "/reason_ceased",
        )
        refused(
            child.amend(f"/v1/lac-episodes/{made['id']}", made, end_date="2025-05-01", reason_ceased="E4A"),
            "SOS-903-005",
            "/end_date",
        )
        refused(
            child.amend(f"/v1/lac-episodes/{made['id']}", made, reason_place_change="CARPL"),
            "SOS-903-005",
            "/reason_place_change",
        )


def test_placed_for_adoption_with_current_carers_by_s_t_or_u(child: Child, db: Any) -> None:
    first = child.made_episode(legal_status="C2")
    child.end_episode(first, "2025-09-01")
    with rows_unchanged(db):
        refused(
            child.episode(
                start_date="2025-09-01", reason_new_episode="B", legal_status="E1", placement_type="A5"
            ),
            "SOS-903-003",
            "/reason_new_episode",
        )
    adopted = child.made_episode(
        start_date="2025-09-01", reason_new_episode="U", legal_status="E1", placement_type="A5"
    )
    assert child.end_episode(adopted, "2026-03-01", "E11")["reason_ceased"] == "E11"


def test_only_the_latest_episode_can_be_entered_in_error(child: Child, db: Any) -> None:
    first = child.end_episode(child.made_episode(), "2025-06-20")
    second = child.made_episode(start_date="2025-06-20", reason_new_episode="P", placement_type="U4")
    with rows_unchanged(db):
        problem = child.api.post(
            f"/v1/lac-episodes/{first['id']}/entered-in-error",
            {"reason": "Recorded twice"},
            headers={"If-Match": f'W/"{first["version"]}"'},
        )
        assert problem.status_code == 409 and problem.json()["requirement"] == "SOS-903-002", problem.text
    for episode in (second, first):  # the latest first, then the one it joined
        gone = child.api.post(
            f"/v1/lac-episodes/{episode['id']}/entered-in-error",
            {"reason": "Recorded on the wrong child"},
            headers={"If-Match": f'W/"{episode["version"]}"'},
        )
        assert gone.status_code == 200, gone.text
