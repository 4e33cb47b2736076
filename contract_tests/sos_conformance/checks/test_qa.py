"""Quality assurance: allocations, collaborative case audits with the evidence they saw, family and
staff feedback (anonymous feedback names no one), the whiteboard and scale chart pictures, and the
measures as JSON and CSV."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import uuid
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items
from sos_conformance.expect import (
    check,
    expect_field_error,
    expect_header,
    expect_problem,
    expect_status,
    fail,
    json_body,
)
from sos_conformance.plugin import Settings, area, requirement
from sos_conformance.practice import network_member, scale, statement, statement_body

pytestmark = area("qa", "core", "qa")

AUDIT_DATE = "2025-05-20"
PERIOD = "2025-06"
SVG = "image/svg+xml"
ANONYMOUS = "anonymous"


# --- helpers ------------------------------------------------------------------------------------


def _code_list(api: Api, list_id: str) -> dict[str, Any]:
    return dict(json_body(expect_status(api.get(f"/v1/reference-data/{list_id}"), 200)))


def _codes(api: Api, list_id: str) -> list[str]:
    """The current (not retired) codes of a published list, in its order."""
    return [c["code"] for c in _code_list(api, list_id)["codes"] if not c.get("retired")]


def _allocation(make: Factory, case_id: str, team: str, worker: str, on: str) -> dict[str, Any]:
    return make.created(
        f"/v1/cases/{case_id}/allocations", {"team": team, "worker": worker, "allocated_on": on}
    )


def _audit_body(items: list[str], rating: str, **overrides: Any) -> dict[str, Any]:
    return {
        "audited_on": AUDIT_DATE,
        "auditor": "Conformance auditor",
        "items": [
            {"item_code": code, "rating": rating, "comment": f"Conformance: {code}."} for code in items
        ],
        "overall": 6,
        "learning_actions": "Conformance: none.",
        **overrides,
    }


def _named(problem: dict[str, Any], code: str) -> bool:
    """Whether a refusal names ``code`` (in its detail or errors), as a word: A1 is not A10."""
    text = json.dumps({"detail": problem.get("detail"), "errors": problem.get("errors")})
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(code)}(?![A-Za-z0-9_])", text) is not None


def _evidence(api: Api, case_id: str) -> dict[str, dict[str, Any]]:
    body = json_body(
        expect_status(api.get(f"/v1/cases/{case_id}/audit-evidence", params={"on": AUDIT_DATE}), 200)
    )
    return {item["item_code"]: item for item in body["items"]}


def _item_evidence(audit: dict[str, Any]) -> dict[str, Any]:
    return {item["item_code"]: item.get("evidence") for item in audit["items"]}


def _token_subject(token: str | None) -> str | None:
    """The ``sub`` claim of a JWT, read without verifying it; None for any other kind of token."""
    parts = (token or "").split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    sub = claims.get("sub") if isinstance(claims, dict) else None
    return sub if isinstance(sub, str) and sub else None


def _svg(response: httpx.Response) -> ET.Element:
    expect_status(response, 200)
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    check(media == SVG, f"Content-Type: {SVG}", f"Content-Type: {media or '(none)'}", response)
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as exc:
        raise fail("an SVG document that parses as XML", f"{exc}", response) from exc
    check(root.tag.rsplit("}", 1)[-1] == "svg", "an <svg> root element", f"<{root.tag}>", response)
    return root


def _svg_text(root: ET.Element) -> str:
    return " ".join(" ".join(root.itertext()).split())


def _events_of(api: Api, response: httpx.Response) -> list[dict[str, Any]]:
    request_id = expect_header(response, "X-Request-ID")
    return all_items(api, "/v1/audit-events", {"request_id": request_id, "limit": 100})


# --- allocations --------------------------------------------------------------------------------


@pytest.mark.check("SOS-CHK-QA-001")
@requirement("SOS-QA-001")
def test_current_allocation_is_the_latest_without_an_end(api: Api, make: Factory) -> None:
    """The current allocation is the latest by allocated_on without ended_on (not the latest made);
    ending it moves current on; every read says whether it is current; ending before allocated_on
    is 422 and changes nothing."""
    the_case, _ = make.case_with_child()
    team = make.label("team")
    path = f"/v1/cases/{the_case['id']}/allocations"
    first = _allocation(make, the_case["id"], team, "Conformance worker one", "2025-01-14")
    check(first["current"] is True, "the only allocation current", repr(first["current"]))
    second = _allocation(make, the_case["id"], team, "Conformance worker two", "2025-03-01")
    earlier = _allocation(make, the_case["id"], team, "Conformance worker three", "2025-02-01")
    check(
        second["current"] is True and earlier["current"] is False,
        "the allocation of 2025-03-01 current, not the one made last (of 2025-02-01)",
        f"2025-03-01 current {second['current']}, 2025-02-01 current {earlier['current']}",
    )

    def current() -> dict[str, bool]:
        return {a["id"]: a["current"] for a in all_items(api, path)}

    listed = current()
    check(
        listed == {first["id"]: False, second["id"]: True, earlier["id"]: False},
        "only the allocation of 2025-03-01 listed as current",
        str(listed),
    )
    refused = api.patch(
        f"/v1/allocations/{second['id']}", {"ended_on": "2025-02-28"}, headers={"If-Match": 'W/"1"'}
    )
    expect_field_error(refused, expect_problem(refused, 422), "/ended_on")
    after = json_body(expect_status(api.get(f"/v1/allocations/{second['id']}"), 200))
    check(
        after["version"] == 1 and after["ended_on"] is None and after["current"] is True,
        "the allocation unchanged after the refusal",
        f"version {after['version']}, ended_on {after['ended_on']}, current {after['current']}",
    )
    ended = json_body(
        expect_status(
            api.patch(
                f"/v1/allocations/{second['id']}", {"ended_on": "2025-06-30"}, headers={"If-Match": 'W/"1"'}
            ),
            200,
        )
    )
    check(
        ended["ended_on"] == "2025-06-30" and ended["current"] is False,
        "the ended allocation no longer current",
        f"ended_on {ended['ended_on']}, current {ended['current']}",
    )
    listed = current()
    check(
        listed == {first["id"]: False, second["id"]: False, earlier["id"]: True},
        "the allocation of 2025-02-01 current once that of 2025-03-01 ended",
        str(listed),
    )


# --- case audits --------------------------------------------------------------------------------


@pytest.mark.check("SOS-CHK-QA-002")
@requirement("SOS-QA-002")
def test_audit_answers_every_template_item_exactly_once(api: Api, make: Factory) -> None:
    """A missing or repeated template item is 422 naming it and writes nothing, on create and on
    amend; the overall judgement is 0 to 10; the audit records the template list and version."""
    template = _code_list(api, "qa_audit_item")
    items = [c["code"] for c in template["codes"] if not c.get("retired")]
    check(len(items) >= 2, "an audit template of at least two items", str(items))
    rating = _codes(api, "qa_audit_rating")[0]
    the_case, _ = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/audits"
    worker = "Conformance worker"
    dropped = [items[1], items[-1]]
    missing = expect_problem(
        api.post(path, _audit_body([c for c in items if c not in dropped], rating, worker=worker)), 422
    )
    for code in dropped:
        check(_named(missing, code), f"the refusal names the missing item {code}", json.dumps(missing)[:600])
    repeated = _audit_body([*items, items[0]], rating, worker=worker)
    twice = expect_problem(api.post(path, repeated), 422)
    check(_named(twice, items[0]), f"the refusal names the repeated item {items[0]}", json.dumps(twice)[:600])
    expect_problem(api.post(path, _audit_body(items, rating, worker=worker, overall=11)), 422)
    check(all_items(api, path) == [], "no audit written", "a refused audit was written")

    made = make.created(path, _audit_body(items, rating, worker=worker))
    check(
        made.get("template") == {"list_id": "qa_audit_item", "version": template["version"]},
        f"template qa_audit_item version {template['version']}",
        repr(made.get("template")),
    )
    answered = sorted(i["item_code"] for i in made["items"])
    check(answered == sorted(items), "every template item answered once", str(answered))
    refused = api.patch(
        f"/v1/case-audits/{made['id']}",
        {"items": _audit_body(items[1:], rating)["items"]},
        headers={"If-Match": 'W/"1"'},
    )
    check(_named(expect_problem(refused, 422), items[0]), f"the refusal names {items[0]}", refused.text[:600])
    again = json_body(expect_status(api.get(f"/v1/case-audits/{made['id']}"), 200))
    check(again["version"] == 1, "the audit unchanged after the refusal", f"version {again['version']}")
    check(len(all_items(api, path)) == 1, "one audit listed", "another audit was written")


@pytest.mark.check("SOS-CHK-QA-003")
@requirement("SOS-QA-003")
def test_audit_worker_defaults_to_the_current_allocation(api: Api, make: Factory) -> None:
    """With no worker and no allocation the audit is 422 naming /worker and nothing is written; with
    an allocation the worker is that of the current one."""
    items = _codes(api, "qa_audit_item")
    rating = _codes(api, "qa_audit_rating")[0]
    the_case, _ = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/audits"
    refused = api.post(path, _audit_body(items, rating))
    expect_field_error(refused, expect_problem(refused, 422), "/worker")
    check(all_items(api, path) == [], "no audit written", "an audit without a worker was written")
    team = make.label("team")
    _allocation(make, the_case["id"], team, "Conformance earlier worker", "2025-01-14")
    _allocation(make, the_case["id"], team, "Conformance current worker", "2025-03-01")
    made = make.created(path, _audit_body(items, rating))
    check(
        made["worker"] == "Conformance current worker",
        "the worker of the current allocation",
        repr(made["worker"]),
    )


@pytest.mark.check("SOS-CHK-QA-004")
@requirement("SOS-QA-004")
def test_audit_keeps_the_evidence_it_saw(api: Api, make: Factory) -> None:
    """The evidence follows the case's records (a danger statement, a network member); an audit keeps
    the evidence of its date beside each item, on create, read, list and in history, even after the
    records change and the answers are amended."""
    items = _codes(api, "qa_audit_item")
    rating = _codes(api, "qa_audit_rating")[0]
    the_case, child = make.case_with_child()
    case_id = the_case["id"]
    empty = _evidence(api, case_id)
    check(sorted(empty) == sorted(items), "evidence for every template item", str(sorted(empty)))
    for code, item in empty.items():
        check(
            isinstance(item.get("recorded_by_service"), bool) and bool(item.get("summary")),
            f"item {code} says whether the service keeps records for it, with a summary",
            json.dumps(item)[:300],
        )
    make.created(
        f"/v1/cases/{case_id}/danger-statements",
        {**statement_body(make, child["id"]), "written_on": "2025-02-01"},
    )
    with_statement = _evidence(api, case_id)
    check(
        with_statement != empty, "the evidence shows the new danger statement", "the evidence did not change"
    )
    network_member(make, case_id)
    seen = _evidence(api, case_id)
    check(seen != with_statement, "the evidence shows the new network member", "the evidence did not change")

    path = f"/v1/cases/{case_id}/audits"
    made = make.created(path, _audit_body(items, rating, worker="Conformance worker"))
    check(
        _item_evidence(made) == seen,
        "the audit shows the evidence of its date beside each item",
        "other evidence",
    )
    network_member(make, case_id)
    check(_evidence(api, case_id) != seen, "the evidence shows the second network member", "no change")
    amended = json_body(
        expect_status(
            api.patch(
                f"/v1/case-audits/{made['id']}",
                {"overall": 7, "amendment_reason": "Conformance: agreed after the meeting."},
                headers={"If-Match": 'W/"1"'},
            ),
            200,
        )
    )
    read = json_body(expect_status(api.get(f"/v1/case-audits/{made['id']}"), 200))
    listed = [a for a in all_items(api, path) if a["id"] == made["id"]]
    history = json_body(expect_status(api.get(f"/v1/case-audits/{made['id']}/history"), 200))["versions"]
    check([v["version"] for v in history] == [1, 2], "versions 1 and 2 in history", str(len(history)))
    for what, audit in (
        ("the amendment", amended),
        ("a read", read),
        ("the list", listed[0] if listed else {"items": []}),
        ("history version 1", history[0]["data"]),
        ("history version 2", history[1]["data"]),
    ):
        check(
            _item_evidence(audit) == seen,
            f"{what} shows the evidence kept when the audit was made",
            json.dumps(_item_evidence(audit))[:600],
        )


# --- feedback -----------------------------------------------------------------------------------


@pytest.mark.check("SOS-CHK-QA-005")
@requirement("SOS-QA-005")
def test_family_feedback_is_0_to_10_from_a_member_and_kept_as_given(
    api: Api, make: Factory, contract: Any
) -> None:
    """Answers above 10, a repeated question, an unknown role or a respondent outside the case are
    422 and unsaved; feedback from a named member is kept as given, with no amendment."""
    questions = _codes(api, "family_feedback_question")
    role = _codes(api, "feedback_respondent_role")[0]
    the_case, child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/family-feedback"

    def body(**overrides: Any) -> dict[str, Any]:
        answers = [{"question_code": questions[0], "value": 8, "text": f"{make.run_id}: it helps."}]
        return {"given_on": "2025-05-02", "respondent_role": role, "answers": answers, **overrides}

    stranger = make.person()
    for bad in (
        body(answers=[{"question_code": questions[0], "value": 11}]),
        body(answers=[{"question_code": questions[0], "value": -1}]),
        body(
            answers=[{"question_code": questions[0], "value": 5}, {"question_code": questions[0], "value": 6}]
        ),
        body(respondent_role="CONFORMANCE_NOT_A_ROLE"),
        body(respondent_person_id=stranger["id"]),
    ):
        expect_problem(api.post(path, bad), 422)
    check(all_items(api, path) == [], "no feedback saved", "refused feedback was saved")
    answers = [{"question_code": q, "value": v} for q, v in zip(questions[:2], (0, 10), strict=False)]
    made = make.created(path, body(respondent_person_id=child["id"], answers=answers))
    check(
        [(a["question_code"], a["value"]) for a in made["answers"]]
        == [(a["question_code"], a["value"]) for a in answers],
        "the answers as given",
        str(made["answers"]),
    )
    listed = [f["id"] for f in all_items(api, path)]
    check(listed == [made["id"]], "only the accepted feedback listed", str(listed))
    amend = [
        op.operation_id
        for op in contract.operations
        if op.method in ("PATCH", "PUT") and op.template.startswith("/v1/family-feedback/")
    ]
    check(not amend, "no amend operation for family feedback in the contract", str(amend))
    patched = api.request(
        "PATCH",
        f"/v1/family-feedback/{made['id']}",
        json_body={"given_on": "2025-05-03"},
        headers={"If-Match": 'W/"1"'},
        validate=False,
    )
    check(
        patched.status_code in (404, 405),
        "PATCH refused (404 or 405)",
        f"HTTP {patched.status_code}",
        patched,
    )


def _staff_body(make: Factory, team: str, question: str, **overrides: Any) -> dict[str, Any]:
    return {
        "given_on": "2025-05-02",
        "team": team,
        "anonymous": True,
        "answers": [{"question_code": question, "value": 3, "text": f"{make.run_id}: supervision."}],
        **overrides,
    }


@pytest.mark.check("SOS-CHK-QA-006")
@requirement("SOS-QA-006")
def test_anonymous_staff_feedback_names_no_one(api: Api, make: Factory, settings: Settings) -> None:
    """Anonymous feedback with a respondent, named feedback without one, an answer of 11 or a repeated
    question are 422; anonymous feedback reads created_by and updated_by 'anonymous', its history
    recorded_by 'anonymous', and who recorded it appears in no read, list or history."""
    question = _codes(api, "staff_feedback_question")[0]
    team = make.label("team")
    for bad in (
        _staff_body(make, team, question, respondent="Conformance respondent"),
        _staff_body(make, team, question, anonymous=False),
        _staff_body(make, team, question, answers=[{"question_code": question, "value": 11}]),
        _staff_body(
            make,
            team,
            question,
            answers=[{"question_code": question, "value": 1}, {"question_code": question, "value": 2}],
        ),
    ):
        expect_problem(api.post("/v1/staff-feedback", bad), 422)
    named = make.created(
        "/v1/staff-feedback",
        _staff_body(make, team, question, anonymous=False, respondent="Conformance respondent"),
    )
    check(named["respondent"] == "Conformance respondent", "named feedback names its respondent", repr(named))
    who = {named["created_by"], _token_subject(settings.token)} - {None, "", ANONYMOUS}
    created = expect_status(api.post("/v1/staff-feedback", _staff_body(make, team, question)), 201)
    made = json_body(created)
    check(
        (made["created_by"], made["updated_by"], made["respondent"]) == (ANONYMOUS, ANONYMOUS, None),
        "created_by and updated_by 'anonymous', respondent null",
        f"created_by {made['created_by']!r}, updated_by {made['updated_by']!r}, "
        f"respondent {made['respondent']!r}",
        created,
    )
    read = expect_status(api.get(f"/v1/staff-feedback/{made['id']}"), 200)
    history = expect_status(api.get(f"/v1/staff-feedback/{made['id']}/history"), 200)
    recorded_by = [v.get("recorded_by") for v in json_body(history)["versions"]]
    check(
        recorded_by[:1] == [ANONYMOUS], "history version 1 recorded_by 'anonymous'", str(recorded_by), history
    )
    check(json_body(read)["created_by"] == ANONYMOUS, "read created_by 'anonymous'", read.text[:300], read)
    listed = [f for f in all_items(api, "/v1/staff-feedback", {"team": team}) if f["id"] == made["id"]]
    check(len(listed) == 1, "the anonymous feedback listed for its team", str(len(listed)))
    for what, text, response in (
        ("the create response", created.text, created),
        ("a read", read.text, read),
        ("the list", json.dumps(listed), None),
        ("its history", history.text, history),
    ):
        for name in who:
            check(
                name not in text, f"{what} of anonymous feedback not naming who recorded it", name, response
            )


@pytest.mark.check("SOS-CHK-QA-007")
@requirement("SOS-QA-006")
def test_only_the_audit_trail_knows_who_gave_anonymous_feedback(auditor: Api, make: Factory) -> None:
    """The audit event of an anonymous submission still names the actor (audit scope only)."""
    question = _codes(auditor, "staff_feedback_question")[0]
    created = expect_status(
        auditor.post("/v1/staff-feedback", _staff_body(make, make.label("team"), question)), 201
    )
    record_id = json_body(created)["id"]
    events = [e for e in _events_of(auditor, created) if e.get("record_id") == record_id]
    check(len(events) == 1, "one audit event for the submission", str(events)[:600], created)
    actor = events[0].get("actor")
    check(bool(actor) and actor != ANONYMOUS, "the audit event names who submitted it", repr(actor))


# --- pictures -----------------------------------------------------------------------------------


@pytest.mark.check("SOS-CHK-QA-008")
@requirement("SOS-QA-007")
def test_whiteboard_is_svg_worked_out_from_the_records(api: Api, make: Factory) -> None:
    """image/svg+xml with an <svg> root; an empty case says missing in words for each of the eight
    parts, and fewer once a danger statement is recorded."""
    the_case, child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}/whiteboard.svg"

    def missing() -> int:
        text = _svg_text(_svg(api.get(path, headers={"Accept": SVG})))
        return len(re.findall(r"\bmissing\b", text, re.IGNORECASE))

    empty = missing()
    check(
        empty >= 8, "each of the eight parts of an empty case missing, in words", f"{empty} times 'missing'"
    )
    statement(make, the_case["id"], child["id"])
    after = missing()
    check(after < empty, "the danger statements no longer missing", f"'missing' {empty} -> {after} times")


@pytest.mark.check("SOS-CHK-QA-009")
@requirement("SOS-QA-008")
def test_scale_chart_is_svg_naming_each_rater(api: Api, make: Factory) -> None:
    """image/svg+xml with an <svg> root, the scale's anchors and each rater named in text; a rater
    whose only rating was entered in error is left out."""
    the_case, _ = make.case_with_child()
    the_scale = scale(
        make, the_case["id"], anchor_0="Conformance anchor nought", anchor_10="Conformance anchor ten"
    )
    path = f"/v1/scales/{the_scale['id']}/ratings"

    def rate(value: int, on: str, name: str, role: str) -> dict[str, Any]:
        body = {"value": value, "rater_name": name, "rater_role": role, "rated_on": on}
        return make.created(path, {**body, "context": "HOME_VISIT", "reason": "Conformance rating"})

    rate(2, "2025-01-10", "Conformance Rater Worker", "SOCIAL_WORKER")
    rate(5, "2025-02-10", "Conformance Rater Worker", "SOCIAL_WORKER")
    rate(4, "2025-02-10", "Conformance Rater Parent", "PARENT")
    wrong = rate(9, "2025-02-11", "Conformance Rater Mistaken", "PARENT")
    expect_status(
        api.post(
            f"/v1/ratings/{wrong['id']}/entered-in-error",
            {"reason": "Conformance: wrong scale"},
            headers={"If-Match": 'W/"1"'},
        ),
        200,
    )
    text = _svg_text(_svg(api.get(f"/v1/scales/{the_scale['id']}/chart.svg", headers={"Accept": SVG})))
    for words in (
        "Conformance anchor nought",
        "Conformance anchor ten",
        "Conformance Rater Worker",
        "Conformance Rater Parent",
    ):
        check(words in text, f"{words!r} in the chart's text", text[:600])
    check(
        "Conformance Rater Mistaken" not in text,
        "the rater of the entered-in-error rating left out",
        "named in the chart",
    )


@pytest.mark.check("SOS-CHK-QA-010")
@requirement("SOS-QA-007", "SOS-QA-008")
def test_reading_the_pictures_is_audited(auditor: Api, make: Factory) -> None:
    """Reading the whiteboard writes an audit event; reading a chart writes events for the scale and
    its ratings."""
    the_case, _ = make.case_with_child()
    board = expect_status(
        auditor.get(f"/v1/cases/{the_case['id']}/whiteboard.svg", headers={"Accept": SVG}), 200
    )
    check(bool(_events_of(auditor, board)), "an audit event for the whiteboard read", "none", board)
    the_scale = scale(make, the_case["id"])
    rating = make.created(
        f"/v1/scales/{the_scale['id']}/ratings",
        {
            "value": 4,
            "rater_name": "Conformance Rater",
            "rater_role": "SOCIAL_WORKER",
            "rated_on": "2025-02-10",
            "context": "HOME_VISIT",
            "reason": "Conformance rating",
        },
    )
    chart = expect_status(
        auditor.get(f"/v1/scales/{the_scale['id']}/chart.svg", headers={"Accept": SVG}), 200
    )
    read = {e.get("record_id") for e in _events_of(auditor, chart)}
    check(
        {the_scale["id"], rating["id"]} <= read,
        "audit events for the scale and its rating",
        f"events for {sorted(str(r) for r in read)}",
        chart,
    )


# --- measures -----------------------------------------------------------------------------------


def _measures(api: Api, **params: Any) -> dict[str, dict[str, Any]]:
    body = json_body(expect_status(api.get("/v1/qa/measures", params=params), 200))
    return {m["code"]: m for m in body["measures"]}


@pytest.mark.check("SOS-CHK-QA-011")
@requirement("SOS-QA-102", "SOS-QA-103")
def test_every_published_measure_as_json_and_csv(api: Api) -> None:
    """Every code of the qa_measure list once, with its label, figures and definition; one that
    cannot be computed says why instead of a zero; the same codes as CSV (format=csv and Accept)."""
    published = {c["code"]: c for c in _code_list(api, "qa_measure")["codes"] if not c.get("retired")}
    check(bool(published), "measures in the qa_measure list", "none")
    response = expect_status(api.get("/v1/qa/measures", params={"period": PERIOD}), 200)
    measures = json_body(response)["measures"]
    codes = [m["code"] for m in measures]
    check(sorted(codes) == sorted(published), "each published measure once", str(codes), response)
    for m in measures:
        check(
            m["label"] == published[m["code"]]["label"],
            f"{m['code']} labelled as in qa_measure",
            repr(m["label"]),
        )
        check(bool(m.get("definition")), f"{m['code']} with its definition", repr(m.get("definition")))
        if m.get("not_computable"):
            check(
                (m["numerator"], m["denominator"], m["value"]) == (None, None, None),
                f"{m['code']}, not computable, reports no figures (never a zero)",
                f"numerator {m['numerator']}, denominator {m['denominator']}, value {m['value']}",
            )
        else:
            check(
                isinstance(m["numerator"], int) and isinstance(m["denominator"], int),
                f"{m['code']} with a numerator and a denominator, or not_computable saying why",
                f"numerator {m['numerator']!r}, denominator {m['denominator']!r}",
            )
    for kw in (
        {"params": {"period": PERIOD, "format": "csv"}},
        {"params": {"period": PERIOD}, "headers": {"Accept": "text/csv"}},
    ):
        response = expect_status(api.get("/v1/qa/measures", **kw), 200)
        media = response.headers.get("content-type", "")
        check(media.startswith("text/csv"), "Content-Type: text/csv", media, response)
        rows = list(csv.DictReader(io.StringIO(response.text)))
        got = [r.get("code") for r in rows]
        check(
            sorted(got, key=str) == sorted(published),
            "each published measure once in the CSV",
            str(got),
            response,
        )


@pytest.mark.check("SOS-CHK-QA-012")
@requirement("SOS-QA-101")
def test_bad_period_is_422(api: Api) -> None:
    """A month not written YYYY-MM, month 13, a range ending before it starts, a month with a range,
    half a range or no period at all is 422."""
    for params in (
        {"period": "2025-13"},
        {"period": "June 2025"},
        {"from": "2025-06-30", "to": "2025-06-01"},
        {"period": PERIOD, "from": "2025-06-01"},
        {"from": "2025-06-01"},
        {},
    ):
        expect_problem(api.get("/v1/qa/measures", params=params), 422)


@pytest.mark.check("SOS-CHK-QA-013")
@requirement("SOS-QA-101", "SOS-QA-104")
def test_measures_count_a_teams_records_for_the_period(api: Api, make: Factory) -> None:
    """M1 (danger statement coverage) counts the suite's case for its team, by month and by range, not
    for another team, and not once the statement is entered in error; only counts come back."""
    team = make.label("team")
    the_case, child = make.case_with_child()
    _allocation(make, the_case["id"], team, "Conformance worker", "2025-01-14")
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-03-01"), 201)
    made = make.created(
        f"/v1/cases/{the_case['id']}/danger-statements",
        {**statement_body(make, child["id"]), "written_on": "2025-03-10"},
    )

    def m1(**params: Any) -> tuple[Any, Any]:
        found = _measures(api, **params)["M1"]
        return found["numerator"], found["denominator"]

    for params in ({"period": PERIOD}, {"from": "2025-06-01", "to": "2025-06-30"}):
        got = m1(team=team, **params)
        check(got == (1, 1), f"M1 1 of 1 for the team ({params})", str(got))
    got = m1(team=make.label("team"), period=PERIOD)
    check(got[1] == 0, "M1 counting no case for a team that holds none", str(got))
    for form in ({}, {"format": "csv"}):
        response = expect_status(
            api.get("/v1/qa/measures", params={"period": PERIOD, "team": team, **form}), 200
        )
        for what in (child["id"], child["family_name"], made["id"]):
            check(
                what not in response.text,
                "only counts, never a child's data",
                f"{what} in the measures",
                response,
            )
    expect_status(
        api.post(
            f"/v1/danger-statements/{made['id']}/entered-in-error",
            {"reason": "Conformance: wrong case"},
            headers={"If-Match": f'W/"{made["version"]}"'},
        ),
        200,
    )
    got = m1(team=team, period=PERIOD)
    check(got == (0, 1), "M1 0 of 1 once the statement is entered in error", str(got))


@pytest.mark.check("SOS-CHK-QA-017")
@requirement("SOS-REC-007")
def test_measures_leave_test_data_out(api: Api, make: Factory) -> None:
    """A danger statement made with X-Test-Data: true does not count towards M1 for its team's case;
    the same statement made without it does."""
    team = make.label("team")
    the_case, child = make.case_with_child()
    _allocation(make, the_case["id"], team, "Conformance worker", "2025-01-14")
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-03-01"), 201)
    body = {**statement_body(make, child["id"]), "written_on": "2025-03-10"}
    counted = []
    for headers in ({"X-Test-Data": "true"}, {}):
        made = make.created(f"/v1/cases/{the_case['id']}/danger-statements", body, headers=headers)
        check(
            made.get("test_data") is bool(headers),
            f"the statement made with test_data {bool(headers)}",
            repr(made.get("test_data")),
        )
        found = _measures(api, period=PERIOD, team=team)["M1"]
        counted.append((found["numerator"], found["denominator"]))
    check(
        counted == [(0, 1), (1, 1)],
        "M1 0 of 1 with only a test data statement, 1 of 1 once a real one is made",
        str(counted),
    )


@pytest.mark.check("SOS-CHK-QA-014")
@requirement("SOS-QA-101")
def test_measures_are_for_the_callers_authority(api: Api, other_api: Api, make: Factory) -> None:
    """Another authority asking for the same team counts none of the suite's cases."""
    team = make.label("team")
    the_case, child = make.case_with_child()
    _allocation(make, the_case["id"], team, "Conformance worker", "2025-01-14")
    expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-03-01"), 201)
    mine = _measures(api, period=PERIOD, team=team)["M1"]["denominator"]
    theirs = _measures(other_api, period=PERIOD, team=team)["M1"]["denominator"]
    check((mine, theirs) == (1, 0), "M1 over 1 case for the authority, 0 for another", str((mine, theirs)))


