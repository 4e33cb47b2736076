"""The audit trail (service/audit): exactly one event per read and per write, none for a refused
write, events that cannot be changed and that another authority cannot see (SOS-AUDIT-001,
SOS-AUDIT-002)."""

from __future__ import annotations

import uuid

from tests.support import assert_problem, case, case_with_child


def events_of(api, request_id: str) -> list[dict]:
    response = api.get("/v1/audit-events", params={"request_id": request_id, "limit": 100})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def traced(api, method: str, path: str, body=None, headers=None):
    request_id = f"test-{uuid.uuid4()}"
    all_headers = {"X-Request-ID": request_id, **(headers or {})}
    if method == "GET":
        response = api.get(path, headers=all_headers)
    elif method == "PATCH":
        response = api.patch(path, body, headers=all_headers)
    else:
        response = api.post(path, body, headers=all_headers)
    assert response.headers["x-request-id"] == request_id
    return response, events_of(api, request_id)


def test_each_read_and_write_writes_one_event(api):
    response, events = traced(api, "POST", "/v1/cases", {"title": "Audit", "opened_on": "2025-01-14"})
    the_case = response.json()
    assert [(e["action"], e["record_id"], e["record_version"]) for e in events] == [
        ("create", the_case["id"], 1)
    ]
    path = f"/v1/cases/{the_case['id']}"
    _, events = traced(api, "GET", path)
    assert [(e["action"], e["record_id"]) for e in events] == [("read", the_case["id"])]
    _, events = traced(api, "PATCH", path, {"title": "Audit 2"}, {"If-Match": 'W/"1"'})
    assert [(e["action"], e["record_version"]) for e in events] == [("amend", 2)]
    assert events[0]["actor"] == "test-writer-990" and events[0]["la_code"] == "990"


def test_refused_write_writes_no_event(api):
    the_case = case(api)
    _, events = traced(api, "PATCH", f"/v1/cases/{the_case['id']}", {"title": "x"}, {"If-Match": 'W/"9"'})
    assert events == []


def test_list_reads_audit_each_record(api):
    the_case, child = case_with_child(api)
    _, events = traced(api, "GET", f"/v1/cases/{the_case['id']}/members")
    assert [(e["action"], e["child_id"]) for e in events] == [("read", child["id"])]


def test_journey_read_is_audited_against_the_child(api):
    _the_case, child = case_with_child(api)
    _, events = traced(api, "GET", f"/v1/children/{child['id']}/journey")
    assert [(e["action"], e["child_id"]) for e in events] == [("read_journey", child["id"])]


def test_audit_events_cannot_be_changed(api):
    events = api.get("/v1/audit-events", params={"limit": 1}).json()["items"]
    assert events
    assert_problem(api.client.delete("/v1/audit-events", headers=api.headers()), 405)
    assert_problem(api.post("/v1/audit-events", {"action": "read"}), 405)


def test_other_authority_sees_none_of_our_events(api, other_api):
    the_case = case(api)
    response = other_api.get("/v1/audit-events", params={"record_id": the_case["id"]})
    assert response.json()["items"] == []


def test_a_request_is_found_by_either_id_within_the_authority_only(api, other_api):
    """By the client's X-Request-ID or the service's own request id, the same events (found by their
    indexes, migration 0019), other filters still applying; another authority finds none by either."""
    the_case, _child = case_with_child(api)
    _, by_client = traced(api, "GET", f"/v1/cases/{the_case['id']}/members")
    ours = by_client[0]["request_id"]
    assert by_client and ours != by_client[0]["correlation_id"]
    assert events_of(api, ours) == by_client
    for record_id, found in ((by_client[0]["record_id"], by_client), (the_case["id"], [])):
        params = {"request_id": ours, "record_id": record_id}
        assert api.get("/v1/audit-events", params=params).json()["items"] == found
    for either in (ours, by_client[0]["correlation_id"]):
        assert events_of(other_api, either) == []
