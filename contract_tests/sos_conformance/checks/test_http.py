"""HTTP semantics: problem+json, ETag and If-Match, Idempotency-Key, 413/415/406, common headers."""

from __future__ import annotations

import uuid

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items, since
from sos_conformance.expect import (
    check,
    expect_etag,
    expect_header,
    expect_problem,
    expect_status,
    json_body,
)
from sos_conformance.plugin import area, requirement

pytestmark = area("http", "core")

BIG_BODY_BYTES = 2 * 1024 * 1024


@pytest.mark.check("SOS-CHK-HTTP-001")
@requirement("SOS-HTTP-001")
def test_validation_error_is_problem_json_with_pointers(api: Api, make: Factory) -> None:
    """An invalid body is 422 problem+json whose errors name each field as a JSON Pointer."""
    body = make.person_body(date_of_birth="not-a-date")
    del body["sex"]
    problem = expect_problem(api.post("/v1/people", body), 422)
    pointers = {e.get("pointer") for e in problem.get("errors") or []}
    check(
        {"/date_of_birth", "/sex"} <= pointers,
        "errors naming /date_of_birth and /sex",
        f"pointers {sorted(str(p) for p in pointers)}",
    )


@pytest.mark.check("SOS-CHK-HTTP-002")
@requirement("SOS-HTTP-001")
def test_not_found_and_bad_query_are_problem_json(api: Api) -> None:
    """A missing record (404) and a bad query parameter (422) are problem+json."""
    expect_problem(api.get(f"/v1/cases/{uuid.uuid4()}"), 404)
    expect_problem(api.get("/v1/cases", params={"limit": "many"}), 422)


@pytest.mark.check("SOS-CHK-HTTP-003")
@requirement("SOS-HTTP-002")
def test_single_record_responses_carry_etag(api: Api, make: Factory) -> None:
    """Create, read and amend answer with ETag: W/"<version>"."""
    response = expect_status(api.post("/v1/cases", make.case_body()), 201)
    expect_etag(response, 1)
    case_id = json_body(response)["id"]
    expect_etag(expect_status(api.get(f"/v1/cases/{case_id}"), 200), 1)
    amended = expect_status(
        api.patch(f"/v1/cases/{case_id}", {"title": make.label("amended")}, headers={"If-Match": 'W/"1"'}),
        200,
    )
    expect_etag(amended, 2)
    check(
        json_body(amended)["version"] == 2,
        "version 2 after one amendment",
        str(json_body(amended)["version"]),
        amended,
    )


@pytest.mark.check("SOS-CHK-HTTP-004")
@requirement("SOS-HTTP-003")
def test_amend_without_if_match_is_428(api: Api, make: Factory) -> None:
    """An amendment without If-Match is 428 and changes nothing."""
    the_case = make.case()
    expect_problem(api.patch(f"/v1/cases/{the_case['id']}", {"title": make.label("no if-match")}), 428)
    current = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200))
    check(
        current["version"] == 1 and current["title"] == the_case["title"],
        "the case unchanged",
        f"version {current['version']}, title {current['title']!r}",
    )


@pytest.mark.check("SOS-CHK-HTTP-005")
@requirement("SOS-HTTP-003")
def test_stale_if_match_is_412_with_current_version(api: Api, make: Factory) -> None:
    """A stale If-Match is 412 naming the current version, and changes nothing."""
    the_case = make.case()
    expect_status(
        api.patch(
            f"/v1/cases/{the_case['id']}", {"title": make.label("second")}, headers={"If-Match": 'W/"1"'}
        ),
        200,
    )
    response = api.patch(
        f"/v1/cases/{the_case['id']}", {"title": make.label("stale")}, headers={"If-Match": 'W/"1"'}
    )
    problem = expect_problem(response, 412)
    check(
        problem.get("current_version") == 2,
        "current_version 2 in the 412 body",
        f"current_version {problem.get('current_version')!r}",
        response,
    )
    current = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200))
    check(current["version"] == 2, "the case still at version 2", f"version {current['version']}")


@pytest.mark.check("SOS-CHK-HTTP-006")
@requirement("SOS-HTTP-003", "SOS-REC-005")
def test_two_writers_with_one_etag_exactly_one_wins(api: Api, make: Factory) -> None:
    """Two writers amend with the same ETag: one succeeds, the other gets 412; history keeps both
    versions and the winner's change is not lost."""
    the_case = make.case()
    etag = expect_header(expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200), "ETag")
    first, second = make.label("writer A"), make.label("writer B")
    a = api.patch(f"/v1/cases/{the_case['id']}", {"title": first}, headers={"If-Match": etag})
    b = api.patch(f"/v1/cases/{the_case['id']}", {"title": second}, headers={"If-Match": etag})
    outcomes = sorted([a.status_code, b.status_code])
    check(outcomes == [200, 412], "exactly one 200 and one 412", f"statuses {outcomes}", b)
    expect_problem(b, 412)
    history = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}/history"), 200))
    versions = [v["version"] for v in history["versions"]]
    check(versions == [1, 2], "history versions [1, 2]", str(versions))
    check(
        history["versions"][1]["data"].get("title") == first,
        f"version 2 titled {first!r}",
        repr(history["versions"][1]["data"].get("title")),
    )
    current = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200))
    check(current["title"] == first, f"current title {first!r} (no lost update)", repr(current["title"]))


