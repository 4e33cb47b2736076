"""The suite fails, on the expected requirements, against deliberately broken variants of the
reference service. Each variant monkeypatches one piece of the real service in this process
before the server starts, and the suite runs only the relevant area(s)."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.conftest import run_checks, serve

Patch = Callable[[pytest.MonkeyPatch], Callable[[], None] | None]


@dataclass(frozen=True)
class Variant:
    name: str
    areas: tuple[str, ...]
    expect: frozenset[str]
    apply: Patch


VARIANTS: list[Variant] = []


def variant(name: str, areas: str, *expect: str) -> Callable[[Patch], Patch]:
    def register(apply: Patch) -> Patch:
        VARIANTS.append(Variant(name, tuple(areas.split()), frozenset(expect), apply))
        return apply

    return register


def _around(mp: pytest.MonkeyPatch, module: Any, name: str, wrap: Callable[[Any], Any]) -> None:
    """Replace ``module.name`` with ``wrap`` of it (the original, changed on its way in or out)."""
    mp.setattr(module, name, wrap(getattr(module, name)))


def _without_allow(response: Any) -> Any:
    del response.headers["allow"]
    return response


@variant("405-without-allow", "http", "SOS-HTTP-012")
def _405_without_allow(mp: pytest.MonkeyPatch) -> None:
    """A method a path does not take is still 405 problem+json, but says nothing of what it takes."""
    import service.kit.errors as errors

    _around(mp, errors, "_method_not_allowed", lambda wrapped: lambda r: _without_allow(wrapped(r)))


@variant("powered-by-banner", "http", "SOS-HTTP-013")
def _powered_by_banner(mp: pytest.MonkeyPatch) -> None:
    """Every problem names the framework and its version in X-Powered-By."""
    import service.kit.errors as errors

    banner = {"X-Powered-By": "FastAPI/0.115"}
    _around(mp, errors, "problem_response", lambda wrapped: lambda p, h=None: wrapped(p, (h or {}) | banner))


@variant("if-match-ignored", "http", "SOS-HTTP-003")
def _if_match_ignored(mp: pytest.MonkeyPatch) -> None:
    import service.kit.records as records

    mp.setattr(records, "check_if_match", lambda record, if_match: None)


@variant("tenancy-not-filtered", "security", "SOS-TEN-001")
def _tenancy(mp: pytest.MonkeyPatch) -> None:
    """A record is read, amended and marked by id whatever its authority."""
    from sqlalchemy import select

    from service.kit.errors import NotFound
    from service.kit.records import RecordType

    def get(self: Any, session: Any, caller: Any, record_id: uuid.UUID, *, lock: bool = False) -> Any:
        record = session.get(self.model, record_id, with_for_update=lock or None)
        if record is None:
            raise NotFound(f"There is no {self.label} with id {record_id}.")
        return record

    def fetch(self: Any, session: Any, caller: Any, record_id: uuid.UUID) -> Any:
        table = self.model.__table__
        row = session.connection().execute(select(table).where(table.c.id == record_id)).first()
        if row is None:
            raise NotFound(f"There is no {self.label} with id {record_id}.")
        return row

    mp.setattr(RecordType, "get", get)
    mp.setattr(RecordType, "fetch", fetch)


@variant("audit-not-written", "audit", "SOS-AUDIT-001")
def _no_audit(mp: pytest.MonkeyPatch) -> None:
    import service.kit.records as records

    mp.setattr(records, "audit", lambda *args, **kwargs: None)


@variant("stage-moves-unchecked", "stages", "SOS-STAGE-001")
def _permissive_moves(mp: pytest.MonkeyPatch) -> None:
    import service.stages.rules as rules
    from service.stages.moves import Move

    def plan_move(
        open_stages: frozenset[str], to_stage: str, from_stage: str | None, _continues: bool
    ) -> Move:
        return Move(from_stage, to_stage, "STEP_UP", frozenset({to_stage}))

    mp.setattr(rules, "plan_move", plan_move)


@variant("idempotency-key-ignored", "http", "SOS-HTTP-010")
def _idempotency_ignored(mp: pytest.MonkeyPatch) -> None:
    from service.kit.idempotency import IdempotencyGuard

    mp.setattr(IdempotencyGuard, "remember", lambda self, *args, **kwargs: None)


def _refusal_without(status: int) -> Callable[[pytest.MonkeyPatch], None]:
    def apply(mp: pytest.MonkeyPatch) -> None:
        from service.kit.middleware import HttpHygieneMiddleware

        original = HttpHygieneMiddleware._refusal

        def refusal(self: Any, scope: Any) -> Any:
            found = original(self, scope)
            return None if found is not None and found[0] == status else found

        mp.setattr(HttpHygieneMiddleware, "_refusal", refusal)
        if status == 413:
            original_init = HttpHygieneMiddleware.__init__

            def no_body_limit(self: Any, app: Any, **options: Any) -> None:
                original_init(self, app, **{**options, "max_body_bytes": 10**9})

            mp.setattr(HttpHygieneMiddleware, "__init__", no_body_limit)

    return apply


variant("no-415", "http", "SOS-HTTP-004")(_refusal_without(415))
variant("no-413", "http", "SOS-HTTP-004")(_refusal_without(413))
variant("no-406", "http", "SOS-HTTP-004")(_refusal_without(406))


@variant("date-times-without-offset", "records", "SOS-REC-001")
def _date_times_without_offset(mp: pytest.MonkeyPatch) -> None:
    """Every date-time goes out without its offset (``2026-12-01T11:08:24.031648``), which RFC 3339
    and so the contract's ``format: date-time`` refuse: the suite's schema check must catch it."""
    import re

    from starlette.responses import Response

    render = Response.render
    without_offset = re.compile(rb'(T\d\d:\d\d:\d\d(?:\.\d+)?)Z"')

    def rendered(self: Response, content: Any) -> bytes:
        return without_offset.sub(rb'\1"', render(self, content))

    mp.setattr(Response, "render", rendered)


@variant("problem-as-plain-json", "http", "SOS-HTTP-001")
def _problem_content_type(mp: pytest.MonkeyPatch) -> None:
    from fastapi.responses import JSONResponse

    import service.kit.errors as errors

    def problem_response(problem: Any, headers: dict[str, str] | None = None) -> JSONResponse:
        return JSONResponse(
            problem.model_dump(mode="json", exclude_none=True), status_code=problem.status, headers=headers
        )

    mp.setattr(errors, "problem_response", problem_response)


@variant("problem-without-instance", "http", "SOS-HTTP-001")
def _problem_without_instance(mp: pytest.MonkeyPatch) -> None:
    """Problems as before, but without ``instance`` (RFC 9457 makes it optional; the conventions do not)."""
    from fastapi.responses import JSONResponse

    import service.kit.errors as errors

    def problem_response(problem: Any, headers: dict[str, str] | None = None) -> JSONResponse:
        body = problem.model_dump(mode="json", exclude_none=True, exclude={"instance"})
        media = errors.PROBLEM_MEDIA_TYPE
        return JSONResponse(body, status_code=problem.status, headers=headers, media_type=media)

    mp.setattr(errors, "problem_response", problem_response)


@variant("etag-missing-on-read", "http", "SOS-HTTP-002")
def _no_etag(mp: pytest.MonkeyPatch) -> None:
    import service.kit.operations as operations
    from service.kit.responses import json_response

    mp.setattr(operations, "record_response", lambda shown, version, status=200: json_response(shown, status))


@variant("limit-not-capped", "lists", "SOS-LIST-001")
def _limit_not_capped(mp: pytest.MonkeyPatch) -> None:
    from service.kit.middleware import HttpHygieneMiddleware

    original = HttpHygieneMiddleware.__call__

    async def call(self: Any, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and b"limit=101" in scope.get("query_string", b""):
            scope = {**scope, "query_string": scope["query_string"].replace(b"limit=101", b"limit=100")}
        await original(self, scope, receive, send)

    mp.setattr(HttpHygieneMiddleware, "__call__", call)


@variant("cursor-repeats-a-record", "lists", "SOS-LIST-001")
def _cursor_repeats(mp: pytest.MonkeyPatch) -> None:
    import service.kit.pagination as pagination

    original = pagination._decode
    mp.setattr(pagination, "_decode", lambda cursor: (original(cursor)[0], uuid.UUID(int=0)))


@variant("unknown-fields-ignored", "records", "SOS-REC-002")
def _unknown_fields_ignored(mp: pytest.MonkeyPatch) -> None:
    """A body with fields the service does not know is taken without them: when the only thing wrong
    with a request is unknown top-level fields, they are dropped and the request is sent again.

    At the HTTP layer, not by loosening the input models: FastAPI builds a route's body validator
    when the route is declared, so a model changed after the service's modules were imported (by an
    earlier test in the same worker) would change nothing."""
    import json

    async def wrap(scope: Any, receive: Any, send: Any, call_on: Any) -> None:
        if scope["method"] not in ("POST", "PATCH"):
            await call_on(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            body, more = body + message.get("body", b""), message.get("more_body", False)
        answered: list[Any] = []

        async def keep(message: Any) -> None:
            answered.append(message)

        await call_on(scope, _once(body), keep)
        unknown = _only_unknown_fields(answered)
        if unknown:
            sent = json.loads(body)
            body = json.dumps({k: v for k, v in sent.items() if f"/{k}" not in unknown}).encode()
            headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
            scope = {**scope, "headers": [*headers, (b"content-length", str(len(body)).encode())]}
            await call_on(scope, _once(body), send)
            return
        for message in answered:
            await send(message)

    _around_requests(mp, wrap)


def _once(body: bytes) -> Callable[[], Any]:
    async def receive() -> Any:
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _only_unknown_fields(answered: list[Any]) -> set[str]:
    """The pointers of a 422 whose every error is an unknown top-level field (else empty)."""
    import json

    start = next((m for m in answered if m["type"] == "http.response.start"), None)
    if start is None or start["status"] != 422:
        return set()
    text = b"".join(m.get("body", b"") for m in answered if m["type"] == "http.response.body")
    errors = json.loads(text or b"{}").get("errors") or []
    pointers = {e.get("pointer", "") for e in errors if e.get("code") == "unknown_field"}
    flat = all(p.count("/") == 1 for p in pointers)
    return pointers if errors and len(pointers) == len(errors) and flat else set()


def _retire_an_ethnicity_code(mp: pytest.MonkeyPatch) -> None:
    from service.reference_data.registry import code_lists

    codes = code_lists()["ethnicity"].codes
    code = next(c for c in reversed(codes) if c != "WBRI")
    mp.setitem(codes, code, dataclasses.replace(codes[code], valid_to="2019-20"))


@variant("retired-code-accepted", "reference-data", "SOS-REF-002", "SOS-REC-003")
def _retired_accepted(mp: pytest.MonkeyPatch) -> None:
    from pydantic_core import PydanticCustomError

    import service.reference_data.registry as registry

    _retire_an_ethnicity_code(mp)

    def check_code(list_id: str, value: str) -> str:
        if value not in registry.code_lists()[list_id].codes:
            raise PydanticCustomError("code_unknown", "unknown code", {"code_list": list_id})
        return value

    mp.setattr(registry, "check_code", check_code)


@variant("unknown-code-accepted", "records", "SOS-REC-003")
def _unknown_code_accepted(mp: pytest.MonkeyPatch) -> None:
    import service.reference_data.registry as registry

    mp.setattr(registry, "check_code", lambda list_id, value: value)


@variant("history-loses-versions", "records", "SOS-REC-005")
def _history_loses_versions(mp: pytest.MonkeyPatch) -> None:
    import service.kit.records as records

    original = records.history
    mp.setattr(
        records,
        "history",
        lambda session, caller, rtype, record: original(session, caller, rtype, record)[-1:],
    )


@variant("entered-in-error-hidden", "records", "SOS-REC-004")
def _entered_in_error_hidden(mp: pytest.MonkeyPatch) -> None:
    """A record marked entered in error is answered 404, to read and to change."""
    from service.kit.errors import NotFound
    from service.kit.records import RecordType

    def hiding(found: Any) -> Any:
        if found.status == "entered_in_error":
            raise NotFound("gone")
        return found

    for name in ("get", "fetch"):  # to change and to read
        original = getattr(RecordType, name)
        mp.setattr(RecordType, name, lambda self, *a, _read=original, **kw: hiding(_read(self, *a, **kw)))


@variant("creates-under-entered-in-error", "records", "SOS-REC-008")
def _creates_under_entered_in_error(mp: pytest.MonkeyPatch) -> None:
    """The service as it was before SOS-REC-008: a create under a record entered in error, and a person
    entered in error named as a new member, both taken."""
    import service.cases.rules as cases
    import service.kit.operations as operations
    from service.people.kinds import PERSON

    def load_parent(session: Any, caller: Any, rtype: Any, parent_id: Any, *, writing: bool) -> Any:
        if rtype.parent is None or parent_id is None:
            return None
        owner = rtype.parent.type
        if writing:
            return owner.get(session, caller, parent_id, lock=True)
        return owner.fetch(session, caller, parent_id)

    def any_person(session: Any, caller: Any, person_id: Any, *_args: Any, **_kw: Any) -> Any:
        return PERSON.get(session, caller, person_id)

    mp.setattr(operations, "_load_parent", load_parent)
    mp.setattr(cases, "require_person", any_person)


@variant("401-without-challenge", "security", "SOS-AUTH-001")
def _no_challenge(mp: pytest.MonkeyPatch) -> None:
    from service.kit.errors import ProblemError, Unauthenticated

    def init(self: Any, detail: str, **kwargs: Any) -> None:
        kwargs.pop("headers", None)
        ProblemError.__init__(self, detail, **kwargs)

    mp.setattr(Unauthenticated, "__init__", init)


@variant("read-only-token-writes", "security audit", "SOS-AUTH-002", "SOS-AUDIT-002")
def _scopes_ignored(mp: pytest.MonkeyPatch) -> None:
    import service.kit.auth as auth

    # Patch the innermost function authenticate calls for claims (verified tokens may be cached).
    target = "_verified_claims" if hasattr(auth, "_verified_claims") else "verify_token"
    original = getattr(auth, target)

    def claims(token: str) -> dict[str, Any]:
        return {**original(token), "scope": "read write audit"}

    mp.setattr(auth, target, claims)


@variant("request-id-not-echoed", "http", "SOS-HTTP-005")
def _request_id_not_echoed(mp: pytest.MonkeyPatch) -> None:
    import service.kit.middleware as middleware

    mp.setattr(middleware, "_SAFE_REQUEST_ID", middleware.re.compile(r"^$"))


@variant("duplicate-members-allowed", "cases", "SOS-CASE-001")
def _duplicate_members(mp: pytest.MonkeyPatch) -> None:
    import service.cases.rules as cases

    original = cases.members_of
    mp.setattr(
        cases,
        "members_of",
        lambda session, case_id, role=None: original(session, case_id, role) if role == "CHILD" else [],
    )


def _claim_practice(mp: pytest.MonkeyPatch) -> None:
    import service.discovery.endpoints as discovery

    mp.setitem(discovery.MODULES, "assessment", "Assessment practice records.")
    mp.setitem(discovery.MODULES, "planning", "Planning practice records.")


def _practice_rule_skipped(module: str, function: str) -> Patch:
    """A practice rule (``module.function``) that checks nothing, the practice modules claimed."""

    def apply(mp: pytest.MonkeyPatch) -> None:
        _claim_practice(mp)
        _no_op(module, function)(mp)

    return apply


@variant("goal-met-too-early", "assessment", "SOS-GOAL-002")
def _goal_met_early(mp: pytest.MonkeyPatch) -> None:
    import service.assessment.rules as assessment

    _claim_practice(mp)
    mp.setattr(assessment, "goal_due", lambda sustain_from, sustain_duration: sustain_from)


@variant("cp-without-a-map", "assessment", "SOS-MAP-003")
def _cp_without_a_map(mp: pytest.MonkeyPatch) -> None:
    import service.statutory.rules as statutory

    _claim_practice(mp)
    mp.setattr(statutory, "cp_map_missing", lambda session, case_id: [])


@variant("informed-never-resets", "planning", "SOS-NET-003")
def _informed_never_resets(mp: pytest.MonkeyPatch) -> None:
    import service.planning.rules as planning

    _claim_practice(mp)
    original = planning.informed_of

    def informed_of(member: Any, statements: Any) -> Any:
        statuses, _ = original(member, statements)
        statuses = [
            s.model_copy(update={"informed_of_current": s.last_informed_version is not None})
            for s in statuses
        ]
        return statuses, all(s.informed_of_current for s in statuses)

    mp.setattr(planning, "informed_of", informed_of)


variant("plan-rules-unchecked", "planning", "SOS-PLAN-002", "SOS-PLAN-003")(
    _practice_rule_skipped("service.planning.rules", "check_plan")
)


@variant("allocation-current-by-creation", "qa", "SOS-QA-001")
def _allocation_current_by_creation(mp: pytest.MonkeyPatch) -> None:
    from sqlalchemy import select

    import service.qa.rules as rules
    from service.models.qa import Allocation

    def current_allocations(session: Any, case_ids: Any) -> dict[uuid.UUID, Any]:
        found: dict[uuid.UUID, Any] = {}
        for allocation in session.scalars(
            select(Allocation)
            .where(
                Allocation.case_id.in_(set(case_ids)),
                Allocation.status == "active",
                Allocation.ended_on.is_(None),
            )
            .order_by(Allocation.created_at.desc(), Allocation.id.desc())
        ):
            found.setdefault(allocation.case_id, allocation)
        return found

    mp.setattr(rules, "current_allocations", current_allocations)


@variant("audit-items-unchecked", "qa", "SOS-QA-002")
def _audit_items_unchecked(mp: pytest.MonkeyPatch) -> None:
    import service.qa.rules as rules

    def check_audit_items(items: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
        answers = [
            {"item_code": i["item_code"], "rating": i["rating"], "comment": i.get("comment")} for i in items
        ]
        return rules.template()[1], answers

    mp.setattr(rules, "check_audit_items", check_audit_items)


@variant("audit-evidence-not-kept", "qa", "SOS-QA-004")
def _audit_evidence_not_kept(mp: pytest.MonkeyPatch) -> None:
    import service.kit.records as records
    from service.models.qa import CaseAudit

    original = records.create

    def create(session: Any, caller: Any, rtype: Any, record: Any) -> Any:
        if isinstance(record, CaseAudit):
            record.evidence = {}
        return original(session, caller, rtype, record)

    mp.setattr(records, "create", create)


@variant("anonymous-feedback-names-its-author", "qa", "SOS-QA-006")
def _anonymous_feedback_named(mp: pytest.MonkeyPatch) -> None:
    import service.kit.records as records
    from service.qa.kinds import STAFF_FEEDBACK

    original = records.create

    def create(session: Any, caller: Any, rtype: Any, record: Any) -> Any:
        if rtype is STAFF_FEEDBACK:
            rtype = dataclasses.replace(rtype, author=None)
        return original(session, caller, rtype, record)

    mp.setattr(records, "create", create)


@variant("measures-csv-drops-a-measure-and-period-unchecked", "qa", "SOS-QA-101", "SOS-QA-103")
def _measures_checks_off(mp: pytest.MonkeyPatch) -> None:
    from datetime import date

    import service.qa.measures_endpoints as endpoints
    from service.kit.errors import ValidationFailed
    from service.qa.measures import Period

    csv_of = endpoints.measures_csv
    mp.setattr(endpoints, "measures_csv", lambda r: "".join(csv_of(r).splitlines(keepends=True)[:-1]))
    period_of = endpoints.measures_period

    def period(text: str | None, start: date | None, end: date | None) -> Any:
        try:
            return period_of(text, start, end)
        except ValidationFailed:
            return Period.month("2025-06")

    mp.setattr(endpoints, "measures_period", period)


@variant("measures-count-test-data", "qa", "SOS-REC-007")
def _measures_count_test_data(mp: pytest.MonkeyPatch) -> None:
    """The measures read every record of the authority, test data too."""
    from service.qa.measures import MeasureContext

    mp.setattr(MeasureContext, "ours", lambda self, model: model.la_code == self.la_code)


@variant("test-data-not-marked", "records", "SOS-REC-007")
def _test_data_not_marked(mp: pytest.MonkeyPatch) -> None:
    """X-Test-Data is ignored: every record is made as real data."""
    import service.kit.records as records

    original = records.create

    def create(session: Any, caller: Any, rtype: Any, record: Any) -> Any:
        record.test_data = False
        return original(session, caller, rtype, record)

    mp.setattr(records, "create", create)


@variant("test-data-cleared-by-amendment", "records", "SOS-REC-007")
def _test_data_cleared(mp: pytest.MonkeyPatch) -> None:
    """An amendment takes the mark from its own request, which marks nothing: it clears the mark."""
    import service.kit.records as records

    original = records.change

    def change(session: Any, caller: Any, rtype: Any, record: Any, changes: Any, **kw: Any) -> Any:
        return original(session, caller, rtype, record, {**changes, "test_data": False}, **kw)

    mp.setattr(records, "change", change)


@variant("amendment-reason-code-not-kept", "records", "SOS-REC-010")
def _amendment_reason_code_not_kept(mp: pytest.MonkeyPatch) -> None:
    """The kind of amendment is accepted and validated but not kept in the history."""
    import service.kit.records as records

    original = records.change

    def change(*args: Any, **kw: Any) -> Any:
        return original(*args, **{**kw, "reason_code": None})

    mp.setattr(records, "change", change)


# --- statutory: each new MUST fails on a service that breaks its rule --------------------------


def _statutory(name: str, *expect: str) -> Callable[[Patch], Patch]:
    return variant(name, "statutory", *expect)


def _no_op(module: str, function: str, returns: Any = None) -> Patch:
    def apply(mp: pytest.MonkeyPatch) -> None:
        import importlib

        mp.setattr(importlib.import_module(module), function, lambda *args, **kwargs: returns)

    return apply


_statutory("early-help-unchecked", "SOS-EH-001", "SOS-EH-002")(
    _no_op("service.statutory.rules", "check_early_help")
)
_statutory("upn-unchecked", "SOS-CIN-010")(_no_op("service.people.rules", "upn_problem"))
_statutory("referral-closure-unchecked", "SOS-CIN-001")(_no_op("service.statutory.rules", "check_referral"))
_statutory("amended-enquiry-leaves-its-conference", "SOS-CIN-006")(
    _no_op("service.statutory.rules", "check_still_followed")
)
_statutory("move-after-death-taken", "SOS-STAGE-013")(
    _no_op("service.people.death", "check_move_not_after_death")
)
_statutory("grounds-of-a-move-not-kept", "SOS-STAGE-012")(
    _no_op("service.statutory.rules", "moves_still_grounded")
)
variant("person-entered-in-error-while-named", "records", "SOS-REC-009")(
    _no_op("service.people.named", "named_by", returns={})
)

variant("case-member-entered-in-error-while-named", "cases", "SOS-CASE-003")(
    _no_op("service.cases.named", "named_in_case", returns={})
)
variant("network-member-entered-in-error-while-named", "planning", "SOS-NET-008")(
    _no_op("service.planning.rules", "records_naming", returns=[])
)


@_statutory("overlapping-periods-taken", "SOS-CIN-012")
def _overlapping_periods_taken(mp: pytest.MonkeyPatch) -> None:
    """A child's periods are taken overlapping: the child is locked and nothing else is checked."""
    import service.statutory.rules as statutory

    mp.setattr(
        statutory,
        "check_no_overlap",
        lambda session, model, v: statutory.locked_child(session, v["child_id"]),
    )


