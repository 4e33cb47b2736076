"""SOS-NET-008: a network membership that meetings or plan answers standing in its case name is not
marked entered in error (409 saying which, nothing changed); once they no longer name it, it is."""

from __future__ import annotations

from typing import Any

from service.contract.examples import body
from tests.support import Api
from tests.support.planning import etag_headers, family, network_member, plan_body


def _mark(api: Api, member: dict[str, Any]) -> Any:
    current = api.get(f"/v1/network-members/{member['id']}").json()
    return api.post(
        f"/v1/network-members/{member['id']}/entered-in-error",
        {"reason": "Added to the wrong case."},
        headers=etag_headers(current),
    )


def test_a_member_named_by_a_meeting_or_a_plan_answer_is_not_marked_in_error(api: Api) -> None:
    fam = family(api)
    nana = network_member(api, fam["case_id"])
    meeting = api.created(
        f"/v1/cases/{fam['case_id']}/network/meetings",
        body("create_network_meeting", attendees=[{"network_member_id": nana["id"]}, {"name": "Head"}]),
    )
    answer = {"network_member_id": nana["id"], "agreed_on": "2025-04-16"}
    plan = api.created(f"/v1/cases/{fam['case_id']}/safety-plans", plan_body(fam, network_agreement=[answer]))

    refused = _mark(api, nana)
    assert refused.status_code == 409, refused.text
    problem = refused.json()
    assert problem["requirement"] == "SOS-NET-008"
    assert "network meetings (1)" in problem["detail"] and "safety plan versions (1)" in problem["detail"]
    assert api.get(f"/v1/network-members/{nana['id']}").json()["status"] == "active"

    moved_on = {"attendees": [{"name": "Head"}], "effective_on": "2025-04-20"}
    assert (
        api.patch(
            f"/v1/network-meetings/{meeting['id']}", moved_on, headers=etag_headers(meeting)
        ).status_code
        == 200
    )
    still = _mark(api, nana)
    assert still.status_code == 409 and "network meetings" not in still.json()["detail"], still.text

    no_answer = {"network_agreement": [], "effective_on": "2025-04-20"}
    assert (
        api.patch(f"/v1/safety-plans/{plan['id']}", no_answer, headers=etag_headers(plan)).status_code == 200
    )
    marked = _mark(api, nana)
    assert marked.status_code == 200 and marked.json()["status"] == "entered_in_error", marked.text


def test_records_entered_in_error_or_of_another_member_do_not_hold_a_member(api: Api) -> None:
    fam = family(api)
    nana, uncle = network_member(api, fam["case_id"]), network_member(api, fam["case_id"])
    path = f"/v1/cases/{fam['case_id']}/network/meetings"
    api.created(path, body("create_network_meeting", attendees=[{"network_member_id": uncle["id"]}]))
    wrong = api.created(path, body("create_network_meeting", attendees=[{"network_member_id": nana["id"]}]))
    gone = api.post(
        f"/v1/network-meetings/{wrong['id']}/entered-in-error",
        {"reason": "Recorded on the wrong case."},
        headers=etag_headers(wrong),
    )
    assert gone.status_code == 200, gone.text
    assert _mark(api, nana).status_code == 200
    assert _mark(api, uncle).status_code == 409
