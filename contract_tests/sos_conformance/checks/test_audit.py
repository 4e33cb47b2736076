"""Audit: exactly one append-only event per read and per write, readable only with the audit scope."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from sos_conformance.audit import exactly_one
from sos_conformance.client import Api
from sos_conformance.data import Factory
from sos_conformance.expect import check, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement

pytestmark = area("audit", "core", "audit")


@pytest.mark.check("SOS-CHK-AUDIT-001")
@requirement("SOS-AUDIT-001")
def test_one_event_per_write_and_per_read(auditor: Api, make: Factory) -> None:
    """Create, read, amend and history each write exactly one event for the record."""
    api = auditor
    headers = {"X-Request-ID": f"conformance-{uuid.uuid4().hex}"}
    created = expect_status(api.post("/v1/cases", make.case_body(), headers=headers), 201)
    case_id = json_body(created)["id"]
    exactly_one(api, created, case_id, 1, "create")
    read = expect_status(api.get(f"/v1/cases/{case_id}"), 200)
    exactly_one(api, read, case_id, 1, "read")
    amended = expect_status(
        api.patch(f"/v1/cases/{case_id}", {"title": make.label("audited")}, headers={"If-Match": 'W/"1"'}),
        200,
    )
    exactly_one(api, amended, case_id, 2, "amendment")
    listed = expect_status(api.get(f"/v1/cases/{case_id}/history"), 200)
    exactly_one(api, listed, case_id, 2, "history read")


@pytest.mark.check("SOS-CHK-AUDIT-002")
@requirement("SOS-AUDIT-001")
def test_reads_in_lists_are_audited(auditor: Api, make: Factory) -> None:
    """Reading a case's members through a list writes one event per member read."""
    api = auditor
    the_case = make.case()
    member = make.member(the_case["id"], make.person()["id"])
    listed = expect_status(api.get(f"/v1/cases/{the_case['id']}/members"), 200)
    exactly_one(api, listed, member["id"], 1, "list read")


@pytest.mark.check("SOS-CHK-AUDIT-003")
@requirement("SOS-AUDIT-002")
def test_audit_needs_the_audit_scope(reader_api: Api) -> None:
    """A token without the audit scope gets 403 on the audit events."""
    expect_problem(reader_api.get("/v1/audit-events"), 403)


@pytest.mark.check("SOS-CHK-AUDIT-004")
@requirement("SOS-AUDIT-002")
def test_audit_events_cannot_be_changed(auditor: Api, make: Factory, contract: Any) -> None:
    """The contract offers no write on audit events, and the system refuses one."""
    writes = [
        op.operation_id
        for op in contract.operations
        if op.template.startswith("/v1/audit-events") and op.method != "GET"
    ]
    check(not writes, "no write operation on audit events in the contract", str(writes))
    events = json_body(expect_status(auditor.get("/v1/audit-events", params={"limit": 1}), 200))["items"]
    target = f"/v1/audit-events/{events[0]['id']}" if events else "/v1/audit-events"
    for method in ("DELETE", "PATCH", "PUT"):
        response = auditor.request(
            method,
            target,
            content=b"{}" if method != "DELETE" else None,
            headers={"Content-Type": "application/json"},
            validate=False,
        )
        check(
            response.status_code in (403, 404, 405),
            f"{method} refused (403, 404 or 405)",
            f"HTTP {response.status_code}",
            response,
        )