_statutory("activity-on-no-further-action-taken", "SOS-CIN-013")(
    _no_op("service.statutory.rules", "check_further_action")
)
_statutory("referral-with-activity-marked-no-further-action", "SOS-CIN-013")(
    _no_op("service.statutory.rules", "check_no_activity")
)
_statutory("open-assessments-taken", "SOS-CIN-014")(
    _no_op("service.statutory.rules", "check_one_open_assessment")
)


_statutory("referral-before-pregnancy-taken", "SOS-CIN-015")(
    _no_op("service.statutory.rules", "check_referral_near_birth")
)


_statutory("beyond-assessment-taken", "SOS-CIN-016")(
    _no_op("service.statutory.rules", "check_closed_after_assessment")
)
_statutory("closed-after-assessment-over-a-plan", "SOS-CIN-016")(
    _no_op("service.statutory.rules", "check_nothing_beyond_assessment")
)


_statutory("closed-over-an-unfinished-enquiry", "SOS-CIN-011")(
    _no_op("service.statutory.rules", "check_enquiries_finished")
)


_statutory("enquiries-overlapping", "SOS-CIN-017")(_no_op("service.statutory.rules", "enquiry_overlap"))


@_statutory("closed-referral-unchecked", "SOS-CIN-011")
def _closed_referral_unchecked(mp: pytest.MonkeyPatch) -> None:
    """Records dated after their referral closed, unauthorised assessments on it, and a closure before
    its records are all taken."""
    _no_op("service.statutory.rules", "check_by_closure")(mp)
    _no_op("service.statutory.rules", "check_records_by_closure")(mp)


