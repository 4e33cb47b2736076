"""Refusals of the planning rules that no planning test reached: a network member who is no person
of the authority, telling or reviewing a record entered in error, and a voice record whose case is
not named when it must be, or names no case of the authority. Each writes nothing."""

from __future__ import annotations

import uuid
from typing import Any

from service.contract.examples import body
from service.models import AuditEvent, RecordVersion
from service.models.planning import ChildVoiceRecord, NetworkMember, SafetyPlanReview
from tests.support import Api, assert_problem, case, count, person
from tests.support.planning import etag_headers, family, network_member, plan_body, voice_body


def counts(db: Any, *models: Any) -> list[int]:
    try:
        return [count(db, m) for m in (*models, RecordVersion, AuditEvent)]
    finally:
        db.rollback()


def test_a_network_member_must_be_a_person_of_the_authority(api: Api, db: Any) -> None:
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/network/members"
    before = counts(db, NetworkMember)
    problem = assert_problem(
        api.post(path, body("create_network_member", person_id=str(uuid.uuid4()))), 422, "rule_violated"
    )
    assert problem["type"].endswith("/rule-violated")
    assert problem["requirement"] == "SOS-NET-001"
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("/person_id", "reference_not_found")]
    assert counts(db, NetworkMember) == before
    assert api.get(path).json()["items"] == []


def test_a_member_entered_in_error_is_not_told_a_statement(api: Api, db: Any) -> None:
    fam = family(api)
    member = network_member(api, fam["case_id"])
    gone = api.post(
        f"/v1/network-members/{member['id']}/entered-in-error",
        {"reason": "Recorded on the wrong family."},
        headers=etag_headers(member),
    )
    assert gone.status_code == 200, gone.text
    before = counts(db, NetworkMember)
    told = {"danger_statement_id": fam["statement"]["id"], "version": 1, "informed_on": "2025-04-02"}
    problem = assert_problem(api.post(f"/v1/network-members/{member['id']}/informed", told), 409, "conflict")
    assert problem["type"].endswith("/conflict")
    assert problem["requirement"] == "SOS-NET-002"
    assert "entered in error" in problem["detail"]
    assert counts(db, NetworkMember) == before
    now = api.get(f"/v1/network-members/{member['id']}").json()
    assert (now["version"], now["informed_history"]) == (gone.json()["version"], [])


def test_a_plan_version_entered_in_error_is_not_reviewed(api: Api, db: Any) -> None:
    fam = family(api)
    plan = api.created(f"/v1/cases/{fam['case_id']}/safety-plans", plan_body(fam))
    gone = api.post(
        f"/v1/safety-plans/{plan['id']}/entered-in-error",
        {"reason": "Recorded on the wrong family."},
        headers=etag_headers(plan),
    )
    assert gone.status_code == 200, gone.text
    path = f"/v1/safety-plans/{plan['id']}/reviews"
    before = counts(db, SafetyPlanReview)
    review = {"reviewed_on": "2025-05-30", "rule_results": [{"rule_index": 1, "kept": "YES"}]}
    problem = assert_problem(api.post(path, review), 409, "conflict")
    assert problem["requirement"] == "SOS-PLAN-004"
    assert "entered in error" in problem["detail"]
    assert counts(db, SafetyPlanReview) == before
    assert api.get(path).json()["items"] == []


def test_a_voice_record_names_the_case_unless_the_child_is_in_exactly_one(api: Api, db: Any) -> None:
    fam = family(api)
    child = fam["child"]["id"]
    path = f"/v1/children/{child}/voice"
    second = case(api)
    api.created(
        f"/v1/cases/{second['id']}/members", {"person_id": child, "role": "CHILD", "joined_on": "2025-02-01"}
    )
    loner = person(api, given_name="Tamsin", family_name=f"Oakhollow-{uuid.uuid4().hex[:6]}")
    before = counts(db, ChildVoiceRecord)
    problem = assert_problem(api.post(path, voice_body(fam, case_id=None)), 422, "rule_violated")
    assert problem["requirement"] == "SOS-VOICE-001"
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("/case_id", "required")]
    assert "2 cases" in problem["detail"]
    problem = assert_problem(
        api.post(f"/v1/children/{loner['id']}/voice", voice_body(fam, case_id=None)), 422, "rule_violated"
    )
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("/case_id", "required")]
    assert "0 cases" in problem["detail"]
    assert counts(db, ChildVoiceRecord) == before
    named = api.created(path, voice_body(fam, case_id=second["id"]))
    assert named["case_id"] == second["id"]


def test_a_voice_record_names_a_case_of_the_authority(api: Api, db: Any) -> None:
    fam = family(api)
    nowhere = str(uuid.uuid4())
    before = counts(db, ChildVoiceRecord)
    problem = assert_problem(
        api.post(f"/v1/children/{fam['child']['id']}/voice", voice_body(fam, case_id=nowhere)),
        422,
        "rule_violated",
    )
    assert problem["requirement"] == "SOS-VOICE-001"
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [("/case_id", "reference_not_found")]
    assert nowhere in problem["detail"]
    assert counts(db, ChildVoiceRecord) == before
