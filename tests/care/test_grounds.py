"""Moves into and out of care rest on the child's episodes (domain.md 8.5 rule 9): each refusal names
grounds.lac_episode_id and the requirement, and writes nothing."""

from __future__ import annotations

from typing import Any

from tests.support import Api, move
from tests.support.care import Child, at_cin, refused, rows_unchanged

EPISODE = "/grounds/lac_episode_id"


def _into_care(child: Child, episode: dict[str, Any], on: str) -> Any:
    return move(child.api, child.case, child.child, "LAC", on, grounds={"lac_episode_id": episode["id"]})


def test_into_care_rests_on_an_episode_starting_a_period(api: Api, db: Any) -> None:
    child = at_cin(api)
    first = child.made_episode()
    child.end_episode(first, "2025-06-20")
    second = child.made_episode(start_date="2025-06-20", reason_new_episode="P", placement_type="U4")
    stranger = Child(api).made_episode()
    with rows_unchanged(db):
        refused(
            move(api, child.case, child.child, "LAC", "2025-06-20", grounds=None), "SOS-STAGE-008", EPISODE
        )
        refused(_into_care(child, second, "2025-06-20"), "SOS-STAGE-008", EPISODE)  # P, not S
        refused(_into_care(child, first, "2025-05-29"), "SOS-STAGE-008", EPISODE)  # not begun yet
        refused(_into_care(child, first, "2025-06-21"), "SOS-STAGE-008", EPISODE)  # ended before
        refused(_into_care(child, stranger, "2025-06-01"), "SOS-STAGE-008", EPISODE)
    assert _into_care(child, first, "2025-05-30").status_code == 201


def test_home_from_care_rests_on_an_episode_ceased_home(api: Api, db: Any) -> None:
    child = at_cin(api)
    first = child.made_episode()
    assert _into_care(child, first, "2025-05-30").status_code == 201
    home = {"grounds": {"lac_episode_id": first["id"]}}
    with rows_unchanged(db):
        refused(
            move(api, child.case, child.child, "CIN", "2025-08-20", **home), "SOS-STAGE-009", EPISODE
        )  # open
    ended = child.end_episode(first, "2025-08-20", "E8")
    with rows_unchanged(db):
        refused(
            move(api, child.case, child.child, "CIN", "2025-08-20", **home), "SOS-STAGE-009", EPISODE
        )  # E8
    child.amend(f"/v1/lac-episodes/{first['id']}", ended, reason_ceased="E4A")
    with rows_unchanged(db):
        refused(move(api, child.case, child.child, "CIN", "2025-08-19", **home), "SOS-STAGE-009", EPISODE)
    done = move(api, child.case, child.child, "CIN", "2025-08-20", **home)
    assert done.status_code == 201 and done.json()["grounds"]["lac_episode_id"] == first["id"]


def test_care_leaver_status_follows_the_eligibility_rules(api: Api, db: Any) -> None:
    young = at_cin(api, born="2008-03-01")  # 14 on 2022-03-01, 16 on 2024-03-01, 18 on 2026-03-01
    short = young.made_episode(start_date="2024-01-10", legal_status="C2")
    assert _into_care(young, short, "2024-01-10").status_code == 201
    ended = young.end_episode(short, "2024-03-05", "E8")  # 56 days: not enough
    leave = {"grounds": {"lac_episode_id": short["id"]}}
    with rows_unchanged(db):
        refused(
            move(api, young.case, young.child, "CARE_LEAVER", "2024-03-05", **leave), "SOS-STAGE-010", EPISODE
        )
    young.amend(f"/v1/lac-episodes/{short['id']}", ended, end_date="2024-04-10")  # 92 days, past 16
    assert move(api, young.case, young.child, "CARE_LEAVER", "2024-04-10", **leave).status_code == 201

    child = at_cin(api)  # the test child, born 2018: far too young
    episode = child.made_episode()
    assert _into_care(child, episode, "2025-05-30").status_code == 201
    child.end_episode(episode, "2025-12-01", "E8")
    with rows_unchanged(db):
        refused(
            move(
                api,
                child.case,
                child.child,
                "CARE_LEAVER",
                "2025-12-01",
                grounds={"lac_episode_id": episode["id"]},
            ),
            "SOS-STAGE-010",
            EPISODE,
        )


def test_the_age_a_care_leaver_move_rests_on_is_kept(api: Api, db: Any) -> None:
    """SOS-STAGE-012: a young person's date of birth is not amended to one under which their move to
    care leaver could not have been made; a date of birth that still bears it out is taken."""
    young = at_cin(api, born="2008-03-01")  # 16 on 2024-03-01
    stay = young.made_episode(start_date="2024-01-10", legal_status="C2")
    assert _into_care(young, stay, "2024-01-10").status_code == 201
    young.end_episode(stay, "2024-04-10", "E8")
    leave = {"grounds": {"lac_episode_id": stay["id"]}}
    assert move(api, young.case, young.child, "CARE_LEAVER", "2024-04-10", **leave).status_code == 201
    path = f"/v1/people/{young.child}"
    before = api.get(path).json()
    with rows_unchanged(db):
        for born in ("2008-04-11", "2010-03-01"):  # not yet 16 on the move's date
            younger = young.amend(path, before, date_of_birth=born)
            problem = refused(younger, "SOS-STAGE-012", "/date_of_birth")
            assert problem["errors"][0]["code"] == "grounds_of_a_move", problem
            assert "the child's date of birth (SOS-STAGE-010)" in problem["detail"], problem
    assert api.get(path).json() == before
    amended = young.amend(path, before, date_of_birth="2008-04-10")  # 16 on the move's very day
    assert amended.status_code == 200 and amended.json()["date_of_birth"] == "2008-04-10", amended.text
