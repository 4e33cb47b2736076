"""SOS-STAGE-012: what a child's move rests on stays true afterwards. The referral, conference, child
protection plan or looked-after episode a move names in ``grounds`` (SOS-STAGE-005 to SOS-STAGE-011)
cannot be amended, or entered in error, into a state the move could not have rested on. Each refusal
names the changed field, and the move and its requirement, and leaves the record as it was."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from service.models import AuditEvent
from service.models.care import LookedAfterEpisode
from tests.support import Api, move, rows_unchanged
from tests.support.statutory import TABLES, Family, refused

ON_THE_MOVE = "grounds_of_a_move"


def same(db: Any) -> AbstractContextManager[None]:
    """No record, version or move written (the reads that check it are audited, so audit events are)."""
    return rows_unchanged(db, [*(t for t in TABLES if t is not AuditEvent), LookedAfterEpisode])


def _kept(api: Api, path: str, change: dict[str, Any], pointer: str, move_rests_on: str) -> None:
    """Amending the record at ``path`` with ``change`` is refused naming ``pointer`` and the move's
    requirement (``move_rests_on``), and the record is as it was."""
    before = api.get(path)
    problem = refused(
        api.patch(path, change, headers={"If-Match": before.headers["ETag"]}), "SOS-STAGE-012", pointer
    )
    assert problem["errors"][0]["code"] == ON_THE_MOVE, problem
    assert move_rests_on in problem["detail"], problem
    after = api.get(path)
    assert (after.headers["ETag"], after.json()) == (before.headers["ETag"], before.json())


def _not_in_error(api: Api, path: str, move_rests_on: str) -> None:
    """Marking the record at ``path`` entered in error is refused (409) naming the move's requirement
    (``move_rests_on``), and it stays active."""
    etag = api.get(path).headers["ETag"]
    problem = refused(
        api.post(f"{path}/entered-in-error", {"reason": "Test."}, headers={"If-Match": etag}),
        "SOS-STAGE-012",
        "",
        409,
    )
    assert move_rests_on in problem["detail"], problem
    assert api.get(path).json()["status"] == "active"


def _amended(api: Api, path: str, change: dict[str, Any]) -> dict[str, Any]:
    response = api.patch(path, change, headers={"If-Match": api.get(path).headers["ETag"]})
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_the_referral_a_step_down_to_early_help_rests_on_stays_closed(fam: Family, api: Api, db: Any) -> None:
    case, child = fam.case, fam.child
    referral = fam.referral()
    path = f"/v1/referrals/{referral['id']}"
    assert (
        move(api, case, child, "CIN", "2025-03-02", grounds={"referral_id": referral["id"]}).status_code
        == 201
    )
    _amended(api, path, {"closure_date": "2025-09-02", "closure_reason": "RC7"})
    down = move(api, case, child, "EARLY_HELP", "2025-09-02", grounds={"referral_id": referral["id"]})
    assert down.status_code == 201, down.text
    with same(db):
        _kept(api, path, {"closure_date": None, "closure_reason": None}, "/closure_date", "SOS-STAGE-011")
        _kept(api, path, {"closure_date": "2025-09-03"}, "/closure_date", "SOS-STAGE-011")
        _kept(api, path, {"closure_reason": "RC8"}, "/closure_reason", "SOS-STAGE-011")
        reopened_and_more = {"source": "2A", "closure_date": None, "closure_reason": None}
        _kept(api, path, reopened_and_more, "/closure_date", "SOS-STAGE-011")  # the field that matters
        # The move into child in need, the earliest, rested on it too.
        _not_in_error(api, path, "SOS-STAGE-005")
    assert _amended(api, path, {"closure_reason": "RC9"})["closure_reason"] == "RC9"  # still hands on
    # With the step down entered in error, nothing rests on the closure any more.
    transition = f"/v1/stage-transitions/{down.json()['id']}"
    etag = api.get(transition).headers["ETag"]
    marked = api.post(f"{transition}/entered-in-error", {"reason": "Test."}, headers={"If-Match": etag})
    assert marked.status_code == 200, marked.text
    assert _amended(api, path, {"closure_date": None, "closure_reason": None})["closure_date"] is None


def test_the_referral_a_move_into_child_in_need_rests_on_stays_open_on_its_day(
    fam: Family, api: Api, db: Any
) -> None:
    referral = fam.referral()  # 2025-03-02
    path = f"/v1/referrals/{referral['id']}"
    up = move(api, fam.case, fam.child, "CIN", "2025-03-04", grounds={"referral_id": referral["id"]})
    assert up.status_code == 201, up.text
    with same(db):
        _kept(api, path, {"referral_date": "2025-03-05"}, "/referral_date", "SOS-STAGE-005")
        _kept(
            api,
            path,
            {"closure_date": "2025-03-04", "closure_reason": "RC8"},
            "/closure_date",
            "SOS-STAGE-005",
        )
        _kept(api, path, {"no_further_action": True}, "/no_further_action", "SOS-STAGE-005")
    assert _amended(api, path, {"referral_date": "2025-03-03"})["referral_date"] == "2025-03-03"
    assert (
        _amended(api, path, {"closure_date": "2025-03-05", "closure_reason": "RC8"})["closure_date"]
        == "2025-03-05"
    )


def test_the_plan_a_step_down_from_child_protection_rests_on_stays_ended(
    fam: Family, api: Api, db: Any
) -> None:
    case, child = fam.case, fam.child
    assert move(api, case, child, "CIN", "2025-03-02").status_code == 201
    assert move(api, case, child, "CP", "2025-03-20").status_code == 201
    down = move(api, case, child, "CIN", "2025-08-20")
    assert down.status_code == 201, down.text
    path = f"/v1/cp-plans/{down.json()['grounds']['cp_plan_id']}"
    with same(db):
        _kept(api, path, {"end_date": None}, "/end_date", "SOS-STAGE-007")
        _kept(api, path, {"end_date": "2025-08-21"}, "/end_date", "SOS-STAGE-007")
        # The move into child protection rested on the conference that started this plan.
        _not_in_error(api, path, "SOS-STAGE-006")
    assert _amended(api, path, {"end_date": "2025-08-19"})["end_date"] == "2025-08-19"


def test_the_episode_a_move_into_care_rests_on_stays_in_force(fam: Family, api: Api, db: Any) -> None:
    case, child = fam.case, fam.child
    assert move(api, case, child, "CIN", "2025-03-02").status_code == 201
    into_care = move(api, case, child, "LAC", "2025-04-01")
    assert into_care.status_code == 201, into_care.text
    path = f"/v1/lac-episodes/{into_care.json()['grounds']['lac_episode_id']}"
    with same(db):
        _kept(api, path, {"start_date": "2025-04-02"}, "/start_date", "SOS-STAGE-008")
        _not_in_error(api, path, "SOS-STAGE-008")
