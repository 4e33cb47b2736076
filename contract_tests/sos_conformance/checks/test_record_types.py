"""Checks generated per record type from the contract: every path with a ``/history`` sibling is a
record type (see :mod:`sos_conformance.kinds`), made from the contract's own create example with ids
the suite made (:mod:`sos_conformance.maker`). A record type a new contract version adds is checked
here with no new test code: create, read, list (every page), amend with If-Match (428, 412, two
writers at once), entered in error, history, audit events, headers, tenancy and scopes.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from sos_conformance.audit import exactly_one
from sos_conformance.client import Api
from sos_conformance.contract import load_contract
from sos_conformance.data import all_items, moment, since
from sos_conformance.expect import (
    check,
    expect_etag,
    expect_header,
    expect_problem,
    expect_status,
    json_body,
)
from sos_conformance.kinds import RecordKind, examples, kinds_of
from sos_conformance.maker import Maker
from sos_conformance.plugin import Settings, area, requirement

pytestmark = area("record-types", "core")

KINDS = kinds_of(load_contract())
NO_STORE = "no-store"


def each(has: Callable[[RecordKind], Any]) -> Any:
    """Parametrize a check over the record types for which ``has`` is true; each needs its module."""
    chosen = [k for k in KINDS if has(k)]
    return pytest.mark.parametrize(
        "kind",
        [pytest.param(k, id=k.name, marks=pytest.mark.modules(*sorted({"core", k.module}))) for k in chosen],
    )


# The checks that change a record, and how many new records each uses.
CHANGING = {"SOS-CHK-GEN-003": 2, "SOS-CHK-GEN-004": 1, "SOS-CHK-GEN-005": 1, "SOS-CHK-GEN-006": 1}
# The checks that need a record of the other authority.
OTHER_AUTHORITY_MAKES = {"SOS-CHK-GEN-009"}


@pytest.fixture(scope="module", autouse=True)
def prepared(maker: Maker, settings: Settings, request: pytest.FixtureRequest) -> None:
    """Before the checks, several at a time: the shared record of every record type the run checks
    (of both authorities), and a new record for each check here that changes one."""
    spares: dict[str, int] = {}
    names, checks = set(), set()
    for item in request.session.items:
        kind = getattr(item, "callspec", None) and item.callspec.params.get("kind")
        mark = item.get_closest_marker("check")
        check_id = str(mark.args[0]) if mark else ""
        if isinstance(kind, RecordKind) and kind.module in settings.claimed:
            names.add(kind.name)
            checks.add(check_id)
            spares[kind.name] = spares.get(kind.name, 0) + CHANGING.get(check_id, 0)
    chosen = [k for k in KINDS if k.name in names]
    jobs = [(maker, spares)]
    if settings.other_token and OTHER_AUTHORITY_MAKES & checks:
        jobs.append((request.getfixturevalue("other_maker"), {}))
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        list(pool.map(lambda job: job[0].prepare(chosen, job[1]), jobs))


def _etag(response: httpx.Response) -> str:
    return expect_header(response, "ETag")


def _made(maker: Maker, kind: RecordKind) -> tuple[dict[str, Any], httpx.Response]:
    return maker.fresh(kind)


def _list_path(maker: Maker, kind: RecordKind, record: dict[str, Any]) -> str:
    assert kind.list is not None
    family = maker.families.get(str(record["id"])) or maker.family()
    return maker.create_path(kind, dict(family))


def _amend(api: Api, maker: Maker, kind: RecordKind, record_id: str, etag: str | None) -> httpx.Response:
    headers = {"If-Match": etag} if etag is not None else {}
    return api.patch(kind.item_path(record_id), maker.amendment(kind, record_id), headers=headers)


def _version(api: Api, kind: RecordKind, record_id: str) -> int:
    """The record's version now (a shared record may have moved on through another record's rules)."""
    return int(json_body(expect_status(api.get(kind.item_path(record_id)), 200)).get("version") or 0)


def _unchanged(api: Api, kind: RecordKind, record_id: str, version: int, after: str) -> None:
    response = expect_status(api.get(kind.item_path(record_id)), 200)
    check(
        json_body(response).get("version") == version,
        f"the {kind.name} record still at version {version} after {after}",
        f"version {json_body(response).get('version')}",
        response,
    )


@pytest.mark.check("SOS-CHK-GEN-001")
@requirement("SOS-HTTP-011", "SOS-HTTP-002", "SOS-REC-001", "SOS-HTTP-005")
@each(lambda k: k.create is not None)
def test_create_from_the_contract_example(api: Api, maker: Maker, kind: RecordKind) -> None:
    """The create example of the contract is accepted: 201, Location naming the record's URL (a GET of
    it answers the record), ETag W/"1", version 1, Cache-Control no-store."""
    record, response = maker.shared(kind)
    expect_etag(response, 1)
    expect_header(response, "Cache-Control", contains=NO_STORE)
    location = expect_header(response, "Location")
    wanted = kind.item_path(str(record["id"]))
    check(
        urlsplit(location).path.rstrip("/").endswith(wanted),
        f"Location ending {wanted}",
        f"Location: {location}",
        response,
    )
    check(
        record.get("version") == 1, "version 1 on a new record", f"version {record.get('version')}", response
    )
    read = expect_status(api.get(urlsplit(location).path), 200)
    check(
        json_body(read).get("id") == record["id"], "the Location reads the new record", read.text[:200], read
    )


@pytest.mark.check("SOS-CHK-GEN-002")
@requirement("SOS-HTTP-002", "SOS-HTTP-005", "SOS-REC-001")
@each(lambda k: k.create is not None)
def test_read(api: Api, maker: Maker, kind: RecordKind) -> None:
    """A read answers the record with ETag W/"<version>", no-store and nosniff."""
    record, _ = maker.shared(kind)
    response = expect_status(api.get(kind.item_path(str(record["id"]))), 200)
    expect_etag(response, int(json_body(response).get("version") or 0))
    expect_header(response, "Cache-Control", contains=NO_STORE)
    expect_header(response, "X-Content-Type-Options", "nosniff")
    body = json_body(response)
    for name in ("id", "version", "status", "created_at", "updated_at", "created_by", "updated_by"):
        check(body.get(name) is not None, f"the record carries {name}", f"{name} missing", response)


@pytest.mark.check("SOS-CHK-GEN-003")
@requirement("SOS-LIST-001")
@each(lambda k: k.create is not None and k.list is not None)
def test_list_walks_every_page(api: Api, maker: Maker, kind: RecordKind) -> None:
    """Two new records are each listed exactly once when every page (one record a page) is walked."""
    first, _ = _made(maker, kind)
    second, _ = _made(maker, kind)
    path = _list_path(maker, kind, first)
    if _list_path(maker, kind, second) != path:  # made under fresh parents: look for the first only
        second = first
    first = min(first, second, key=lambda r: moment(r["created_at"]))
    # One record a page under a parent (few records); a top-level list is shared with everything else
    # the run makes, so its pages are larger.
    params = {"limit": 1 if kind.parents else 25, "updated_since": since(first, 1)}
    seen = [item["id"] for item in all_items(api, path, params)]
    for wanted in {first["id"], second["id"]}:
        check(
            seen.count(wanted) == 1,
            f"{wanted} exactly once across the pages of {path}",
            f"{seen.count(wanted)} times in {len(seen)} items",
        )


@pytest.mark.check("SOS-CHK-GEN-004")
@requirement("SOS-HTTP-003", "SOS-HTTP-001", "SOS-HTTP-002")
@each(lambda k: k.create is not None and k.amend is not None)
def test_amend_needs_a_current_if_match(api: Api, maker: Maker, kind: RecordKind) -> None:
    """Without If-Match 428; with the current ETag 200 and version 2; with the old one 412 naming the
    current version; the refused ones change nothing."""
    record, created = _made(maker, kind)
    record_id = str(record["id"])
    expect_problem(_amend(api, maker, kind, record_id, None), 428)
    _unchanged(api, kind, record_id, 1, "a 428")
    amended = expect_status(_amend(api, maker, kind, record_id, _etag(created)), 200)
    expect_etag(amended, 2)
    stale = _amend(api, maker, kind, record_id, _etag(created))
    problem = expect_problem(stale, 412)
    check(
        problem.get("current_version") == 2,
        "current_version 2 in the 412 body",
        f"current_version {problem.get('current_version')!r}",
        stale,
    )
    _unchanged(api, kind, record_id, 2, "a 412")


@pytest.mark.check("SOS-CHK-GEN-005")
@requirement("SOS-HTTP-003")
@each(lambda k: k.create is not None and k.amend is not None)
def test_two_writers_at_once_exactly_one_wins(api: Api, maker: Maker, kind: RecordKind) -> None:
    """Two writers send an amendment with the same ETag at the same moment (two threads): exactly
    one succeeds, the other is 412, and the record has one new version."""
    record, created = _made(maker, kind)
    record_id, etag = str(record["id"]), _etag(created)
    body = maker.amendment(kind, record_id)
    start = threading.Barrier(2)
    answers: list[httpx.Response] = []

    def write() -> None:
        start.wait(timeout=30)
        answers.append(api.patch(kind.item_path(record_id), body, headers={"If-Match": etag}, validate=False))

    writers = [threading.Thread(target=write) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    statuses = sorted(a.status_code for a in answers)
    check(statuses == [200, 412], "exactly one 200 and one 412", f"statuses {statuses}", answers[-1])
    _unchanged(api, kind, record_id, 2, "two writers")


@pytest.mark.check("SOS-CHK-GEN-006")
@requirement("SOS-REC-004", "SOS-REC-005")
@each(lambda k: k.create is not None and k.entered_in_error is not None)
def test_entered_in_error_stays_readable_with_its_history(api: Api, maker: Maker, kind: RecordKind) -> None:
    """Marked entered in error (with If-Match), the record stays readable with that status and its
    reason; its history keeps every version, each with who, when and why."""
    record, created = _made(maker, kind)
    record_id = str(record["id"])
    reason = f"Conformance {uuid.uuid4().hex[:6]}: recorded on the wrong case."
    assert kind.entered_in_error is not None
    path = kind.entered_in_error.template.replace("{" + kind.param + "}", record_id)
    expect_status(api.post(path, {"reason": reason}, headers={"If-Match": _etag(created)}), 200)
    read = expect_status(api.get(kind.item_path(record_id)), 200)
    body = json_body(read)
    check(body.get("status") == "entered_in_error", "status entered_in_error", str(body.get("status")), read)
    response = expect_status(api.get(kind.item_path(record_id) + "/history"), 200)
    versions = json_body(response).get("versions") or []
    numbers = [v.get("version") for v in versions]
    check(numbers == [1, 2], "versions [1, 2] in the history", f"versions {numbers}", response)
    for version in versions:
        for name in ("recorded_by", "recorded_at"):
            check(bool(version.get(name)), f"each version names {name}", f"{version}"[:300], response)
    check(
        any(reason in str(v) for v in versions),
        "the reason kept in the history",
        "the reason is not in any version",
        response,
    )


@pytest.mark.check("SOS-CHK-GEN-007")
@requirement("SOS-AUDIT-001")
@each(lambda k: k.create is not None)
def test_create_and_read_are_audited(api: Api, maker: Maker, kind: RecordKind, auditor: Api) -> None:
    """The create and a read of the record each write exactly one audit event for it."""
    record, created = maker.shared(kind)
    record_id = str(record["id"])
    exactly_one(auditor, created, record_id, 1, "create")
    read = expect_status(api.get(kind.item_path(record_id)), 200)
    exactly_one(auditor, read, record_id, int(json_body(read)["version"]), "read")


@pytest.mark.check("SOS-CHK-GEN-008")
@requirement("SOS-TEN-001", "SOS-HTTP-001")
@each(lambda k: k.create is not None)
def test_another_authority_cannot_read(maker: Maker, other_api: Api, kind: RecordKind) -> None:
    """Another authority's read and history of the record are 404, as for a record that does not exist."""
    record, _ = maker.shared(kind)
    path = kind.item_path(str(record["id"]))
    expect_problem(other_api.get(path), 404)
    expect_problem(other_api.get(path + "/history"), 404)


