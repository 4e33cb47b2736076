"""Small typed helpers for tests: an authenticated API client and factories per record type.

Factories build their bodies from the operations' registered examples (``body``), so a field added to
a record type and its example reaches every test that makes one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from stdnum.gb import upn as stdnum_upn

from service.contract.examples import body

AMENDED_ON = "2025-06-02"
"""The practice date of amendments in tests that are not about practice dates."""


class Api:
    def __init__(self, client: Any, token: str) -> None:
        self.client = client
        self.token = token

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", **(extra or {})}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, headers=self.headers(kw.pop("headers", None)), **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> Any:
        return self.client.post(path, json=body, headers=self.headers(kw.pop("headers", None)), **kw)

    def patch(self, path: str, body: Any, *, on: str | None = AMENDED_ON, **kw: Any) -> Any:
        """PATCH ``body``; an amendment must say its practice date (``effective_on``), so a body without
        one is sent with ``on`` (tests not about practice dates amend on :data:`AMENDED_ON`); ``on=None``
        sends the body exactly as given."""
        if on is not None and isinstance(body, dict) and "effective_on" not in body:
            body = {**body, "effective_on": on}
        return self.client.patch(path, json=body, headers=self.headers(kw.pop("headers", None)), **kw)

    def created(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.post(path, body)
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


def fresh_upn(last: str = "") -> str:
    """A UPN no other test holds (one person of an authority holds a UPN): its check letter worked
    out, ``last`` its last character (a letter for a temporary UPN) or a digit."""
    rest = "873" + f"{uuid.uuid4().int % 10**9:09d}"[: 9 - len(last)] + last
    return str(stdnum_upn.calc_check_digit(rest)) + rest


def person(api: Api, **overrides: Any) -> dict[str, Any]:
    """A child of the authority (from the create_person example), with a family name of its own."""
    given = {
        "given_name": "Test",
        "family_name": f"Child-{uuid.uuid4().hex[:6]}",
        "date_of_birth": "2018-05-01",
        "la_child_id": None,
    }
    return api.created("/v1/people", body("create_person", "child", **{**given, **overrides}))


def case(api: Api, **overrides: Any) -> dict[str, Any]:
    given = {"title": f"Test family {uuid.uuid4().hex[:6]}", "reference": None, "opened_on": "2025-01-14"}
    return api.created("/v1/cases", body("create_case", **{**given, **overrides}))


def case_with_child(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    the_case = case(api)
    child = person(api)
    api.created(
        f"/v1/cases/{the_case['id']}/members",
        body("create_case_member", "child", person_id=child["id"], joined_on="2025-01-14"),
    )
    return the_case, child


def move(api: Api, case_id: str, child_id: str, to_stage: str, on: str = "2025-02-01", **extra: Any) -> Any:
    """Record a stage transition. A move that rests on a statutory event (into CIN from the front
    door or early help, CIN into CP, CP down to CIN, CIN down to early help, into and out of care) gets
    one made for it first,
    dated ``on``, unless
    the test gives ``grounds`` itself; an ``override_reason`` for a move into CP goes to the initial
    conference that starts the plan (SOS-MAP-003 is checked there)."""
    if "grounds" not in extra:
        grounds = grounds_for(api, case_id, child_id, to_stage, on, extra)
        if grounds is not None:
            extra["grounds"] = grounds
    return api.post(
        f"/v1/cases/{case_id}/transitions",
        body(
            "record_stage_transition",
            child_id=child_id,
            to_stage=to_stage,
            effective_date=on,
            reason="test move",
            decided_by="test manager",
            **extra,
        ),
    )


def _made(api: Api, path: str, data: dict[str, Any]) -> dict[str, Any] | None:
    response = api.post(path, data)
    return dict(response.json()) if response.status_code == 201 else None


def open_referral(api: Api, case_id: str, child_id: str, on: str) -> dict[str, Any] | None:
    """The child's open referral in the case on a date, made (dated ``on``) if there is none."""
    for referral in api.get(f"/v1/cases/{case_id}/referrals", params={"child_id": child_id}).json()["items"]:
        closed = referral["closure_date"]
        if referral["status"] == "active" and referral["referral_date"] <= on and not closed:
            return dict(referral)
    return _made(
        api,
        f"/v1/cases/{case_id}/referrals",
        body("create_referral", child_id=child_id, referral_date=on, closure_date=None),
    )