_statutory("factors-unchecked", "SOS-CIN-003")(_no_op("service.statutory.rules", "check_single_assessment"))
_statutory("cin-plan-dates-unchecked", "SOS-CIN-002", "SOS-CIN-004")(
    _no_op("service.statutory.rules", "check_cin_plan")
)
_statutory("conference-unchecked", "SOS-CIN-006")(_no_op("service.statutory.rules", "check_conference"))
_statutory("cp-plan-unchecked", "SOS-CIN-007")(_no_op("service.statutory.rules", "check_cp_plan"))


@_statutory("cin-plans-beside-cp-plans", "SOS-CIN-012")
def _cin_plans_beside_cp_plans(mp: pytest.MonkeyPatch) -> None:
    """Each kind of period is kept apart from its own kind only: a CIN plan may run while a child
    protection plan does (CIN census rules 4016, 4017 and 4001 broken)."""
    import service.statutory.rules as statutory

    mp.setattr(statutory, "KEPT_APART", {kind: pairs[:1] for kind, pairs in statutory.KEPT_APART.items()})


@_statutory("periods-closed-at-their-end", "SOS-CIN-012")
def _periods_closed_at_their_end(mp: pytest.MonkeyPatch) -> None:
    """A period holds its end day too, so the next may not start on it: the step down to a CIN plan
    at the review that ends a plan, and the step up at an initial conference, are refused."""
    from datetime import timedelta

    import service.statutory.rules as statutory

    real = statutory._until
    mp.setattr(
        statutory,
        "_until",
        lambda start, end, holds_no_days=False: real(
            start, end + timedelta(days=1) if end else None, holds_no_days
        ),
    )


_statutory("plan-review-unchecked", "SOS-CIN-008")(_no_op("service.statutory.rules", "check_plan_review"))
_statutory("relationship-unchecked", "SOS-REL-001")(_no_op("service.statutory.rules", "check_relationship"))
_statutory("relationship-filters-ignored", "SOS-REL-002")(
    _no_op("service.statutory.rules", "relationship_filters", [])
)


@_statutory("any-referral-will-do", "SOS-CIN-002")
def _any_referral(mp: pytest.MonkeyPatch) -> None:
    import service.statutory.rules as rules
    from service.models.statutory import Referral

    mp.setattr(
        rules,
        "referral_of",
        lambda session, caller, case_id, child_id, referral_id: session.get(Referral, referral_id),
    )


@_statutory("icpc-target-in-calendar-days", "SOS-CIN-005")
def _calendar_days(mp: pytest.MonkeyPatch) -> None:
    from datetime import date, timedelta

    import service.statutory.rules as rules

    mp.setattr(rules, "add_working_days", lambda day, count: day + timedelta(days=count))
    assert rules.add_working_days(date(2025, 3, 3), 15) == date(2025, 3, 18)


@_statutory("moves-not-grounded", "SOS-STAGE-005", "SOS-STAGE-006", "SOS-STAGE-007")
def _moves_not_grounded(mp: pytest.MonkeyPatch) -> None:
    import service.stages.rules as stages
    import service.statutory.rules  # noqa: F401  (registers its check first, or it would register it again)

    mp.setattr(stages, "MOVE_CHECKS", [])


@_statutory("step-down-to-early-help-takes-no-grounds", "SOS-STAGE-011")
def _step_down_ungrounded(mp: pytest.MonkeyPatch) -> None:
    """The service as it was before SOS-STAGE-011: a child steps down from CIN to early help with the
    referral still open (and grounds sent with the move are refused as not expected)."""
    import service.statutory.rules as rules

    needed = rules.grounds_needed
    mp.setattr(rules, "grounds_needed", lambda move: None if move.to_stage == "EARLY_HELP" else needed(move))


@_statutory("rating-occasion-unchecked", "SOS-SCALE-005")
def _occasion_unchecked(mp: pytest.MonkeyPatch) -> None:
    import service.assessment.rules as assessment

    _claim_practice(mp)
    mp.setattr(assessment, "check_occasion", lambda *args, **kwargs: None)


@_statutory("retired-factor-accepted", "SOS-REF-002")
def _retired_factor_accepted(mp: pytest.MonkeyPatch) -> None:
    import service.reference_data.registry as registry

    original = registry.check_code
    mp.setattr(
        registry,
        "check_code",
        lambda list_id, value: value if list_id == "cin_assessment_factor" else original(list_id, value),
    )