@pytest.mark.check("SOS-CHK-GEN-009")
@requirement("SOS-TEN-001")
@each(lambda k: k.create is not None and k.list is not None)
def test_another_authoritys_records_are_not_listed(
    api: Api, maker: Maker, other_maker: Maker, kind: RecordKind
) -> None:
    """A record another authority made is absent from this authority's list (and the other way
    round); a list under this authority's parent record is 404 for the other authority."""
    ours, _ = maker.shared(kind)
    theirs, _ = other_maker.shared(kind)
    path = _list_path(maker, kind, ours)
    earlier = min(ours, theirs, key=lambda r: moment(r["created_at"]))
    window = {"updated_since": since(earlier, 0), "limit": 100}
    listed = {item["id"] for item in all_items(api, path, window)}
    check(ours["id"] in listed, f"our own {kind.name} record in {path}", "it is missing")
    check(
        theirs["id"] not in listed, f"no record of another authority in {path}", f"{theirs['id']} is listed"
    )
    if kind.parents:
        expect_problem(other_maker.api.get(path), 404)
    else:
        other = {item["id"] for item in all_items(other_maker.api, path, window)}
        check(ours["id"] not in other, "our record absent from the other authority's list", "it is listed")


@pytest.mark.check("SOS-CHK-GEN-010")
@requirement("SOS-TEN-001")
@each(lambda k: k.create is not None and bool(k.writes[1:]))
def test_another_authority_cannot_write(api: Api, maker: Maker, other_api: Api, kind: RecordKind) -> None:
    """Another authority's amendment, entered-in-error and other actions on the record are 404 and
    change nothing."""
    record, _ = maker.shared(kind)
    record_id = str(record["id"])
    version = _version(api, kind, record_id)
    for op in kind.writes[1:]:
        path = op.template.replace("{" + kind.param + "}", record_id)
        body = maker.request_body(op, record_id)
        etag = f'W/"{version}"'
        expect_problem(other_api.request(op.method, path, json_body=body, headers={"If-Match": etag}), 404)
    _unchanged(api, kind, record_id, version, "another authority's writes")


@pytest.mark.check("SOS-CHK-GEN-011")
@requirement("SOS-AUTH-002")
@each(lambda k: k.create is not None)
def test_every_write_needs_the_write_scope(api: Api, maker: Maker, reader_api: Api, kind: RecordKind) -> None:
    """With only the read scope, the create, amendment, entered-in-error and actions are 403 and
    change nothing; the read-only token still reads."""
    record, _ = maker.shared(kind)
    record_id = str(record["id"])
    version = _version(api, kind, record_id)
    family = dict(maker.families.get(record_id) or maker.family())
    for op in kind.writes:
        if op is kind.create:
            path = maker.create_path(kind, family)
            body: Any = maker.body(kind, examples(op)[0] if examples(op) else {}, family)
        else:
            path = op.template.replace("{" + kind.param + "}", record_id)
            body = maker.request_body(op, record_id)
        etag = f'W/"{version}"'
        expect_problem(reader_api.request(op.method, path, json_body=body, headers={"If-Match": etag}), 403)
    expect_status(reader_api.get(kind.item_path(record_id)), 200)
    _unchanged(api, kind, record_id, version, "writes with the read scope only")