def _running_enquiry(api: Api, base: str, child_id: str, referral_id: str, on: str) -> dict[str, Any] | None:
    """The section 47 enquiry running on the referral on ``on`` (no initial conference yet), if any: one
    enquiry on a referral runs at a time (SOS-CIN-017), so the conference follows it."""
    listed = api.get(f"{base}/section47-enquiries", params={"child_id": child_id, "limit": 100}).json()[
        "items"
    ]
    for enquiry in listed:
        if (
            enquiry["referral_id"] == referral_id
            and enquiry["status"] == "active"
            and enquiry["started_on"] <= on
            and enquiry["initial_conference_date"] is None
            and not enquiry["conference_not_required"]
        ):
            return dict(enquiry)
    return None


def _new_enquiry(api: Api, base: str, child_id: str, referral_id: str, on: str) -> dict[str, Any] | None:
    """A strategy discussion and the section 47 enquiry it started, both on ``on``."""
    ids = {"child_id": child_id, "referral_id": referral_id}
    discussion = _made(
        api, f"{base}/strategy-discussions", body("create_strategy_discussion", **ids, held_on=on)
    )
    if discussion is None:
        return None
    enquiry = body("create_section47_enquiry", **ids, strategy_discussion_id=discussion["id"], started_on=on)
    return _made(api, f"{base}/section47-enquiries", enquiry)


