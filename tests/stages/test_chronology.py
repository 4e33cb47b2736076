"""The chronology of an invented family: every change on the day it happened (its practice date), in
order, across creates, amendments, named steps and entered-in-error, never on the day it was typed; a
child's leaves out what is about their sibling only; JSON or a printable page; audited as one read."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from service.contract.examples import body
from service.models import AuditEvent
from tests.support import Api, assert_problem
from tests.support.planning import danger_statement, etag_headers, family, network_member


def _statement_on(api: Api, case_id: str, children: list[str], written_on: str) -> dict[str, Any]:
    made = danger_statement(api, case_id, children)  # written today, then dated as it happened
    return _patch(api, f"/v1/danger-statements/{made['id']}", made, {"written_on": written_on}, written_on)


def _patch(api: Api, path: str, record: dict[str, Any], change: dict[str, Any], on: str) -> dict[str, Any]:
    response = api.patch(path, change, headers=etag_headers(record), on=on)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _step(api: Api, path: str, record: dict[str, Any], sent: dict[str, Any]) -> dict[str, Any]:
    response = api.post(path, sent, headers=etag_headers(record))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _invented_family(api: Api) -> tuple[dict[str, Any], dict[tuple[str, int], str]]:
    """The family, and the practice date each change was given: (record id, version) -> date."""
    fam = family(api)
    case_id, child, sibling = fam["case_id"], fam["child"]["id"], fam["sibling"]["id"]
    given: dict[tuple[str, int], str] = {}
    statement = _statement_on(api, case_id, [child], "2025-03-20")
    given[(statement["id"], 2)] = "2025-03-20"
    theirs = _statement_on(api, case_id, [sibling], "2025-03-21")
    grandmother = network_member(api, case_id, joined_on="2025-03-25")
    given[(grandmother["id"], 1)] = "2025-03-25"  # created: its own date
    told = {"danger_statement_id": statement["id"], "version": 2, "informed_on": "2025-07-08"}
    informed = api.created(f"/v1/network-members/{grandmother['id']}/informed", told)
    given[(grandmother["id"], 2)] = "2025-07-08"  # told on the day she was told, not the day she joined
    dated = _patch(
        api,
        f"/v1/danger-statements/{statement['id']}",
        statement,
        {"goal": {"sustain_from": "2025-04-02"}},
        "2025-04-30",
    )
    given[(statement["id"], 3)] = "2025-04-30"
    withdrawn = _step(
        api,
        f"/v1/danger-statements/{theirs['id']}/withdraw",
        theirs,
        {"reason": "The worry was resolved at the network meeting.", "effective_on": "2025-06-10"},
    )
    roles = _patch(
        api, f"/v1/network-members/{grandmother['id']}", informed, {"roles": ["DAILY_CHECK_IN"]}, "2025-05-15"
    )
    given[(grandmother["id"], 3)] = "2025-05-15"
    _step(
        api,
        f"/v1/network-members/{grandmother['id']}/entered-in-error",
        roles,
        {"reason": "Recorded on the wrong family's case.", "effective_on": "2025-08-01"},
    )
    given[(grandmother["id"], 4)] = "2025-08-01"
    fam.update(statement=dated, theirs=withdrawn, grandmother=grandmother)
    return fam, given


def test_the_chronology_lists_every_change_on_the_day_it_was_given(api: Api) -> None:
    fam, given = _invented_family(api)
    chronology = api.get(f"/v1/children/{fam['child']['id']}/chronology").json()
    assert chronology["about"] == f"{fam['child']['given_name']} {fam['child']['family_name']}"
    entries = chronology["entries"]
    on = {(e["record_id"], e["version"]): e["date"] for e in entries}
    assert {key: on.get(key) for key in given} == given
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    gran = [e for e in entries if e["record_id"] == fam["grandmother"]["id"]]
    assert [e["change"] for e in gran] == ["create", "amend", "informed", "entered_in_error"]  # by date
    assert all(e["record_entered_in_error"] for e in gran)
    told = next(e for e in gran if e["change"] == "informed")
    assert told["what_happened"].startswith("Network member told of a danger statement: ")
    assert told["who"] and told["record_type"] == "network_member"


def test_a_siblings_statement_stays_out_of_the_childs_chronology_and_journey(api: Api) -> None:
    fam, _ = _invented_family(api)
    theirs = fam["theirs"]["id"]
    child = api.get(f"/v1/children/{fam['child']['id']}/chronology").json()
    journey = api.get(f"/v1/children/{fam['child']['id']}/journey").json()
    sibling = api.get(f"/v1/children/{fam['sibling']['id']}/chronology").json()
    case = api.get(f"/v1/cases/{fam['case_id']}/chronology").json()
    assert theirs not in {e["record_id"] for e in child["entries"]}
    assert theirs not in {e["record_id"] for e in journey["entries"]}
    assert fam["statement"]["id"] not in {e["record_id"] for e in sibling["entries"]}
    withdrawal = [e for e in sibling["entries"] if e["record_id"] == theirs and e["change"] == "withdrawn"]
    assert [e["date"] for e in withdrawal] == ["2025-06-10"]
    assert {theirs, fam["statement"]["id"]} <= {e["record_id"] for e in case["entries"]}


def test_the_chronology_as_a_printable_page(api: Api) -> None:
    fam, _ = _invented_family(api)
    path = f"/v1/children/{fam['child']['id']}/chronology"
    for response in (
        api.get(path, params={"format": "html"}),
        api.get(path, headers={"Accept": "text/html"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        page = response.text
        assert "<table>" in page and "2025-07-08" in page and fam["grandmother"]["id"] in page
        assert page.index("2025-03-25") < page.index("2025-07-08") < page.index("2025-08-01")
    case_page = api.get(f"/v1/cases/{fam['case_id']}/chronology", params={"format": "html"})
    assert case_page.status_code == 200 and fam["case"]["title"] in case_page.text


def test_a_chronology_is_audited_as_one_read(api: Api, db: Any) -> None:
    fam, _ = _invented_family(api)
    child = fam["child"]["id"]

    def reads() -> int:
        db.expire_all()
        query = select(func.count()).where(AuditEvent.action == "read_chronology")
        return int(db.scalar(query.where(AuditEvent.record_id == uuid.UUID(child))))

    before = reads()
    api.get(f"/v1/children/{child}/chronology")
    assert reads() == before + 1


def test_an_amendment_and_a_step_must_say_their_practice_date(api: Api) -> None:
    fam = family(api)
    path = f"/v1/danger-statements/{fam['statement']['id']}"
    refused = assert_problem(
        api.patch(
            path, {"goal": {"sustain_from": "2025-04-02"}}, headers=etag_headers(fam["statement"]), on=None
        ),
        422,
    )
    assert [e["pointer"] for e in refused["errors"]] == ["/effective_on"]
    refused = assert_problem(
        api.post(
            f"{path}/withdraw", {"reason": "No longer a worry."}, headers=etag_headers(fam["statement"])
        ),
        422,
    )
    assert [e["pointer"] for e in refused["errors"]] == ["/effective_on"]
    met = body("mark_safety_goal_met")  # goal met defaults its practice date to met_on
    assert "effective_on" not in met
