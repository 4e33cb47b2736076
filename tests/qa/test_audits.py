"""Allocations and collaborative case audits: evidence beside each item, answers kept with history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service.models import AuditEvent, Case
from service.models.qa import Allocation, CaseAudit
from tests.support import assert_problem, case, count
from tests.support.planning import etag_headers, network_member
from tests.support.qa import ALL_ITEMS, AUDIT_DATE, allocation, arranged_case, audit_body


def _by_code(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["item_code"]: i for i in items}


# --- allocations ----------------------------------------------------------------------------------


def test_current_allocation_is_the_latest_without_an_end(api):
    case_id = case(api)["id"]
    path = f"/v1/cases/{case_id}/allocations"
    first = allocation(api, case_id, team="Team A", worker="Sam Okafor", allocated_on="2025-01-14")
    assert first["current"] is True
    second = allocation(api, case_id, team="Team B", worker="Alex Moor", allocated_on="2025-03-01")
    ended = api.patch(
        f"/v1/allocations/{first['id']}", {"ended_on": "2025-02-28"}, headers=etag_headers(first)
    )
    assert ended.status_code == 200, ended.text
    assert ended.json()["ended_on"] == "2025-02-28" and ended.json()["version"] == 2
    items = {a["id"]: a for a in api.get(path).json()["items"]}
    assert items[second["id"]]["current"] is True and items[first["id"]]["current"] is False
    history = api.get(f"/v1/allocations/{first['id']}/history").json()
    assert [v["version"] for v in history["versions"]] == [1, 2]


def test_allocation_cannot_end_before_it_started(api, db):
    case_id = case(api)["id"]
    made = allocation(api, case_id, team="Team A", worker="Sam Okafor", allocated_on="2025-01-14")
    refused = api.patch(
        f"/v1/allocations/{made['id']}", {"ended_on": "2025-01-01"}, headers=etag_headers(made)
    )
    body = assert_problem(refused, 422, "rule_violated")
    assert body["requirement"] == "SOS-QA-001" and body["errors"][0]["pointer"] == "/ended_on"
    assert db.get(Allocation, __import__("uuid").UUID(made["id"])).version == 1


def test_other_authority_cannot_see_allocations(api, other_api):
    case_id = case(api)["id"]
    assert other_api.get(f"/v1/cases/{case_id}/allocations").status_code == 404


# --- evidence -------------------------------------------------------------------------------------


def test_evidence_shows_what_the_records_hold(api):
    fam = arranged_case(api)
    evidence = api.get(f"/v1/cases/{fam['case_id']}/audit-evidence", params={"on": AUDIT_DATE})
    assert evidence.status_code == 200, evidence.text
    body = evidence.json()
    assert body["template"] == {"list_id": "qa_audit_item", "version": "1.0.0"}
    assert [i["item_code"] for i in body["items"]] == ALL_ITEMS
    e = {code: item["facts"] for code, item in _by_code(body["items"]).items()}
    assert e["A1"]["map_version"] == 1 and e["A1"]["mapped_on"] == "2025-04-01"
    assert e["A1"]["entries_by_category"] == {
        "HARM": 2,
        "COMPLICATING_FACTOR": 1,
        "EXISTING_STRENGTH": 1,
        "EXISTING_SAFETY": 0,
        "NEXT_STEP": 1,
        "GREY_AREA": 0,
    }
    assert (e["A2"]["count"], e["A2"]["with_event_date"], e["A2"]["with_reported_by"]) == (2, 2, 1)
    assert {h["reported_by"] for h in e["A2"]["harm_entries"]} == {"Test school", None}
    assert (e["A3"]["active_statements"], e["A3"]["with_all_structured_fields"]) == (2, 2)
    assert (e["A3"]["statements_recorded"], e["A3"]["goal_met"]) == (2, 0)
    assert e["A4"]["by_family_position"] == {"AGREES": 1, "DISPUTES": 1}
    assert e["A4"]["disputes_with_family_view"] == 1
    assert e["A5"]["with_goal_and_sustain_duration"] == 2
    assert e["A6"]["ratings_in_period"] == 3 and e["A6"]["rater_roles"] == ["PARENT", "SOCIAL_WORKER"]
    voice = {c["given_name"]: c for c in e["A7"]["children"]}
    assert voice["Test"]["latest_recorded_on"] == "2025-03-01" and voice["Test"]["tool"] == "THREE_HOUSES"
    assert voice["Kit"]["latest_recorded_on"] is None
    assert (e["A8"]["explanations"], e["A8"]["shared"], e["A8"]["latest_shared_on"]) == (2, 1, "2025-04-14")
    assert e["A9"] == {
        "network_size": 3,
        "naturally_connected": 2,
        "informed_of_all_current_statements": 1,
        "meetings": 1,
    }
    assert e["A10"]["plan_status"] == "AGREED"
    assert (e["A10"]["rules"], e["A10"]["bottom_lines"], e["A10"]["child_friendly_version"]) == (1, 1, True)
    assert (e["A11"]["done"], e["A11"]["planned"], e["A11"]["slipped"]) == (1, 1, 1)
    latest = e["A12"]["latest"]
    assert (latest["from_stage"], latest["to_stage"]) == ("EARLY_HELP", "CIN")
    assert latest["carried_forward"]["map"] is True
    assert latest["carried_forward"]["danger_statements"] == 2
    assert latest["carried_forward"]["network_members"] == 3
    a13 = _by_code(body["items"])["A13"]
    assert a13["recorded_by_service"] is False and "Not recorded by this service" in a13["summary"]
    series = {(s["rater_name"], s["first"]["value"], s["latest"]["value"]) for s in e["A14"]["series"]}
    assert series == {("Alex Moor", 3, 5), ("Jo", 4, 7)}
    assert e["A14"]["moved_two_or_more"] == 2


def test_evidence_of_an_empty_case_says_nothing_is_there(api):
    case_id = case(api)["id"]
    body = api.get(f"/v1/cases/{case_id}/audit-evidence").json()
    e = {i["item_code"]: i for i in body["items"]}
    assert e["A1"]["summary"] == "No map recorded."
    assert e["A3"]["facts"]["active_statements"] == 0
    assert e["A10"]["facts"] == {"plan_status": None}


def test_evidence_read_is_audited(api, db):
    case_id = case(api)["id"]
    api.get(f"/v1/cases/{case_id}/audit-evidence")
    db.expire_all()
    actions = set(
        db.scalars(select(AuditEvent.action).where(AuditEvent.case_id == __import__("uuid").UUID(case_id)))
    )
    assert "read_audit_evidence" in actions


# --- audits ---------------------------------------------------------------------------------------


def test_audit_keeps_answers_beside_the_evidence_it_saw(api):
    fam = arranged_case(api)
    made = api.created(f"/v1/cases/{fam['case_id']}/audits", audit_body())
    assert made["worker"] == "Alex Moor, social worker"  # from the current allocation
    assert made["template"] == {"list_id": "qa_audit_item", "version": "1.0.0"}
    items = _by_code(made["items"])
    assert list(items) == ALL_ITEMS
    assert items["A9"]["rating"] == "PARTLY" and items["A9"]["comment"] == "On A9."
    assert items["A9"]["evidence"]["facts"]["network_size"] == 3
    assert items["A6"]["evidence"]["facts"]["ratings_in_period"] == 3
    assert items["A13"]["rating"] == "NOT_APPLICABLE"
    # The network grows after the audit: the audit still shows what the auditor saw.
    network_member(api, fam["case_id"])
    now = api.get(f"/v1/cases/{fam['case_id']}/audit-evidence", params={"on": AUDIT_DATE}).json()
    assert _by_code(now["items"])["A9"]["facts"]["network_size"] == 4
    again = api.get(f"/v1/case-audits/{made['id']}")
    assert again.headers["ETag"] == 'W/"1"'
    assert _by_code(again.json()["items"])["A9"]["evidence"]["facts"]["network_size"] == 3


def test_amended_answers_are_a_new_version_with_history(api):
    fam = arranged_case(api)
    made = api.created(f"/v1/cases/{fam['case_id']}/audits", audit_body())
    items = [dict(i, rating="YES") if i["item_code"] == "A3" else i for i in audit_body()["items"]]
    stale = api.patch(f"/v1/case-audits/{made['id']}", {"items": items})
    assert_problem(stale, 428)
    amended = api.patch(
        f"/v1/case-audits/{made['id']}",
        {"items": items, "overall": 7, "amendment_reason": "Agreed after the meeting."},
        headers=etag_headers(made),
    )
    assert amended.status_code == 200, amended.text
    assert amended.json()["version"] == 2 and _by_code(amended.json()["items"])["A3"]["rating"] == "YES"
    history = api.get(f"/v1/case-audits/{made['id']}/history").json()["versions"]
    assert [v["version"] for v in history] == [1, 2]
    assert history[1]["reason"] == "Agreed after the meeting."
    assert _by_code(history[0]["data"]["items"])["A3"]["rating"] == "PARTLY"
    assert _by_code(history[1]["data"]["items"])["A3"]["rating"] == "YES"
    assert history[0]["data"]["overall"] == 6 and history[1]["data"]["overall"] == 7
    # the evidence is the one kept at creation, in both versions
    for v in history:
        assert _by_code(v["data"]["items"])["A9"]["evidence"]["facts"]["network_size"] == 3


def test_missing_and_duplicate_items_are_refused_and_nothing_is_written(api, db):
    fam = arranged_case(api)
    path = f"/v1/cases/{fam['case_id']}/audits"
    before = count(db, CaseAudit)
    missing = assert_problem(
        api.post(path, audit_body([c for c in ALL_ITEMS if c not in ("A4", "A12")])), 422
    )
    assert missing["requirement"] == "SOS-QA-002"
    assert "missing A4, A12" in missing["detail"]
    assert [(e["pointer"], e["code"]) for e in missing["errors"]] == [
        ("/items", "audit_item_missing"),
        ("/items", "audit_item_missing"),
    ]
    twice = audit_body()
    twice["items"].append({"item_code": "A5", "rating": "NO", "comment": None})
    duplicate = assert_problem(api.post(path, twice), 422)
    assert "answered more than once A5" in duplicate["detail"]
    assert duplicate["errors"][0] == {
        "location": "body",
        "pointer": "/items/14/item_code",
        "detail": "A5 answered more than once",
        "code": "audit_item_duplicate",
    }
    unknown = assert_problem(api.post(path, audit_body([*ALL_ITEMS, "A99"])), 422, "validation_failed")
    assert unknown["errors"][0]["code_list"] == "qa_audit_item"
    assert count(db, CaseAudit) == before


def test_amend_with_a_missing_item_is_refused(api):
    fam = arranged_case(api)
    made = api.created(f"/v1/cases/{fam['case_id']}/audits", audit_body())
    refused = api.patch(
        f"/v1/case-audits/{made['id']}",
        {"items": audit_body(ALL_ITEMS[1:])["items"]},
        headers=etag_headers(made),
    )
    assert assert_problem(refused, 422)["requirement"] == "SOS-QA-002"
    assert api.get(f"/v1/case-audits/{made['id']}").json()["version"] == 1


def test_worker_is_required_when_the_case_has_no_allocation(api, db):
    case_id = case(api)["id"]
    before = count(db, CaseAudit)
    body = assert_problem(api.post(f"/v1/cases/{case_id}/audits", audit_body()), 422, "rule_violated")
    assert body["requirement"] == "SOS-QA-003" and body["errors"][0]["pointer"] == "/worker"
    assert count(db, CaseAudit) == before
    named = api.created(f"/v1/cases/{case_id}/audits", audit_body(worker="Sam Okafor, social worker"))
    assert named["worker"] == "Sam Okafor, social worker"
    listed = api.get(f"/v1/cases/{case_id}/audits").json()["items"]
    assert [a["id"] for a in listed] == [named["id"]]


def test_overall_is_zero_to_ten(api):
    case_id = case(api)["id"]
    body = audit_body(worker="Sam", overall=11)
    assert_problem(api.post(f"/v1/cases/{case_id}/audits", body), 422, "validation_failed")


def test_audit_of_another_authority_is_not_found(api, other_api):
    case_id = case(api)["id"]
    made = api.created(f"/v1/cases/{case_id}/audits", audit_body(worker="Sam"))
    assert other_api.get(f"/v1/case-audits/{made['id']}").status_code == 404
    assert other_api.get(f"/v1/cases/{case_id}/audit-evidence").status_code == 404


# --- the demo family ------------------------------------------------------------------------------


def test_audit_of_the_demo_family(api, db, app):
    from service.fixtures.demo.journey import load_demo_family

    load_demo_family(app)
    db.expire_all()
    demo = db.scalars(select(Case).where(Case.reference == "EM-DEMO-0001")).one()
    evidence = api.get(f"/v1/cases/{demo.id}/audit-evidence")
    assert evidence.status_code == 200, evidence.text
    e = {i["item_code"]: i["facts"] for i in evidence.json()["items"]}
    assert e["A1"]["map_version"] is not None
    # By the end of the journey the goals are met: the statements stay on record.
    assert e["A3"]["statements_recorded"] >= 2
    assert e["A3"]["statements_recorded"] == e["A3"]["active_statements"] + e["A3"]["goal_met"]
    assert e["A9"]["network_size"] >= 3
    assert e["A14"]["series"]
    made = api.created(f"/v1/cases/{demo.id}/audits", audit_body(worker="Alex Moor, social worker"))
    assert _by_code(made["items"])["A3"]["evidence"]["facts"]["statements_recorded"] >= 2