def plan_started(
    api: Api, case_id: str, child_id: str, on: str, override_reason: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """An initial conference (PLAN_STARTED) following the section 47 enquiry running on the child's
    referral (else a new strategy discussion and enquiry), and the plan it started, dated ``on`` or,
    when ``on`` is a Saturday or Sunday, the Friday before (an initial conference is held on a
    weekday): what a move into CP on ``on`` rests on. Returns (conference, plan)."""
    day = date.fromisoformat(on)
    on = (day - timedelta(days=max(0, day.weekday() - 4))).isoformat()
    referral = open_referral(api, case_id, child_id, on)
    if referral is None:
        return None
    base = f"/v1/cases/{case_id}"
    s47 = _running_enquiry(api, base, child_id, referral["id"], on) or _new_enquiry(
        api, base, child_id, referral["id"], on
    )
    if s47 is None:
        return None
    conference = _made(
        api,
        f"{base}/cp-conferences",
        body(
            "create_cp_conference",
            child_id=child_id,
            section47_id=s47["id"],
            held_on=on,
            attendees=[{"name": "Test parent", "role": "Parent"}],
            map_id=None,
            danger_statement_ids=[],
            rating_ids=[],
            override_reason=override_reason or "Test: this test is not about the map.",
        ),
    )
    if conference is None:
        return None
    plan = _made(
        api,
        f"{base}/cp-plans",
        body(
            "create_cp_plan",
            child_id=child_id,
            referral_id=referral["id"],
            conference_id=conference["id"],
            start_date=on,
        ),
    )
    return None if plan is None else (conference, plan)


def _amend_open(
    api: Api, case_id: str, child_id: str, plural: str, open_field: str, change: dict[str, Any]
) -> dict[str, Any] | None:
    """The child's active record of ``plural`` in the case whose ``open_field`` is empty (a plan not
    ended, a referral not closed), amended with ``change``; None if there is none or it is refused."""
    for item in api.get(f"/v1/cases/{case_id}/{plural}", params={"child_id": child_id}).json()["items"]:
        if item["status"] == "active" and item[open_field] is None:
            path = f"/v1/{plural}/{item['id']}"
            response = api.patch(path, change, headers={"If-Match": api.get(path).headers["ETag"]})
            return dict(response.json()) if response.status_code == 200 else None
    return None


def end_plan(api: Api, case_id: str, child_id: str, on: str) -> dict[str, Any] | None:
    """The child's open child protection plan, ended on ``on``."""
    return _amend_open(api, case_id, child_id, "cp-plans", "end_date", {"end_date": on})


def close_referral(
    api: Api, case_id: str, child_id: str, on: str, reason: str = "RC7"
) -> dict[str, Any] | None:
    """The child's open referral, closed on ``on`` with ``reason`` (a step down to early help rests on
    it, SOS-STAGE-011)."""
    change = {"closure_date": on, "closure_reason": reason}
    return _amend_open(api, case_id, child_id, "referrals", "closure_date", change)


def into_care(api: Api, case_id: str, child_id: str, on: str) -> dict[str, Any] | None:
    """An episode starting a period of care (S, section 20, foster care), dated ``on``."""
    return _made(
        api, f"/v1/cases/{case_id}/lac-episodes", body("create_lac_episode", child_id=child_id, start_date=on)
    )


def end_care(api: Api, case_id: str, child_id: str, on: str, reason: str = "E4A") -> dict[str, Any] | None:
    """The child's open looked-after episode, ended on ``on`` with ``reason``."""
    change = {"end_date": on, "reason_ceased": reason}
    return _amend_open(api, case_id, child_id, "lac-episodes", "end_date", change)


def _care_grounds(
    api: Api, case_id: str, child_id: str, to_stage: str, on: str, stages: set[str], from_stage: Any
) -> dict[str, str] | None:
    if to_stage == "LAC" and "LAC" not in stages and stages & {"CIN", "CP"}:
        made = into_care(api, case_id, child_id, on)
    elif "LAC" in stages and to_stage == "CARE_LEAVER":
        made = end_care(api, case_id, child_id, on, "E8")
    elif stages == {"LAC"} or from_stage == "LAC":
        made = end_care(api, case_id, child_id, on) if to_stage in ("CIN", "CP") else None
    else:
        return None
    return None if made is None else {"lac_episode_id": made["id"]}


def grounds_for(
    api: Api, case_id: str, child_id: str, to_stage: str, on: str, extra: dict[str, Any]
) -> dict[str, str] | None:
    if to_stage not in ("CIN", "CP", "LAC", "CARE_LEAVER", "EARLY_HELP"):
        return None
    response = api.get(f"/v1/children/{child_id}/stages")
    if response.status_code != 200:
        return None
    stages = set(response.json()["stages"])
    from_stage = extra.get("from_stage")
    care = _care_grounds(api, case_id, child_id, to_stage, on, stages, from_stage)
    if (
        care is not None
        or to_stage in ("LAC", "CARE_LEAVER")
        or "LAC" in (stages if from_stage is None else {from_stage})
    ):
        return care
    if to_stage == "CIN" and stages <= {"EARLY_HELP", "CLOSED"}:
        referral = open_referral(api, case_id, child_id, on)
        return None if referral is None else {"referral_id": referral["id"]}
    if to_stage == "CP" and stages == {"CIN"}:
        made = plan_started(api, case_id, child_id, on, extra.pop("override_reason", None))
        return None if made is None else {"conference_id": made[0]["id"]}
    if to_stage == "EARLY_HELP" and stages == {"CIN"}:
        referral = close_referral(api, case_id, child_id, on)
        return None if referral is None else {"referral_id": referral["id"]}
    if to_stage == "CIN" and (stages == {"CP"} or from_stage == "CP"):
        plan = end_plan(api, case_id, child_id, on)
        return None if plan is None else {"cp_plan_id": plan["id"]}
    return None


def count(session: Session, model: Any) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def assert_problem(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body: dict[str, Any] = response.json()
    for field in ("type", "title", "status", "detail", "instance", "code"):
        assert field in body, body
    assert body["status"] == status
    if code is not None:
        assert body["code"] == code, body
    return body


@contextmanager
def rows_unchanged(db: Session, tables: Sequence[Any]) -> Iterator[None]:
    """Every row count of ``tables`` is as it was before the block: what it sent wrote nothing."""

    def rows() -> dict[str, int]:
        try:
            return {table.__name__: count(db, table) for table in tables}
        finally:
            db.rollback()

    before = rows()
    yield
    assert rows() == before


def rule_refused(response: Any, requirement: str, pointer: str, error_code: str) -> dict[str, Any]:
    """A 422 ``rule_violated`` naming ``requirement`` and one field error, ``pointer`` with ``error_code``."""
    problem = assert_problem(response, 422, "rule_violated")
    assert problem["type"].endswith("/rule-violated"), problem
    assert problem.get("requirement") == requirement, problem
    assert [(e["pointer"], e["code"]) for e in problem["errors"]] == [(pointer, error_code)], problem
    return problem
