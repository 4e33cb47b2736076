"""Security: bearer tokens, scopes and tenancy (another authority's record does not exist)."""

from __future__ import annotations

import uuid

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items, since
from sos_conformance.expect import check, expect_header, expect_problem, expect_status, json_body
from sos_conformance.plugin import area, requirement

pytestmark = area("security", "core")


def _expect_challenge(response: object) -> None:
    challenge = expect_header(response, "WWW-Authenticate")  # type: ignore[arg-type]
    check(
        challenge.lower().startswith("bearer"), "a Bearer challenge in WWW-Authenticate", challenge, response
    )  # type: ignore[arg-type]


@pytest.mark.check("SOS-CHK-SEC-001")
@requirement("SOS-AUTH-001")
def test_no_token_is_401_with_challenge(anonymous: Api, make: Factory) -> None:
    """Without a token, reads and writes are 401 problem+json with WWW-Authenticate."""
    for response in (
        anonymous.get("/v1/cases"),
        anonymous.get(f"/v1/people/{uuid.uuid4()}"),
        anonymous.post("/v1/cases", make.case_body()),
    ):
        expect_problem(response, 401)
        _expect_challenge(response)


@pytest.mark.check("SOS-CHK-SEC-002")
@requirement("SOS-AUTH-001")
def test_bad_token_is_401_with_challenge(api: Api) -> None:
    """A malformed token and a token with a tampered signature are 401 with WWW-Authenticate."""
    token = api.token or ""
    head, _, signature = token.rpartition(".")
    tampered = f"{head}.{signature[::-1]}" if head else "x.y.z"
    for bad in ("not-a-jwt", tampered):
        response = api.with_token(bad).get("/v1/cases", params={"limit": 1})
        expect_problem(response, 401)
        _expect_challenge(response)


@pytest.mark.check("SOS-CHK-SEC-003")
@requirement("SOS-AUTH-002")
def test_read_only_token_cannot_write(reader_api: Api, make: Factory, api: Api) -> None:
    """A token with only the read scope reads, but every write is 403 and saves nothing."""
    the_case = make.case()
    expect_status(reader_api.get(f"/v1/cases/{the_case['id']}"), 200)
    body = make.case_body()
    expect_problem(reader_api.post("/v1/cases", body), 403)
    expect_problem(
        reader_api.patch(f"/v1/cases/{the_case['id']}", {"title": "changed"}, headers={"If-Match": 'W/"1"'}),
        403,
    )
    expect_problem(
        reader_api.post(
            f"/v1/cases/{the_case['id']}/entered-in-error",
            {"reason": "read only"},
            headers={"If-Match": 'W/"1"'},
        ),
        403,
    )
    current = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200))
    check(current["version"] == 1, "the record unchanged at version 1", f"version {current['version']}")
    titles = [
        c["title"] for c in all_items(api, "/v1/cases", {"updated_since": since(the_case), "limit": 100})
    ]
    check(body["title"] not in titles, "no case created by the refused POST", "the case was created")


@pytest.fixture(scope="module")
def foreign(make: Factory) -> dict[str, str]:
    """A case with a child and a stage move, all of the main authority."""
    the_case, child = make.case_with_child()
    members = json_body(expect_status(make.api.get(f"/v1/cases/{the_case['id']}/members"), 200))["items"]
    move = json_body(expect_status(make.move(the_case["id"], child["id"], "CIN", "2025-02-01"), 201))
    return {
        "case": the_case["id"],
        "person": child["id"],
        "member": members[0]["id"],
        "transition": move["id"],
    }


@pytest.mark.check("SOS-CHK-SEC-004")
@requirement("SOS-TEN-001")
def test_other_authority_cannot_read(other_api: Api, foreign: dict[str, str]) -> None:
    """Another authority gets 404, exactly as for an id that does not exist, on every read."""
    missing = expect_problem(other_api.get(f"/v1/cases/{uuid.uuid4()}"), 404)
    paths = [
        f"/v1/cases/{foreign['case']}",
        f"/v1/cases/{foreign['case']}/history",
        f"/v1/cases/{foreign['case']}/members",
        f"/v1/cases/{foreign['case']}/transitions",
        f"/v1/people/{foreign['person']}",
        f"/v1/people/{foreign['person']}/history",
        f"/v1/case-members/{foreign['member']}",
        f"/v1/stage-transitions/{foreign['transition']}",
        f"/v1/children/{foreign['person']}/stages",
        f"/v1/children/{foreign['person']}/journey",
    ]
    for path in paths:
        response = other_api.get(path)
        problem = expect_problem(response, 404)
        check(
            problem["code"] == missing["code"],
            f"the same code as a missing record ({missing['code']})",
            problem["code"],
            response,
        )


@pytest.mark.check("SOS-CHK-SEC-005")
@requirement("SOS-TEN-001")
def test_other_authority_cannot_write(
    other_api: Api, api: Api, foreign: dict[str, str], make: Factory
) -> None:
    """Another authority's amend, entered-in-error and nested creates are 404 and change nothing."""
    case_id = foreign["case"]
    expect_problem(
        other_api.patch(f"/v1/cases/{case_id}", {"title": "taken over"}, headers={"If-Match": 'W/"1"'}), 404
    )
    expect_problem(
        other_api.post(
            f"/v1/cases/{case_id}/entered-in-error", {"reason": "not ours"}, headers={"If-Match": 'W/"1"'}
        ),
        404,
    )
    expect_problem(
        other_api.patch(
            f"/v1/people/{foreign['person']}", {"given_name": "Taken"}, headers={"If-Match": 'W/"1"'}
        ),
        404,
    )
    expect_problem(
        other_api.post(
            f"/v1/cases/{case_id}/transitions", make.move_body(foreign["person"], "CP", "2025-03-01")
        ),
        404,
    )
    current = json_body(expect_status(api.get(f"/v1/cases/{case_id}"), 200))
    check(
        current["version"] == 1 and current["status"] == "active",
        "the case unchanged (version 1, active)",
        f"version {current['version']}, status {current['status']}",
    )