@pytest.mark.check("SOS-CHK-QA-015")
@requirement("SOS-QA-104")
def test_measures_need_only_the_read_scope(reader_api: Api) -> None:
    """A read-only token gets the measures, as JSON and as CSV."""
    _measures(reader_api, period=PERIOD)
    response = expect_status(
        reader_api.get("/v1/qa/measures", params={"period": PERIOD, "format": "csv"}), 200
    )
    check(
        response.headers.get("content-type", "").startswith("text/csv"),
        "CSV",
        response.headers.get("content-type", ""),
    )


@pytest.mark.check("SOS-CHK-QA-016")
@requirement("SOS-QA-104")
def test_each_measures_request_writes_one_audit_event(auditor: Api) -> None:
    """Each request (JSON or CSV) writes exactly one audit event of record type qa_measures."""
    for params in ({"period": PERIOD}, {"period": PERIOD, "format": "csv"}):
        headers = {"X-Request-ID": f"conformance-{uuid.uuid4().hex}"}
        response = expect_status(auditor.get("/v1/qa/measures", params=params, headers=headers), 200)
        events = [e for e in _events_of(auditor, response) if e.get("record_type") == "qa_measures"]
        check(len(events) == 1, "exactly one qa_measures audit event", f"{len(events)} events", response)