@pytest.mark.check("SOS-CHK-HTTP-007")
@requirement("SOS-HTTP-010")
def test_idempotent_retry_replays_and_creates_once(api: Api, make: Factory) -> None:
    """The same Idempotency-Key and body replays the first response; one record exists."""
    key = f"{make.run_id}-{uuid.uuid4()}"
    body = make.case_body()
    first = json_body(expect_status(api.post("/v1/cases", body, headers={"Idempotency-Key": key}), 201))
    again = expect_status(api.post("/v1/cases", body, headers={"Idempotency-Key": key}), 200, 201)
    check(
        json_body(again)["id"] == first["id"], f"the replayed id {first['id']}", json_body(again)["id"], again
    )
    found = [
        c
        for c in all_items(api, "/v1/cases", {"updated_since": since(first), "limit": 100})
        if c["title"] == body["title"]
    ]
    check(len(found) == 1, "exactly one case with the retried title", f"{len(found)} cases")


@pytest.mark.check("SOS-CHK-HTTP-008")
@requirement("SOS-HTTP-010")
def test_idempotency_key_with_another_body_is_422(api: Api, make: Factory) -> None:
    """The same Idempotency-Key with a different body is 422, and nothing new is created."""
    key = f"{make.run_id}-{uuid.uuid4()}"
    first = make.created("/v1/cases", make.case_body(), headers={"Idempotency-Key": key})
    other = make.case_body()
    expect_problem(api.post("/v1/cases", other, headers={"Idempotency-Key": key}), 422)
    found = [
        c
        for c in all_items(api, "/v1/cases", {"updated_since": since(first), "limit": 100})
        if c["title"] == other["title"]
    ]
    check(not found, "no case created with the second body", f"{len(found)} created")


@pytest.mark.check("SOS-CHK-HTTP-009")
@requirement("SOS-HTTP-004")
def test_body_over_the_limit_is_413(api: Api, make: Factory) -> None:
    """A body over the size limit (the suite sends 2 MiB) is 413 problem+json."""
    body = make.case_body(reference="x" * BIG_BODY_BYTES)
    expect_problem(api.post("/v1/cases", body), 413)


@pytest.mark.check("SOS-CHK-HTTP-010")
@requirement("SOS-HTTP-004")
def test_body_that_is_not_json_is_415(api: Api) -> None:
    """A body sent as text/plain or form data is 415 problem+json."""
    for media, content in (
        ("text/plain", "title=Conformance"),
        ("application/x-www-form-urlencoded", "title=x"),
    ):
        expect_problem(
            api.request("POST", "/v1/cases", content=content, headers={"Content-Type": media}), 415
        )


@pytest.mark.check("SOS-CHK-HTTP-011")
@requirement("SOS-HTTP-004")
def test_unservable_accept_is_406(api: Api, make: Factory) -> None:
    """An Accept the system cannot serve (application/xml) is 406 problem+json."""
    the_case = make.case()
    expect_problem(api.get(f"/v1/cases/{the_case['id']}", headers={"Accept": "application/xml"}), 406)


@pytest.mark.check("SOS-CHK-HTTP-012")
@requirement("SOS-HTTP-005")
def test_common_headers_on_success_and_error(api: Api, make: Factory) -> None:
    """X-Request-ID is echoed (or generated), nosniff is set, and personal data is no-store."""
    the_case = make.case()
    request_id = f"conformance-{uuid.uuid4().hex}"
    for response in (
        api.get(f"/v1/cases/{the_case['id']}", headers={"X-Request-ID": request_id}),
        api.get(f"/v1/cases/{uuid.uuid4()}", headers={"X-Request-ID": request_id}),
    ):
        expect_header(response, "X-Request-ID", request_id)
        expect_header(response, "X-Content-Type-Options", "nosniff")
        expect_header(response, "Cache-Control", contains="no-store")
    generated = api.get("/v1/cases", params={"limit": 1})
    check(bool(generated.headers.get("X-Request-ID")), "a generated X-Request-ID", "none", generated)
    expect_header(generated, "X-Content-Type-Options", "nosniff")
    expect_header(generated, "Cache-Control", contains="no-store")


@pytest.mark.check("SOS-CHK-HTTP-013")
@requirement("SOS-HTTP-012")
def test_a_method_a_path_does_not_take_is_405_naming_those_it_does(api: Api, make: Factory) -> None:
    """DELETE on a case (records are never deleted) and PUT on the case list are 405 problem+json, each
    with an Allow header that names the methods the path takes (GET and PATCH on a case; GET and POST
    on the list) and not the one refused."""
    the_case = make.case()
    for method, path, takes in (
        ("DELETE", f"/v1/cases/{the_case['id']}", {"GET", "PATCH"}),
        ("PUT", "/v1/cases", {"GET", "POST"}),
    ):
        refused = api.request(method, path)
        expect_problem(refused, 405)
        allow = {m.strip().upper() for m in expect_header(refused, "Allow").split(",") if m.strip()}
        check(
            takes <= allow and method not in allow,
            f"Allow naming {', '.join(sorted(takes))}, not {method}",
            f"Allow: {', '.join(sorted(allow))}",
            refused,
        )
    expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200)  # still there


@pytest.mark.check("SOS-CHK-HTTP-014")
@requirement("SOS-HTTP-013")
def test_no_response_names_the_software_and_its_version(api: Api, make: Factory) -> None:
    """A success, a problem and a create carry no Server header giving a version (`uvicorn/0.30`,
    `nginx/1.25`) and no X-Powered-By."""
    the_case = make.case()
    for response in (
        api.get(f"/v1/cases/{the_case['id']}"),
        api.get(f"/v1/cases/{uuid.uuid4()}"),
        api.post("/v1/cases", make.case_body()),
    ):
        server = response.headers.get("Server", "")
        check(
            not any(c.isdigit() for c in server) and "/" not in server,
            "no Server header with a version",
            f"Server: {server}",
            response,
        )
        powered = response.headers.get("X-Powered-By")
        check(powered is None, "no X-Powered-By header", f"X-Powered-By: {powered}", response)
