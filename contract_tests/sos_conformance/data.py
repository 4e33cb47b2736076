"""The suite's own test data, made through the API only and marked ``CONFORMANCE-<run id>`` so a
supplier can recognise (and, if it wishes, archive) it. Nothing here assumes an empty system:
lists are walked page by page to find the suite's own records."""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sos_conformance.client import Api
from sos_conformance.expect import check, etag_of, expect_status, json_body, refused

MAX_PAGES = 500

# For a move into CP in a check that is not about the map: the initial conference that starts the
# plan expects a map, an active danger statement and a rating (SOS-MAP-003), and this says why it goes
# ahead without them. Factory.move hands it to the conference it records for the move.
CP_OVERRIDE = {"override_reason": "Conformance: this check is about something other than the map."}


UPN_SHAPE = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""The DfE's check letters, by the weighted sum of a UPN's other twelve characters modulo 23."""


def fresh_identifier(example: str) -> str:
    """A value for a field the contract marks ``x-unique-in-authority``, in place of its example's
    (one person holds an authority child id or a UPN): a UPN for a UPN, its check letter worked out
    (the DfE's weights 2 to 13 on the other characters, all digits here); else the example's letters
    and a part unique to this call, as long as the example."""
    if UPN_SHAPE.match(example):
        return fresh_upn(example[1:4])
    letters = re.match(r"^[A-Za-z]*", example)
    prefix = letters.group(0)[:4] if letters else ""
    return (prefix + uuid.uuid4().hex.upper())[: max(len(example), 12)]


def upn_check_letter(rest: str) -> str:
    """The check letter of a UPN's twelve other characters: the DfE's weights 2 to 13, each digit its
    value and a letter (last, in a temporary UPN) its place in UPN_LETTERS."""
    values = [int(c) if c.isdigit() else UPN_LETTERS.index(c) for c in rest]
    return UPN_LETTERS[sum(w * v for w, v in zip(range(2, 14), values, strict=True)) % 23]


def fresh_upn(authority: str = "873", temporary: bool = False) -> str:
    """A UPN no earlier run used (a UPN is held by one person of an authority): the authority's three
    digits, random digits, and for a temporary UPN a letter last; its check letter worked out."""
    rest = authority + "".join(random.choice("0123456789") for _ in range(8 if temporary else 9))
    rest += random.choice(UPN_LETTERS) if temporary else ""
    return upn_check_letter(rest) + rest


class Factory:
    def __init__(self, api: Api, run_id: str) -> None:
        self.api = api
        self.run_id = run_id

    def label(self, what: str) -> str:
        return f"{self.run_id} {what} {uuid.uuid4().hex[:8]}"

    def created(self, path: str, body: dict[str, Any], **kw: Any) -> dict[str, Any]:
        response = expect_status(self.api.post(path, body, **kw), 201)
        return dict(json_body(response))

    def person_body(self, **overrides: Any) -> dict[str, Any]:
        body = {
            "given_name": self.run_id,
            "family_name": f"Child-{uuid.uuid4().hex[:8]}",
            "date_of_birth": "2018-05-01",
            "sex": "1",
            "ethnicity": "WBRI",
        }
        return {**body, **overrides}

    def person(self, **overrides: Any) -> dict[str, Any]:
        return self.created("/v1/people", self.person_body(**overrides))

    def case_body(self, **overrides: Any) -> dict[str, Any]:
        return {"title": self.label("family"), "opened_on": "2025-01-14", **overrides}

    def case(self, **overrides: Any) -> dict[str, Any]:
        return self.created("/v1/cases", self.case_body(**overrides))

    def member(self, case_id: str, person_id: str, role: str = "CHILD", **extra: Any) -> dict[str, Any]:
        return self.created(
            f"/v1/cases/{case_id}/members",
            {"person_id": person_id, "role": role, "joined_on": "2025-01-14", **extra},
        )

    def case_with_child(self) -> tuple[dict[str, Any], dict[str, Any]]:
        the_case = self.case()
        child = self.person()
        self.member(the_case["id"], child["id"])
        return the_case, child

    def move_body(self, child_id: str, to_stage: str, on: str, **extra: Any) -> dict[str, Any]:
        return {
            "child_id": child_id,
            "to_stage": to_stage,
            "effective_date": on,
            "reason": f"{self.run_id} conformance move",
            "decided_by": "Conformance suite",
            **extra,
        }

    def move(self, case_id: str, child_id: str, to_stage: str, on: str, **extra: Any) -> Any:
        """A stage transition. A move that rests on a statutory event (into CIN from the front door or
        early help, CIN into CP, CP down to CIN, into and out of care; SOS-STAGE-005..010) gets that
        event recorded first, dated ``on``, unless ``grounds`` is given."""
        if "grounds" not in extra:
            grounds = self.grounds_for(case_id, child_id, to_stage, on, extra)
            if grounds is not None:
                extra["grounds"] = grounds
        return self.api.post(
            f"/v1/cases/{case_id}/transitions", self.move_body(child_id, to_stage, on, **extra)
        )

    # --- the statutory events a move rests on ---------------------------------------------------

    def _made(self, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        response = self.api.post(path, body)
        return dict(json_body(response)) if response.status_code == 201 else None

    def referral(self, case_id: str, child_id: str, on: str, **extra: Any) -> dict[str, Any] | None:
        body = {"child_id": child_id, "referral_date": on, "source": "6", "primary_need": "N1", **extra}
        return self._made(f"/v1/cases/{case_id}/referrals", body)

    def open_referral(self, case_id: str, child_id: str, on: str) -> dict[str, Any] | None:
        for item in all_items(self.api, f"/v1/cases/{case_id}/referrals", {"child_id": child_id}):
            if (
                item.get("status") == "active"
                and item["referral_date"] <= on
                and not item.get("closure_date")
            ):
                return item
        return self.referral(case_id, child_id, on)

    def enquiry(self, case_id: str, child_id: str, on: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(referral, section 47 enquiry) with its strategy discussion, all dated ``on``."""
        referral = self.open_referral(case_id, child_id, on)
        if referral is None:
            return None
        base = f"/v1/cases/{case_id}"
        discussion = self._made(
            f"{base}/strategy-discussions",
            {
                "child_id": child_id,
                "referral_id": referral["id"],
                "held_on": on,
                "agencies": ["Children's social care", "Police"],
                "decision": "SECTION_47",
            },
        )
        if discussion is None:
            return None
        s47 = self._made(
            f"{base}/section47-enquiries",
            {
                "child_id": child_id,
                "referral_id": referral["id"],
                "strategy_discussion_id": discussion["id"],
                "started_on": on,
            },
        )
        return None if s47 is None else (referral, s47)

    def conference_body(
        self, child_id: str, section47_id: str | None, on: str, **extra: Any
    ) -> dict[str, Any]:
        return {
            "child_id": child_id,
            "conference_type": "INITIAL",
            "section47_id": section47_id,
            "held_on": on,
            "chair": "Conformance chair",
            "attendees": [{"name": f"{self.run_id} parent", "role": "Parent"}],
            "outcome": "PLAN_STARTED",
            **extra,
        }

    def plan_started(
        self, case_id: str, child_id: str, on: str, override_reason: str | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """(initial conference, child protection plan) dated ``on``, or the Friday before when ``on`` is a
        Saturday or Sunday (an initial conference is held on a weekday, SOS-CIN-006): what a move into
        CP on ``on`` rests on."""
        day = datetime.strptime(on, "%Y-%m-%d").date()
        on = (day - timedelta(days=max(0, day.weekday() - 4))).isoformat()
        made = self.enquiry(case_id, child_id, on)
        if made is None:
            return None
        referral, s47 = made
        reason = override_reason or CP_OVERRIDE["override_reason"]
        conference = self._made(
            f"/v1/cases/{case_id}/cp-conferences",
            self.conference_body(child_id, s47["id"], on, override_reason=reason),
        )
        if conference is None:
            return None
        plan = self._made(
            f"/v1/cases/{case_id}/cp-plans",
            {
                "child_id": child_id,
                "referral_id": referral["id"],
                "conference_id": conference["id"],
                "start_date": on,
                "initial_category": "EMO",
                "latest_category": "EMO",
            },
        )
        return None if plan is None else (conference, plan)

    def amend_open(
        self, case_id: str, child_id: str, plural: str, open_field: str, change: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The child's active record of ``plural`` in the case whose ``open_field`` is empty (a plan
        not ended, a referral not closed), amended with ``change``; None if none, or refused."""
        for item in all_items(self.api, f"/v1/cases/{case_id}/{plural}", {"child_id": child_id}):
            if item.get("status") == "active" and not item.get(open_field):
                path = f"/v1/{plural}/{item['id']}"
                etag = etag_of(expect_status(self.api.get(path), 200))
                response = self.api.patch(path, change, headers={"If-Match": etag})
                return dict(json_body(response)) if response.status_code == 200 else None
        return None

    def end_plan(self, case_id: str, child_id: str, on: str) -> dict[str, Any] | None:
        return self.amend_open(case_id, child_id, "cp-plans", "end_date", {"end_date": on})

    def close_referral(self, case_id: str, child_id: str, on: str) -> dict[str, Any] | None:
        """The child's open referral closed on ``on``, services ceased (RC7): what a step down to early
        help rests on (SOS-STAGE-011)."""
        change = {"closure_date": on, "closure_reason": "RC7"}
        return self.amend_open(case_id, child_id, "referrals", "closure_date", change)

    def episode_body(self, child_id: str, on: str, **extra: Any) -> dict[str, Any]:
        """A looked-after episode starting a period of care (S, section 20, foster care) on ``on``."""
        return {
            "child_id": child_id,
            "start_date": on,
            "reason_new_episode": "S",
            "legal_status": "V2",
            "category_of_need": "N1",
            "placement_type": "U6",
            **extra,
        }

    def end_care(self, case_id: str, child_id: str, on: str, reason: str = "E4A") -> dict[str, Any] | None:
        """The child's open looked-after episode, ended on ``on`` with ``reason``."""
        change = {"end_date": on, "reason_ceased": reason}
        return self.amend_open(case_id, child_id, "lac-episodes", "end_date", change)

    def care_grounds(
        self, case_id: str, child_id: str, to_stage: str, on: str, stages: set[str], from_stage: Any
    ) -> dict[str, str] | None:
        """The episode a move into or out of care rests on (SOS-STAGE-008..010), recorded first."""
        if to_stage == "LAC" and "LAC" not in stages and stages & {"CIN", "CP"}:
            made = self._made(f"/v1/cases/{case_id}/lac-episodes", self.episode_body(child_id, on))
        elif "LAC" in stages and to_stage == "CARE_LEAVER":
            made = self.end_care(case_id, child_id, on, "E8")
        elif (stages == {"LAC"} or from_stage == "LAC") and to_stage in ("CIN", "CP"):
            made = self.end_care(case_id, child_id, on)
        else:
            return None
        return None if made is None else {"lac_episode_id": made["id"]}

    def grounds_for(
        self, case_id: str, child_id: str, to_stage: str, on: str, extra: dict[str, Any]
    ) -> dict[str, str] | None:
        if to_stage not in ("CIN", "CP", "LAC", "CARE_LEAVER", "EARLY_HELP"):
            return None
        response = self.api.get(f"/v1/children/{child_id}/stages")
        if response.status_code != 200:
            return None
        stages = set(json_body(response).get("stages", []))
        from_stage = extra.get("from_stage")
        care = self.care_grounds(case_id, child_id, to_stage, on, stages, from_stage)
        if (
            care is not None
            or to_stage in ("LAC", "CARE_LEAVER")
            or "LAC" in (stages if from_stage is None else {from_stage})
        ):
            return care
        if to_stage == "CIN" and stages <= {"EARLY_HELP", "CLOSED"}:
            referral = self.open_referral(case_id, child_id, on)
            return None if referral is None else {"referral_id": referral["id"]}
        if to_stage == "EARLY_HELP" and stages == {"CIN"}:
            closed = self.close_referral(case_id, child_id, on)
            return None if closed is None else {"referral_id": closed["id"]}
        if to_stage == "CP" and stages == {"CIN"}:
            made = self.plan_started(case_id, child_id, on, extra.pop("override_reason", None))
            return None if made is None else {"conference_id": made[0]["id"]}
        if to_stage == "CIN" and (stages == {"CP"} or extra.get("from_stage") == "CP"):
            plan = self.end_plan(case_id, child_id, on)
            return None if plan is None else {"cp_plan_id": plan["id"]}
        return None


def pages(
    api: Api, path: str, params: dict[str, Any] | None = None
) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """Walk every page of a list (following next_cursor), yielding (response, items). A page that
    brings only versions already listed means the cursor goes round in circles (a record another
    writer changes during the walk rightly comes back at its new updated_at)."""
    query = dict(params or {})
    seen: set[Any] = set()
    for _ in range(MAX_PAGES):
        response = expect_status(api.get(path, params=query), 200)
        body = json_body(response)
        items = body.get("items")
        check(isinstance(items, list), "a page with an items list", f"{type(items).__name__}", response)
        ids = [(item.get("id"), item.get("updated_at")) for item in items if isinstance(item, dict)]
        check(
            not ids or not set(ids) <= seen,
            "each page after the first to bring records not seen on an earlier page",
            f"a page of records already listed ({len(ids)}): the cursor goes round in circles",
            response,
        )
        seen.update(ids)
        yield response, list(items)
        cursor = body.get("next_cursor")
        if not cursor:
            return
        query = {**query, "cursor": cursor}
    raise AssertionError(f"more than {MAX_PAGES} pages at {path}: the walk stopped")


def all_items(api: Api, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [item for _, items in pages(api, path, params) for item in items]


def moment(text: str) -> datetime:
    """A date-time the system sent, read as a point in time. Compare these, never the strings: RFC 3339
    lets a system leave out a zero fraction of a second (``...:24Z`` is before ``...:24.03Z``, though
    the string sorts after it) or give any offset."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def since(record: dict[str, Any], seconds: int = 5) -> str:
    """A moment a little before a record was made, to keep list walks short on a busy system
    (a system that ignores updated_since just returns more pages)."""
    return (moment(record["created_at"]) - timedelta(seconds=seconds)).isoformat()


def unsaved(api: Api, path: str, count: int, what: str) -> None:
    """``path`` lists exactly ``count`` records: the refused ones were not saved."""
    found = len(all_items(api, path))
    check(found == count, f"{count} {what} (the refused ones unsaved)", str(found))


def amended(api: Api, path: str, change: dict[str, Any]) -> dict[str, Any]:
    """The record at ``path`` amended with ``change``, sent with its current ETag (HTTP 200 expected)."""
    etag = etag_of(expect_status(api.get(path), 200))
    return dict(json_body(expect_status(api.patch(path, change, headers={"If-Match": etag}), 200)))


def refused_amendment(api: Api, path: str, change: dict[str, Any], requirement_id: str, pointer: str) -> None:
    """An amendment sent with the record's current ETag is refused (422 naming the requirement and the
    field), and leaves the record as it was: the same version and the same values of what it changed."""
    before = expect_status(api.get(path), 200)
    sent = api.patch(path, change, headers={"If-Match": etag_of(before)})
    refused(sent, requirement_id, pointer)
    was, now = json_body(before), json_body(expect_status(api.get(path), 200))
    fields = ["version", *(name for name in change if name in was)]
    check(
        all(now.get(name) == was.get(name) for name in fields),
        f"the record as it was ({', '.join(f'{n} {was.get(n)!r}' for n in fields)})",
        ", ".join(f"{n} {now.get(n)!r}" for n in fields),
    )