# ids as a function: variants appended below this test (at the end of the file) are named too.
@pytest.mark.parametrize("broken", VARIANTS, ids=lambda v: str(getattr(v, "name", v)))
def test_suite_fails_a_broken_variant(
    broken: Variant,
    reference_app: Any,
    tokens: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cleanup = broken.apply(monkeypatch)
    try:
        with serve(reference_app()) as base_url:
            # Only the checks of the expected requirements run: a variant's run stays short.
            run = run_checks(
                base_url, tokens, tmp_path, "--only", *broken.areas, "--requirement", *broken.expect
            )
    finally:
        monkeypatch.undo()
        if cleanup is not None:
            cleanup()
    # A failed MUST fails the run (exit 1); a variant breaking only a SHOULD is reported, exit 0.
    levels = {r["id"]: r["level"] for r in run.report.get("requirements", [])}
    assert run.exit_code == (1 if "MUST" in {levels.get(i) for i in broken.expect} else 0), run.explain()
    assert broken.expect <= run.failed, f"expected {sorted(broken.expect)} among {sorted(run.failed)}"
    print(f"{broken.name}: fails {', '.join(sorted(run.failed))}")


def test_retired_code_check_runs_when_a_core_list_has_one(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a retired code in a list a core field uses, the check runs (and the service passes it)."""
    _retire_an_ethnicity_code(monkeypatch)
    with serve(reference_app()) as base_url:
        run = run_checks(base_url, tokens, tmp_path, "--only", "reference-data")
    assert run.exit_code == 0, run.explain()
    assert "SOS-REF-002" in run.verdicts("pass")


def test_there_are_at_least_fifteen_variants() -> None:
    assert len(VARIANTS) >= 15


# --- looked-after children and care leavers (issue 14): their own list and run, so variants added
# above by other areas and these never disturb each other's parametrisation ---------------------

CARE_VARIANTS: list[Variant] = []


def _care(name: str, *expect: str) -> Callable[[Patch], Patch]:
    def register(apply: Patch) -> Patch:
        CARE_VARIANTS.append(Variant(name, ("care",), frozenset(expect), apply))
        return apply

    return register


def _care_check_skipped(record_type: str) -> Patch:
    def apply(mp: pytest.MonkeyPatch) -> None:
        import service.care.rules as care

        mp.setitem(care.CHECKS, record_type, lambda *args, **kwargs: None)

    return apply


_care("episode-sequence-unchecked", "SOS-903-001", "SOS-903-002", "SOS-903-004")(
    _no_op("service.care.rules", "check_sequence")
)
_care("episode-fields-unchecked", "SOS-903-003", "SOS-903-005")(_no_op("service.care.rules", "check_own"))
_care("review-unchecked", "SOS-LAC-001")(_care_check_skipped("lac_review"))
_care("missing-unchecked", "SOS-LAC-002")(_care_check_skipped("missing_episode"))
_care("permanence-unchecked", "SOS-LAC-003")(_care_check_skipped("permanence_decision"))
_care("pathway-plan-unchecked", "SOS-LAC-004")(_care_check_skipped("pathway_plan"))
_care("care-leaver-contact-unchecked", "SOS-LAC-005")(_care_check_skipped("care_leaver_contact"))
_care("uasc-unchecked", "SOS-LAC-006")(_care_check_skipped("uasc_status"))


@_care("care-moves-not-grounded", "SOS-STAGE-008", "SOS-STAGE-009", "SOS-STAGE-010")
def _care_moves_not_grounded(mp: pytest.MonkeyPatch) -> None:
    import service.care.grounds  # noqa: F401  (registers its grounds first, or it would re-register them)
    import service.statutory.rules as statutory

    mp.setattr(statutory, "MORE_GROUNDS", [])


@_care("care-leaver-age-not-kept", "SOS-STAGE-012")
def _care_leaver_age_not_kept(mp: pytest.MonkeyPatch) -> None:
    """A child's date of birth is amended without the moves that rest on it being checked again."""
    import service.people.kinds as people
    import service.statutory.rules  # noqa: F401  (registers its rule first, or it would re-register it)

    mp.setattr(people, "BIRTH_DATE_RULES", [])


@pytest.mark.parametrize("broken", CARE_VARIANTS, ids=[v.name for v in CARE_VARIANTS])
def test_suite_fails_a_broken_care_variant(
    broken: Variant,
    reference_app: Any,
    tokens: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    test_suite_fails_a_broken_variant(broken, reference_app, tokens, tmp_path, monkeypatch)


def test_the_care_suite_passes_the_reference_service(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    """A control for the care variants: unbroken, the same checks pass."""
    with serve(reference_app()) as base_url:
        run = run_checks(base_url, tokens, tmp_path, "--only", "care")
    assert run.exit_code == 0, run.explain()
    assert {f"SOS-903-00{i}" for i in range(1, 6)} <= run.verdicts("pass")


# --- issue 17: the broken suppliers that passed, and the generated record-type checks --------------
# Each runs only the area (and, for the generated checks, the record types) it needs.


def _record_types(*names: str) -> str:
    return "record-types --record-types " + " ".join(names)


@variant("list-includes-another-authority", _record_types("cases", "referrals"), "SOS-TEN-001")
def _list_leaks(mp: pytest.MonkeyPatch) -> None:
    from sqlalchemy import bindparam, select

    from service.kit.records import RecordType

    def listed(self: Any, under_parent: bool) -> Any:
        """Every authority's rows: the page statement without its ``la_code`` condition."""
        table = self.model.__table__
        found = select(table)
        if under_parent:
            found = found.where(table.c[self.parent.column] == bindparam("parent_id"))
        return found

    mp.setattr(RecordType, "_listed", listed)
    # Statements this process built before (and keeps per record type) are not used while patched:
    # a property on the class comes before what an instance holds.
    mp.setattr(RecordType, "_page_statements", property(lambda self: {}))


@variant("no-location-on-201", _record_types("people", "scales"), "SOS-HTTP-011")
def _no_location(mp: pytest.MonkeyPatch) -> None:
    import service.kit.operations as operations
    import service.kit.responses as responses

    original = responses.record_headers

    def without_location(version: int, location: str | None = None) -> dict[str, str]:
        return original(version)

    mp.setattr(responses, "record_headers", without_location)
    mp.setattr(operations, "record_headers", without_location)


@variant("series-averaged-per-rater", "assessment", "SOS-SCALE-004")
def _series_averaged(mp: pytest.MonkeyPatch) -> None:
    import service.assessment.endpoints as endpoints
    import service.assessment.rules as rules

    original = rules.series_of

    def averaged(session: Any, scale: Any, rater_role: str | None) -> Any:
        ratings, shown = original(session, scale, rater_role)
        for rater in shown.raters:
            mean = round(sum(p.value for p in rater.points) / len(rater.points))
            rater.points = [p.model_copy(update={"value": mean}) for p in rater.points]
        return ratings, shown

    mp.setattr(rules, "series_of", averaged)
    if hasattr(endpoints, "series_of"):
        mp.setattr(endpoints, "series_of", averaged)


# The record-type checks (SOS-CHK-GEN-*) must catch the same breakages on other record types.
variant(
    "if-match-ignored-on-every-record-type", _record_types("cp-plans", "network-members"), "SOS-HTTP-003"
)(_if_match_ignored)
variant("tenancy-not-checked-on-record-types", _record_types("maps", "cin-plans"), "SOS-TEN-001")(_tenancy)
variant("history-loses-versions-on-record-types", _record_types("allocations"), "SOS-REC-005")(
    _history_loses_versions
)


variant("entered-in-error-hidden-on-record-types", _record_types("milestones"), "SOS-REC-004")(
    _entered_in_error_hidden
)


variant("audit-not-written-on-record-types", _record_types("relationships"), "SOS-AUDIT-001")(_no_audit)
variant("scopes-ignored-on-record-types", _record_types("staff-feedback"), "SOS-AUTH-002")(_scopes_ignored)
variant("etag-missing-on-record-types", _record_types("words-and-pictures"), "SOS-HTTP-002")(_no_etag)


# --- practice rules read back: a system that records them but shows something else -----------------


@variant("vocabulary-ignores-the-stages", "assessment", "SOS-VOCAB-001")
def _vocabulary_fixed(mp: pytest.MonkeyPatch) -> None:
    import service.assessment.rules as assessment

    _claim_practice(mp)
    mp.setattr(assessment, "vocabulary_of", lambda histories, on=None: "SAFETY")


@variant("nothing-carried-forward", "assessment planning", "SOS-CONT-001")
def _nothing_carried(mp: pytest.MonkeyPatch) -> None:
    import service.stages.rules as stages

    _claim_practice(mp)
    mp.setattr(stages, "carried_forward", lambda session, case_id: {})


@variant("trajectory-in-creation-order", "planning", "SOS-TRAJ-001")
def _trajectory_unordered(mp: pytest.MonkeyPatch) -> None:
    from sqlalchemy import select

    import service.planning.rules as planning
    from service.models.planning import Milestone

    _claim_practice(mp)

    def trajectory(session: Any, case_id: Any) -> list[Any]:
        query = select(Milestone).where(Milestone.case_id == case_id).order_by(Milestone.created_at.desc())
        return list(session.scalars(query))

    mp.setattr(planning, "trajectory", trajectory)


variant("words-and-pictures-unchecked", "planning", "SOS-WP-001", "SOS-WP-002")(
    _practice_rule_skipped("service.planning.rules", "check_words_and_pictures")
)


variant("map-children-unchecked", "assessment", "SOS-MAP-002")(
    _practice_rule_skipped("service.assessment.rules", "check_entries")
)


variant("rating-reason-unchecked", "assessment", "SOS-SCALE-002")(
    _practice_rule_skipped("service.assessment.rules", "check_rating")
)


variant("cursor-repeats-on-record-types", _record_types("referrals", "scales"), "SOS-LIST-001")(
    _cursor_repeats
)


variant("statement-rules-unchecked", "assessment", "SOS-DS-002", "SOS-DS-003")(
    _practice_rule_skipped("service.assessment.rules", "check_statement")
)


variant("scale-statement-of-another-case", "assessment", "SOS-SCALE-001")(
    _practice_rule_skipped("service.assessment.rules", "check_linked_statement")
)


@variant("two-stages-open-at-once", "stages", "SOS-STAGE-002")
def _two_stages_open(mp: pytest.MonkeyPatch) -> None:
    _permissive_moves(mp)


@variant("audit-worker-not-defaulted", "qa", "SOS-QA-003")
def _audit_worker_not_defaulted(mp: pytest.MonkeyPatch) -> None:
    import service.qa.rules as rules

    mp.setattr(rules, "current_allocation", lambda session, case_id: None)


@variant("any-move-entered-in-error", "stages", "SOS-STAGE-004")
def _any_move_entered_in_error(mp: pytest.MonkeyPatch) -> None:
    import service.kit.records as records

    original = records.mark_entered_in_error

    def mark(session: Any, caller: Any, rtype: Any, *args: Any, **kw: Any) -> Any:
        rtype = dataclasses.replace(rtype, before_entered_in_error=None)
        return original(session, caller, rtype, *args, **kw)

    mp.setattr(records, "mark_entered_in_error", mark)


@variant("journey-newest-first", "stages", "SOS-JOURNEY-001")
def _journey_newest_first(mp: pytest.MonkeyPatch) -> None:
    import service.stages.endpoints as endpoints

    in_order = endpoints.child_versions

    def newest_first(*args: Any, **kwargs: Any) -> list[Any]:
        return list(reversed(in_order(*args, **kwargs)))

    mp.setattr(endpoints, "child_versions", newest_first)


# --- practice dates and the chronology (issue 15) -----------------------------------------------


@variant("practice-dates-ignored", "stages", "SOS-CHRON-001")
def _practice_dates_ignored(mp: pytest.MonkeyPatch) -> None:
    """Every change dated by the day it is sent, whatever practice date it was given."""
    import service.kit.records as records

    change, marked = records.change, records.mark_entered_in_error

    def typed_today(*args: Any, on: Any, **kwargs: Any) -> Any:
        return change(*args, on=records.utcnow().date(), **kwargs)

    mp.setattr(records, "change", typed_today)
    mp.setattr(records, "mark_entered_in_error", lambda *args: marked(*args[:6], records.utcnow().date()))


@variant("informed-of-every-version", "planning", "SOS-NET-006")
def _informed_of_every_version(mp: pytest.MonkeyPatch) -> None:
    """Any new version of a statement, re-worded or not, makes everyone not informed."""
    import service.planning.rules as rules

    _claim_practice(mp)
    mp.setattr(rules, "told_wording", lambda told, worded_in, version: [v for v in told if v == version])


@variant("siblings-records-in-every-chronology", "planning", "SOS-CHRON-002")
def _siblings_in_every_chronology(mp: pytest.MonkeyPatch) -> None:
    """A case record about one child shows in every child's journey and chronology."""
    import service.stages.chronology as chronology

    _claim_practice(mp)
    mp.setattr(chronology, "about_child", lambda version, child_id: version.child_id in (None, child_id))


@variant("low-rating-without-warning", "assessment", "SOS-SCALE-006")
def _low_rating_without_warning(mp: pytest.MonkeyPatch) -> None:
    """A rating of 1 or below is recorded with no warning."""
    import service.assessment.rules as assessment

    _claim_practice(mp)
    mp.setattr(assessment, "LOW_RATING", -1)


@variant("observations-as-words", "planning", "SOS-VOICE-005")
def _observations_as_words(mp: pytest.MonkeyPatch) -> None:
    """A worker's observations of a baby stored as the child's words."""
    import service.kit.records as records

    _claim_practice(mp)
    original = records.create

    def create(session: Any, caller: Any, rtype: Any, record: Any) -> Any:
        if rtype.name == "child_voice_record":
            said = [{"section": "WORRIES", "child_words": o["observed"]} for o in record.observations]
            record.items, record.observations = [*record.items, *said], []
        return original(session, caller, rtype, record)

    mp.setattr(records, "create", create)


@variant("children-named-unchecked", "assessment", "SOS-SCALE-007")
def _children_unchecked(mp: pytest.MonkeyPatch) -> None:
    """A child named on a record (a rating's child) is not checked against the case's children."""
    import service.assessment.rules as assessment

    _claim_practice(mp)
    mp.setattr(assessment, "check_children", lambda *args, **kwargs: None)


# --- issue 17 remainder: a variant for each MUST that had none ----------------------------------


def _swap(holder: Any, name: str, make: Callable[[Any], Any]) -> Callable[[], None]:
    """Replace ``holder.name`` (a frozen record-type part, bound when the kinds were declared) by
    ``make(original)``; the returned cleanup puts the original back."""
    original = getattr(holder, name)
    object.__setattr__(holder, name, make(original))
    return lambda: object.__setattr__(holder, name, original)


@variant("move-for-a-child-outside-the-case", "cases", "SOS-CASE-002")
def _child_not_of_case(mp: pytest.MonkeyPatch) -> None:
    """A stage move names anyone as the child, member of the case or not."""
    import service.stages.rules as stages

    mp.setattr(stages, "require_child_of_case", lambda *args, **kwargs: None)


@variant("move-dated-before-the-last", "stages", "SOS-STAGE-003")
def _move_before_last(mp: pytest.MonkeyPatch) -> Callable[[], None]:
    """A move dated before the child's last one is taken (checked as if on the last date)."""
    import service.stages.rules as stages
    from service.stages.kinds import TRANSITION

    def backdated(build: Any) -> Any:
        def accepting(session: Any, caller: Any, case: Any, body: Any) -> Any:
            history = stages.transitions_of(session, body.child_id)
            if not history or body.effective_date >= history[-1].effective_date:
                return build(session, caller, case, body)
            last = history[-1].effective_date
            made = build(session, caller, case, body.model_copy(update={"effective_date": last}))
            made.effective_date = body.effective_date
            return made

        return accepting

    return _swap(TRANSITION.creating, "build", backdated)


@variant("goal-of-zero-duration", "assessment", "SOS-GOAL-001")
def _zero_goal(mp: pytest.MonkeyPatch) -> None:
    """A goal that need last no time at all (P0D) is taken."""
    import service.assessment.rules as assessment
    from service.kit.errors import RuleViolation

    _claim_practice(mp)
    original = assessment.check_duration

    def check_duration(value: str | None, pointer: str = "/goal/sustain_duration") -> None:
        try:
            original(value, pointer)
        except RuleViolation as refused:
            if "longer than zero" not in refused.detail:
                raise

    mp.setattr(assessment, "check_duration", check_duration)


@variant("voice-for-a-child-of-another-case", "planning", "SOS-VOICE-001")
def _voice_any_case(mp: pytest.MonkeyPatch) -> None:
    """The case named on a child's voice record is taken without checking the child is in it."""
    import service.planning.rules as planning

    _claim_practice(mp)
    original = planning.case_of_child

    def case_of_child(session: Any, caller: Any, child_id: Any, case_id: Any) -> Any:
        return case_id if case_id is not None else original(session, caller, child_id, case_id)

    mp.setattr(planning, "case_of_child", case_of_child)


@variant("voice-sections-of-any-tool", "planning", "SOS-VOICE-002")
def _voice_any_section(mp: pytest.MonkeyPatch) -> None:
    """Any section is taken for any tool."""
    import service.planning.rules as planning

    _claim_practice(mp)
    mp.setattr(planning, "TOOL_SECTIONS", {})


@variant("safety-path-position-unchecked", "planning", "SOS-VOICE-003")
def _path_position_unchecked(mp: pytest.MonkeyPatch) -> Callable[[], None]:
    """A safety path position is taken on any tool and at any value."""
    from service.planning.kinds import CHILD_VOICE

    _claim_practice(mp)
    assert CHILD_VOICE.consistent is not None
    return _swap(
        CHILD_VOICE.consistent,
        "check",
        lambda check: lambda tool, items, _position, observations: check(tool, items, None, observations),
    )


@variant("milestone-dates-unchecked", "planning", "SOS-TRAJ-002")
def _milestone_dates_unchecked(mp: pytest.MonkeyPatch) -> Callable[[], None]:
    """A DONE milestone without its date, and a planned one with an actual date, are taken."""
    from service.planning.kinds import MILESTONE

    _claim_practice(mp)
    assert MILESTONE.consistent is not None
    return _swap(MILESTONE.consistent, "check", lambda check: lambda *args: None)


@variant("disabilities-unchecked", "statutory", "SOS-CIN-009")
def _disabilities_unchecked(mp: pytest.MonkeyPatch) -> Callable[[], None]:
    """A disability listed twice, NONE beside a disability, and an unborn child of known sex are taken
    (birth dates still checked)."""
    from service.people import rules
    from service.people.kinds import PERSON

    assert PERSON.consistent is not None
    return _swap(
        PERSON.consistent,
        "check",
        lambda _check: (
            lambda born, expected, _sex, _disabilities, died: (
                rules.one_birth_date(born, expected),
                rules.died_after_birth(born, died),
            )
        ),
    )


@variant("map-versions-not-numbered", "assessment", "SOS-MAP-001")
def _map_versions_not_numbered(mp: pytest.MonkeyPatch) -> None:
    """Every map of a case is numbered 1: a new map does not become the next version."""
    import service.assessment.rules as assessment

    _claim_practice(mp)
    mp.setattr(assessment, "next_map_version", lambda session, case_id: 1)


@variant("withdrawn-statement-changes", "assessment", "SOS-DS-005")
def _withdrawn_statement_changes(mp: pytest.MonkeyPatch) -> None:
    """A withdrawn (or met) statement can still be re-worded, marked met or withdrawn."""
    import service.assessment.rules as assessment

    _claim_practice(mp)
    mp.setattr(assessment, "require_active", lambda statement, doing: None)


@variant("network-member-twice", "planning", "SOS-NET-001")
def _network_member_twice(mp: pytest.MonkeyPatch) -> Callable[[], None]:
    """A person already a current member of the case's network joins it again."""
    from service.planning.kinds import NETWORK_MEMBER

    _claim_practice(mp)
    assert NETWORK_MEMBER.creating is not None
    return _swap(
        NETWORK_MEMBER.creating,
        "build",
        lambda build: (
            lambda session, caller, case, body: {**body.model_dump(), "case_id": case.id, "informed": []}
        ),
    )


@variant("told-a-version-not-reached", "planning", "SOS-NET-002")
def _told_unreached_version(mp: pytest.MonkeyPatch) -> None:
    """Telling a member a version the statement has not reached is recorded as if it existed."""
    import service.planning.rules as planning

    _claim_practice(mp)
    original = planning.told

    def told(session: Any, member: Any, body: Any) -> Any:
        made = original(session, member, body.model_copy(update={"version": 1}))
        made.changes["informed"][-1] = body.model_dump()
        return made

    mp.setattr(planning, "told", told)


@variant("safety-plan-review-unchecked", "planning", "SOS-PLAN-004")
def _plan_review_unchecked(mp: pytest.MonkeyPatch) -> Callable[[], None]:
    """A draft plan is reviewed, and results name rules the plan does not have, or one rule twice."""
    from service.planning.kinds import SAFETY_PLAN_REVIEW

    _claim_practice(mp)
    assert SAFETY_PLAN_REVIEW.creating is not None
    return _swap(
        SAFETY_PLAN_REVIEW.creating,
        "build",
        lambda build: (
            lambda session, caller, plan, body: {
                **body.model_dump(),
                "safety_plan_id": plan.id,
                "case_id": plan.case_id,
            }
        ),
    )


def _around_requests(mp: pytest.MonkeyPatch, wrap: Callable[[Any, Any, Any, Any], Any]) -> None:
    """Put ``wrap(scope, receive, send, call_on)`` in front of every HTTP request the service gets."""
    from service.kit.middleware import HttpHygieneMiddleware

    original = HttpHygieneMiddleware.__call__

    async def call(self: Any, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await original(self, scope, receive, send)
            return

        async def call_on(scope: Any, receive: Any, send: Any) -> None:
            await original(self, scope, receive, send)

        await wrap(scope, receive, send, call_on)

    mp.setattr(HttpHygieneMiddleware, "__call__", call)


@variant("capabilities-without-the-contract-version", "discovery", "SOS-CAP-001")
def _capabilities_without_contract_version(mp: pytest.MonkeyPatch) -> None:
    """GET /v1/capabilities gives the path's major version (v1) where the contract's version belongs."""
    import service.discovery.endpoints as discovery

    mp.setattr(discovery, "CONTRACT_VERSION", "v1")


@variant("code-lists-without-their-version", "reference-data", "SOS-REF-001")
def _code_lists_without_version(mp: pytest.MonkeyPatch) -> None:
    """A code list is served without its X-Code-List-Version header."""

    async def wrap(scope: Any, receive: Any, send: Any, call_on: Any) -> None:
        async def without_version(message: Any) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message["headers"] if k.lower() != b"x-code-list-version"]
                message = {**message, "headers": kept}
            await send(message)

        await call_on(scope, receive, without_version)

    _around_requests(mp, wrap)


@variant("created-at-moves-on-amend", "records", "SOS-REC-001")
def _created_at_moves(mp: pytest.MonkeyPatch) -> None:
    """An amendment stamps created_at again, as if the record were new."""
    import service.kit.records as records

    original = records._touch

    def touch(session: Any, caller: Any, record: Any) -> None:
        record.created_at = records.utcnow()
        original(session, caller, record)

    mp.setattr(records, "_touch", touch)


@variant("stale-amendment-saved-then-refused", "records", "SOS-REC-006")
def _stale_amendment_saved(mp: pytest.MonkeyPatch) -> None:
    """If-Match is checked only after the new version is written, and a refused unit still commits:
    a stale amendment answers 412 but its version is saved."""
    import threading
    from types import SimpleNamespace

    import service.db as db
    import service.kit.records as records
    from service.kit.errors import ProblemError

    check, change = records.check_if_match, records.change
    deferred = threading.local()

    def defer(record: Any, if_match: str | None) -> None:
        deferred.check = (record.version, if_match)

    def change_then_check(*args: Any, **kwargs: Any) -> Any:
        version, if_match = getattr(deferred, "check", (None, None))
        deferred.check = (None, None)
        shown = change(*args, **kwargs)
        if version is not None:
            check(SimpleNamespace(version=version), if_match)  # type: ignore[arg-type]
        return shown

    def commit_anyway(work: Callable[[Any], Any]) -> Any:
        with db.get_sessionmaker()() as session:
            try:
                done = work(session)
            except ProblemError:
                session.commit()
                raise
            session.commit()
            return done

    mp.setattr(records, "check_if_match", defer)
    mp.setattr(records, "change", change_then_check)
    mp.setattr(db, "unit_of_work", commit_anyway)


@variant("voice-in-every-childs-journey", "planning", "SOS-VOICE-004")
def _voice_in_every_journey(mp: pytest.MonkeyPatch) -> None:
    """A child's voice record shows in the journey of every child of the case."""
    from sqlalchemy import select

    import service.stages.chronology as chronology
    import service.stages.endpoints as endpoints
    from service.models import RecordVersion

    _claim_practice(mp)
    original = chronology.child_versions

    def child_versions(session: Any, la_code: str, child_id: uuid.UUID, case_ids: Any) -> list[Any]:
        siblings_voices = select(RecordVersion).where(
            RecordVersion.la_code == la_code,
            RecordVersion.case_id.in_(case_ids),
            RecordVersion.record_type == "child_voice_record",
            RecordVersion.child_id != child_id,
        )
        mine = original(session, la_code, child_id, case_ids)
        return chronology.in_order([*mine, *session.scalars(siblings_voices)])

    mp.setattr(endpoints, "child_versions", child_versions)


@variant("network-and-plan-not-carried-forward", "planning", "SOS-NET-005")
def _network_not_carried(mp: pytest.MonkeyPatch) -> Callable[[], None]:
    """A stage transition carries the assessment forward but not the network, plan or milestones."""
    import service.planning.rules as planning
    from service.stages.rules import CARRY_FORWARD

    _claim_practice(mp)
    at = CARRY_FORWARD.index(planning.carried_forward)
    CARRY_FORWARD[at] = lambda session, case_id: {}

    def restore() -> None:
        CARRY_FORWARD[at] = planning.carried_forward

    return restore


@variant("feedback-question-answered-twice", "qa", "SOS-QA-005")
def _question_answered_twice(mp: pytest.MonkeyPatch) -> None:
    """Family feedback may answer the same question more than once."""
    import service.qa.rules as rules

    mp.setattr(rules, "_answered_once", lambda answers, requirement: [a.model_dump() for a in answers])


@variant("measures-not-audited", "qa", "SOS-QA-104")
def _measures_not_audited(mp: pytest.MonkeyPatch) -> None:
    """Computing the measures writes no audit event."""
    import service.qa.measures_endpoints as endpoints

    mp.setattr(endpoints, "audit", lambda *args, **kwargs: None)


@variant("measures-labelled-by-code", "qa", "SOS-QA-102")
def _measures_labelled_by_code(mp: pytest.MonkeyPatch) -> None:
    """Each measure is labelled with its bare code, not the label of the qa_measure list."""
    import service.qa.rules as rules

    original = rules._measure_read
    mp.setattr(
        rules,
        "_measure_read",
        lambda result, period: original(result, period).model_copy(update={"label": result.code}),
    )


@variant("stage-change-versions-the-statements", "assessment", "SOS-VOCAB-002")
def _stage_change_versions_statements(mp: pytest.MonkeyPatch) -> Callable[[], None]:
    """A stage move relabels the case's statements by writing a new version of each."""
    import service.assessment.rules as assessment
    import service.kit.records as records
    from service.assessment.kinds import STATEMENT
    from service.stages.kinds import TRANSITION

    _claim_practice(mp)

    def relabelling(build: Any) -> Any:
        def move(session: Any, caller: Any, case: Any, body: Any) -> Any:
            made = build(session, caller, case, body)
            for statement in assessment.active_statements(session, case.id):
                records.change(
                    session, caller, STATEMENT, statement, {}, on=body.effective_date, step="relabel"
                )
            return made

        return move

    return _swap(TRANSITION.creating, "build", relabelling)


@variant("ratings-amendable", "assessment", "SOS-SCALE-003")
def _ratings_amendable(mp: pytest.MonkeyPatch) -> None:
    """PATCH on a rating is answered 200, as if the rating were changed in place."""
    import re

    _claim_practice(mp)
    rating = re.compile(r"^/v1/ratings/[^/]+$")

    async def wrap(scope: Any, receive: Any, send: Any, call_on: Any) -> None:
        if scope["method"] == "PATCH" and rating.match(scope["path"]):
            scope = {**scope, "method": "GET"}
        await call_on(scope, receive, send)

    _around_requests(mp, wrap)


@variant("superseded-plan-left-current", "planning", "SOS-PLAN-001")
def _plan_not_superseded(mp: pytest.MonkeyPatch) -> None:
    """A new plan version leaves the earlier one as it was, never SUPERSEDED."""
    import service.planning.rules as planning

    _claim_practice(mp)
    mp.setattr(planning, "current_plan", lambda session, case_id: None)


def _filling_in(mp: pytest.MonkeyPatch, path: str, fill: Callable[[dict[str, Any]], None]) -> None:
    """POSTs to paths matching ``path`` have their JSON body completed by ``fill`` before the service
    sees it: a supplier that makes up what a refused request left out, and saves it."""
    import json
    import re

    wanted = re.compile(path)

    async def wrap(scope: Any, receive: Any, send: Any, call_on: Any) -> None:
        if scope["method"] != "POST" or not wanted.search(scope["path"]):
            await call_on(scope, receive, send)
            return
        body, more = b"", True
        while more:
            message = await receive()
            body, more = body + message.get("body", b""), message.get("more_body", False)
        sent = json.loads(body or b"{}")
        fill(sent)
        body = json.dumps(sent).encode()
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
        scope = {**scope, "headers": [*headers, (b"content-length", str(len(body)).encode())]}
        delivered = False

        async def replay() -> Any:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await call_on(scope, replay, send)

    _around_requests(mp, wrap)


@variant("meeting-without-attendees-or-decisions", "planning", "SOS-NET-004")
def _meeting_unchecked(mp: pytest.MonkeyPatch) -> None:
    """A network meeting sent with no attendees or no decisions is saved with made-up ones."""

    def fill(sent: dict[str, Any]) -> None:
        sent["attendees"] = sent.get("attendees") or [{"name": "Not recorded"}]
        sent["decisions"] = sent.get("decisions") or "Not recorded"

    _claim_practice(mp)
    _filling_in(mp, r"/network/meetings$", fill)


@variant("statement-without-its-goal", "assessment", "SOS-DS-001")
def _statement_without_goal(mp: pytest.MonkeyPatch) -> None:
    """A statement sent without its goal is saved with a made-up one."""

    def fill(sent: dict[str, Any]) -> None:
        texts = ("parent_actions", "child_experience", "professional_observation")
        sent.setdefault("goal", {**{name: "Not recorded" for name in texts}, "sustain_duration": "P1D"})

    _claim_practice(mp)
    _filling_in(mp, r"/danger-statements$", fill)


# --- family-facing practice records (issue 15, remainder) -----------------------------------------


@variant("shared-item-unchecked", "planning", "SOS-FAM-001")
def _shared_item_unchecked(mp: pytest.MonkeyPatch) -> None:
    """Anything may be recorded as shared with the family: another case's statement, a version never had."""
    import service.planning.sharing as sharing

    _claim_practice(mp)
    mp.setattr(sharing, "shared_version", lambda session, case_id, data: int(data.get("item_version") or 1))


@variant("meeting-map-unchecked", "planning", "SOS-NET-004")
def _meeting_map_unchecked(mp: pytest.MonkeyPatch) -> None:
    """A network meeting takes any map id: another case's map, or one entered in error."""
    import service.planning.rules as planning

    _claim_practice(mp)
    mp.setattr(planning, "check_meeting_map", lambda session, case_id, map_id: None)


@variant("shared-with-unchecked", "planning", "SOS-FAM-002")
def _shared_with_unchecked(mp: pytest.MonkeyPatch) -> None:
    """Anyone's person id is taken as someone the family-facing record was shared with."""
    import service.planning.sharing as sharing

    _claim_practice(mp)
    mp.setattr(sharing, "check_recipients", lambda session, case_id, shared_with: None)


@variant("plan-agreement-unchecked", "planning", "SOS-PLAN-005")
def _plan_agreement_unchecked(mp: pytest.MonkeyPatch) -> None:
    """Any network member id, any number of times, is taken as an answer to a plan version."""
    import service.planning.rules as rules

    _claim_practice(mp)
    mp.setattr(rules, "check_agreement", lambda session, case_id, answers: None)


@variant("family-words-dropped", "planning", "SOS-FAM-003")
def _family_words_dropped(mp: pytest.MonkeyPatch) -> None:
    """A map's analysis and a goal's family words are dropped on the way in."""
    import service.kit.records as records

    _claim_practice(mp)
    original = records.create

    def create(session: Any, caller: Any, rtype: Any, record: Any) -> Any:
        if rtype.name == "assessment_map":
            record.analysis = None
        if rtype.name == "danger_statement":
            record.goal_family_goal_words = None
        return original(session, caller, rtype, record)

    mp.setattr(records, "create", create)


@variant("relationship-per-child-unchecked", "planning", "SOS-NET-007")
def _relationship_per_child_unchecked(mp: pytest.MonkeyPatch) -> None:
    """Any child, any number of times, is taken in a network member's per-child relationships."""
    import service.planning.rules as rules

    _claim_practice(mp)
    mp.setattr(rules, "check_child_relationships", lambda session, case_id, entries: None)


# --- statutory returns read back (issue 17): their own list, as the care variants -----------------


@variant("export-marks-nothing", "data-protection", "SOS-DP-002")
def _export_marks_nothing(mp: pytest.MonkeyPatch) -> None:
    """The subject access export gives the records and marks nothing to review."""
    import service.data_protection.export as export

    mp.setattr(export, "entry_markers", lambda *args: [])


@variant("export-ignores-restricted-people", "data-protection", "SOS-DP-003")
def _export_ignores_restricted_people(mp: pytest.MonkeyPatch) -> None:
    """The subject access export marks a restricted person as anyone else: THIRD_PARTY, never RESTRICTED."""
    import service.data_protection.export as export

    markers, whole = export.entry_markers, export.about_someone_else
    mp.setattr(export, "entry_markers", lambda *args: markers(*args[:-1], frozenset()))
    mp.setattr(export, "about_someone_else", lambda name, _restricted: whole(name, False))


@variant("export-of-the-latest-versions", "data-protection", "SOS-DP-002")
def _export_latest_versions(mp: pytest.MonkeyPatch) -> None:
    """The subject access export gives each record's latest version only, not its history."""
    import service.data_protection.export as export

    original = export._versions

    def latest(session: Any, la_code: str, person_id: Any, case_ids: Any) -> Any:
        versions = original(session, la_code, person_id, case_ids)
        last = {v.record_id: v.version for v in versions}
        return [v for v in versions if v.version == last[v.record_id]]

    mp.setattr(export, "_versions", latest)


@variant("plans-after-death", "statutory", "SOS-CIN-018")
def _plans_after_death(mp: pytest.MonkeyPatch) -> None:
    """A child's plans are taken whatever day the child died, and the death whatever the plans say."""
    import service.people.death as death
    import service.statutory.rules as statutory

    mp.setattr(statutory, "check_not_after_death", lambda child, model, v: None)
    mp.setattr(death, "_plans_by", lambda session, person, died: None)


@variant("identifiers-reused", "statutory", "SOS-CIN-019")
def _identifiers_reused(mp: pytest.MonkeyPatch) -> None:
    """A person is made or amended with an authority child id another person holds, unchecked (the
    database's unique index still refuses the write, answered 409 with no field named)."""
    import service.people.identifiers as identifiers

    mp.setattr(identifiers, "check_identifiers_free", lambda session, la_code, values, own=None: None)


@variant("export-of-an-adult-as-a-child", "data-protection", "SOS-DP-002")
def _export_of_an_adult_as_a_child(mp: pytest.MonkeyPatch) -> None:
    """An adult's export takes their memberships as a child's: the family's records that name only
    the children are left out of it."""
    import service.data_protection.export as export

    original = export._memberships
    mp.setattr(
        export, "_memberships", lambda session, pid: [(c, "CHILD", r) for c, _, r in original(session, pid)]
    )


@variant("access-log-of-events-naming-the-person", "data-protection", "SOS-DP-004")
def _access_log_of_events_naming_the_person(mp: pytest.MonkeyPatch) -> None:
    """A person's access log holds only the events of records kept for them or of them (the events
    whose child_id or record_id is theirs), as `/v1/audit-events?child_id=` gives: the reads of the
    family's records are missing."""
    import service.data_protection.endpoints as endpoints

    whole = endpoints.versions_about

    def naming_them(session: Any, la_code: str, person: Any) -> Any:
        versions, cases = whole(session, la_code, person)
        return [v for v in versions if person.id in (v.child_id, v.record_id)], cases

    mp.setattr(endpoints, "versions_about", naming_them)


@variant("retention-ignores-care", "data-protection", "SOS-DP-001")
def _retention_ignores_care(mp: pytest.MonkeyPatch) -> None:
    """How long a record is kept leaves out that the child was looked after (the authority's policy
    alone)."""
    import service.data_protection.retention as retention

    mp.setattr(
        retention,
        "_looked_after",
        lambda person, episodes: retention.Finding("LOOKED_AFTER", False, None, ""),
    )


@variant("retention-ignores-adoption", "data-protection", "SOS-DP-001")
def _retention_ignores_adoption(mp: pytest.MonkeyPatch) -> None:
    """How long a record is kept leaves out an adoption order."""
    import service.data_protection.retention as retention

    mp.setattr(retention, "_adopted", lambda episodes: retention.Finding("ADOPTED", False, None, ""))


RETURNS_VARIANTS: list[Variant] = []


def _returns(name: str, *expect: str) -> Callable[[Patch], Patch]:
    def register(apply: Patch) -> Patch:
        RETURNS_VARIANTS.append(Variant(name, ("returns",), frozenset(expect), apply))
        return apply

    return register


def _kept_reading(*, test_data: bool, authorities: bool) -> Callable[..., Any]:
    """The returns' one reading function (``kept``), reading records made as test data
    (``test_data``) or every authority's records (``authorities``) too."""
    from sqlalchemy import select

    from service.kit.records import ENTERED_IN_ERROR

    def kept(session: Any, rtype: Any, la_code: str, *order: Any, columns: Any = ()) -> Any:
        model = rtype.model
        table = model.__table__.c
        chosen = [table.id, *(table[n] for n in columns if n != "id")] if columns else list(table)
        query = select(*chosen).where(model.status != ENTERED_IN_ERROR)
        if not authorities:
            query = query.where(model.la_code == la_code)
        if not test_data:
            query = query.where(model.test_data.is_(False))
        return session.execute(query.order_by(*order, model.id)).all()

    return kept


def _returns_read_everything(mp: pytest.MonkeyPatch, *, test_data: bool, authorities: bool) -> None:
    """Every return reads with :func:`_kept_reading`, as each return module holds ``kept``."""
    import service.returns.annex_a as annex_a
    import service.returns.cin as cin
    import service.returns.ssda903 as ssda903

    for module in (cin, ssda903, annex_a):
        mp.setattr(module, "kept", _kept_reading(test_data=test_data, authorities=authorities))


@_returns("returns-include-test-data", "SOS-RET-001", "SOS-RET-005", "SOS-REC-007")
def _returns_test_data(mp: pytest.MonkeyPatch) -> None:
    _returns_read_everything(mp, test_data=True, authorities=False)


@_returns("returns-of-every-authority", "SOS-TEN-001", "SOS-RET-001")
def _returns_every_authority(mp: pytest.MonkeyPatch) -> None:
    _returns_read_everything(mp, test_data=False, authorities=True)


@_returns("returns-include-records-in-error", "SOS-RET-001", "SOS-RET-005")
def _returns_in_error(mp: pytest.MonkeyPatch) -> None:
    import service.returns.source as source

    mp.setattr(source, "ENTERED_IN_ERROR", "no record has this status")


@_returns("census-without-assessments", "SOS-RET-001")
def _census_without_assessments(mp: pytest.MonkeyPatch) -> None:
    """The census leaves out the assessments the records hold."""
    import service.returns.cin as cin

    mp.setattr(cin, "_assessment", lambda *args: None)


@_returns("census-without-child-protection", "SOS-RET-001")
def _census_without_child_protection(mp: pytest.MonkeyPatch) -> None:
    """The census leaves out the section 47 enquiries and child protection plans the records hold."""
    import service.returns.cin as cin

    mp.setattr(cin, "_section47", lambda *args: None)
    mp.setattr(cin, "_cp_plan", lambda *args: None)


def _census_leaves_out(mp: pytest.MonkeyPatch, name: str) -> None:
    """The census writes every element but ``name``, whatever the records hold."""
    import service.returns.cin as cin

    original = cin._Writer.element

    def element(parent: Any, tag: str, values: dict[str, Any]) -> Any:
        return original(parent, tag, {k: v for k, v in values.items() if k != name})

    mp.setattr(cin._Writer, "element", staticmethod(element))


@_returns("census-without-closure-reasons", "SOS-RET-001")
def _census_without_closure_reasons(mp: pytest.MonkeyPatch) -> None:
    _census_leaves_out(mp, "ReasonForClosure")


@_returns("census-without-upn-unknown", "SOS-RET-001")
def _census_without_upn_unknown(mp: pytest.MonkeyPatch) -> None:
    _census_leaves_out(mp, "UPNunknown")


@_returns("census-without-disabilities", "SOS-RET-001")
def _census_without_disabilities(mp: pytest.MonkeyPatch) -> None:
    """The census's children have no Disabilities, whatever the people record."""
    import xml.etree.ElementTree as ElementTree

    import service.returns.cin as cin

    class WithoutDisabilities:
        def __getattr__(self, name: str) -> Any:
            return getattr(ElementTree, name)

        @staticmethod
        def SubElement(parent: Any, tag: str, *args: Any, **kw: Any) -> Any:
            kept = ElementTree.Element("left-out") if tag == "Disabilities" else parent
            return ElementTree.SubElement(kept, tag, *args, **kw)

    mp.setattr(cin, "ET", WithoutDisabilities())


@_returns("returns-ignore-the-year", "SOS-RET-002")
def _returns_ignore_the_year(mp: pytest.MonkeyPatch) -> None:
    """Everything ever begun is in every year's return, whatever its dates."""
    from service.returns.collection_year import CollectionYear

    mp.setattr(CollectionYear, "overlaps", lambda self, began, ended: began is not None)


@_returns("returns-not-audited", "SOS-RET-003")
def _returns_not_audited(mp: pytest.MonkeyPatch) -> None:
    import service.returns.endpoints as endpoints

    mp.setattr(endpoints, "audited", lambda *args: None)


@_returns("returns-for-any-reader", "SOS-RET-003")
def _returns_for_any_reader(mp: pytest.MonkeyPatch) -> None:
    """A token with only the read scope gets the returns."""
    import service.kit.auth as auth

    original = auth.authenticate

    async def authenticate(request: Any) -> Any:
        caller = await original(request)
        if request.url.path.startswith("/v1/returns/"):
            caller = dataclasses.replace(caller, scopes=frozenset({*caller.scopes, "audit"}))
        return caller

    mp.setattr(auth, "authenticate", authenticate)


@_returns("annex-a-with-test-data", "SOS-RET-004")
def _annex_a_test_data(mp: pytest.MonkeyPatch) -> None:
    """The Annex A lists (only they) take records made as test data."""
    import service.returns.annex_a as annex_a

    mp.setattr(annex_a, "kept", _kept_reading(test_data=True, authorities=False))


@_returns("ssda903-without-episodes", "SOS-RET-005")
def _ssda903_without_episodes(mp: pytest.MonkeyPatch) -> None:
    """The SSDA903 episodes table is sent with its header only."""
    from service.returns.ssda903 import Ssda903

    original = Ssda903.add

    def add(self: Any, table: str, path: str, values: dict[str, str]) -> None:
        if table != "Episodes":
            original(self, table, path, values)

    mp.setattr(Ssda903, "add", add)


@_returns("ssda903-without-placement-change-reasons", "SOS-RET-005")
def _ssda903_without_placement_change_reasons(mp: pytest.MonkeyPatch) -> None:
    """Every episode is sent with REASON_PLACE_CHANGE empty, whatever the episode records."""
    from service.returns.ssda903 import Ssda903

    original = Ssda903.add

    def add(self: Any, table: str, path: str, values: dict[str, str]) -> None:
        original(self, table, path, {**values, "REASON_PLACE_CHANGE": ""} if table == "Episodes" else values)

    mp.setattr(Ssda903, "add", add)


@_returns("ssda903-without-outcomes", "SOS-RET-006")
def _ssda903_without_outcomes(mp: pytest.MonkeyPatch) -> None:
    """The OC2 table is sent with its header only: the outcomes recorded are left out."""
    import service.returns.ssda903 as ssda903

    mp.setattr(ssda903, "_outcome", lambda outcome, year: None)


@_returns("ssda903-mother-status-ignored", "SOS-RET-007")
def _ssda903_mother_status_ignored(mp: pytest.MonkeyPatch) -> None:
    """The header leaves MOTHER and MC_DOB empty whatever the statuses recorded."""
    import service.returns.ssda903 as ssda903

    original = ssda903._child
    mp.setattr(
        ssda903,
        "_child",
        lambda result, person, episodes, year, mother: original(result, person, episodes, year, None),
    )


@_returns("ssda903-without-social-workers", "SOS-RET-005")
def _ssda903_without_social_workers(mp: pytest.MonkeyPatch) -> None:
    """The SWEpisodes table is sent with its header only: the allocations are left out."""
    import service.returns.ssda903 as ssda903

    mp.setattr(ssda903, "_social_workers", lambda result, people, episodes, allocations: None)


@_returns("ssda903-without-uasc", "SOS-RET-005")
def _ssda903_without_uasc(mp: pytest.MonkeyPatch) -> None:
    """The UASC table is sent with its header only, whatever statuses are recorded (as it was before
    the table was written from them)."""
    import service.returns.ssda903 as ssda903

    mp.setattr(ssda903, "_uasc", lambda result, people, looked_after, statuses: None)


@_returns("ssda903-reviews-of-any-year", "SOS-RET-005")
def _ssda903_reviews_of_any_year(mp: pytest.MonkeyPatch) -> None:
    """The reviews table sends every review of a child of the return, whatever its date."""
    import service.returns.ssda903 as ssda903

    mp.setattr(
        ssda903,
        "_review",
        lambda review, year: {"REVIEW": ssda903.day(review.review_date), "REVIEW_CODE": review.participation},
    )


@_returns("ssda903-oc3-first-contact", "SOS-RET-005")
def _ssda903_oc3_first_contact(mp: pytest.MonkeyPatch) -> None:
    """A care leaver's OC3 row is their first contact in the year, not the one nearest the birthday."""
    import service.returns.ssda903 as ssda903

    original = ssda903._birthday_contact

    def first(person: Any, contacts: Any, episodes: Any, year: Any) -> Any:
        found = original(person, contacts, episodes, year)
        return None if found is None else next(c for c in contacts if c.contact_date in year)

    mp.setattr(ssda903, "_birthday_contact", first)


@_returns("ssda903-without-placed-for-adoption", "SOS-RET-005")
def _ssda903_without_placed_for_adoption(mp: pytest.MonkeyPatch) -> None:
    """The PlacedAdoption table is sent with its header only: the decisions to place are left out."""
    import service.returns.ssda903 as ssda903

    mp.setattr(ssda903, "_placed", lambda decision, year: None)


@_returns("annex-a-adoption-by-the-decision-date", "SOS-RET-004")
def _annex_a_adoption_by_the_decision_date(mp: pytest.MonkeyPatch) -> None:
    """Annex A list 10 gives the permanence decision's own date where the best-interests decision's
    belongs."""
    import service.returns.annex_a as annex_a

    chosen = annex_a.LISTS[10]
    columns = [
        (header, "decided_on" if read == "adoption_best_interests_on" else read)
        for header, read in chosen.columns
    ]
    mp.setitem(annex_a.LISTS, 10, dataclasses.replace(chosen, columns=columns))


@_returns("annex-a-without-cin-plans", "SOS-RET-004")
def _annex_a_without_cin_plans(mp: pytest.MonkeyPatch) -> None:
    """Annex A list 6 is sent with its header only: the CIN plans recorded are left out."""
    import service.returns.annex_a as annex_a

    mp.setitem(annex_a.LISTS, 6, dataclasses.replace(annex_a.LISTS[6], include=lambda _r: False))


@pytest.mark.parametrize("broken", RETURNS_VARIANTS, ids=lambda v: str(getattr(v, "name", v)))
def test_suite_fails_a_broken_returns_variant(
    broken: Variant,
    reference_app: Any,
    tokens: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    test_suite_fails_a_broken_variant(broken, reference_app, tokens, tmp_path, monkeypatch)


def test_the_returns_checks_pass_the_reference_service(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    """A control for the returns variants: unbroken, the same checks pass."""
    with serve(reference_app()) as base_url:
        run = run_checks(base_url, tokens, tmp_path, "--only", "returns")
    assert run.exit_code == 0, run.explain()
    outcomes = {t["check_id"]: t["outcome"] for t in run.report["tests"]}
    assert set(outcomes.values()) == {"passed"}, outcomes
    assert {"SOS-RET-001", "SOS-RET-002", "SOS-RET-003", "SOS-RET-004", "SOS-RET-005"} <= run.verdicts("pass")
