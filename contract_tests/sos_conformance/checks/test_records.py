"""Records: server-owned fields, unknown fields, coded fields, amend-never-delete, history and test data."""

from __future__ import annotations

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items, moment, since
from sos_conformance.expect import (
    check,
    etag_of,
    expect_field_error,
    expect_problem,
    expect_refusal,
    expect_status,
    json_body,
    refused,
)
from sos_conformance.plugin import area, requirement

pytestmark = area("records", "core")

SERVER_FIELDS = ("id", "version", "status", "created_at", "updated_at", "created_by", "updated_by")


@pytest.mark.check("SOS-CHK-REC-001")
@requirement("SOS-REC-001")
def test_server_sets_the_record_fields(api: Api, make: Factory) -> None:
    """A new record has id, version 1, status, timestamps and who recorded it; an amendment
    makes version 2 and keeps created_at."""
    the_case = make.case()
    missing = [f for f in SERVER_FIELDS if the_case.get(f) in (None, "")]
    check(not missing, f"server fields {', '.join(SERVER_FIELDS)}", f"missing {', '.join(missing)}")
    check(
        the_case["version"] == 1 and the_case["status"] == "active",
        "version 1, status active",
        f"version {the_case['version']}, status {the_case['status']}",
    )
    amended = json_body(
        expect_status(
            api.patch(
                f"/v1/cases/{the_case['id']}", {"title": make.label("v2")}, headers={"If-Match": 'W/"1"'}
            ),
            200,
        )
    )
    check(amended["version"] == 2, "version 2 after one change", str(amended["version"]))
    check(
        moment(amended["created_at"]) == moment(the_case["created_at"]),
        "created_at unchanged by an amendment",
        f"{the_case['created_at']} -> {amended['created_at']}",
    )
    check(
        moment(amended["updated_at"]) >= moment(the_case["updated_at"]),
        "updated_at not going back",
        f"{the_case['updated_at']} -> {amended['updated_at']}",
    )


@pytest.mark.check("SOS-CHK-REC-002")
@requirement("SOS-REC-001", "SOS-REC-002")
def test_server_fields_are_not_taken_from_the_client(api: Api, make: Factory) -> None:
    """A create that sends id, version or created_by is refused (422): the server sets them."""
    for field, value in (
        ("id", "00000000-0000-4000-8000-000000000001"),
        ("version", 7),
        ("created_by", "me"),
    ):
        response = api.post("/v1/cases", make.case_body(**{field: value}))
        problem = expect_problem(response, 422)
        expect_field_error(response, problem, f"/{field}")


@pytest.mark.check("SOS-CHK-REC-003")
@requirement("SOS-REC-002", "SOS-REC-006")
def test_unknown_fields_are_refused(api: Api, make: Factory) -> None:
    """Unknown fields are 422 naming each one, on create and on amend, and nothing is saved."""
    body = make.case_body(colour="blue", priority_flag=True)
    response = api.post("/v1/cases", body)
    problem = expect_problem(response, 422)
    expect_field_error(response, problem, "/colour")
    expect_field_error(response, problem, "/priority_flag")
    the_case = make.case()
    response = api.patch(
        f"/v1/cases/{the_case['id']}",
        {"title": make.label("x"), "colour": "red"},
        headers={"If-Match": 'W/"1"'},
    )
    expect_field_error(response, expect_problem(response, 422), "/colour")
    current = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200))
    check(current["version"] == 1, "the case unchanged at version 1", f"version {current['version']}")
    titles = {
        c["title"] for c in all_items(api, "/v1/cases", {"updated_since": since(the_case, 60), "limit": 100})
    }
    check(body["title"] not in titles, "no case saved from the refused create", "a case was saved")


@pytest.mark.check("SOS-CHK-REC-004")
@requirement("SOS-REC-003", "SOS-REC-006")
def test_unknown_code_is_refused_naming_the_list(api: Api, make: Factory) -> None:
    """An unknown code is 422 and errors[].code_list names the list; no record is saved."""
    body = make.person_body(sex="Q")  # one character, as the schema allows, but no code
    response = api.post("/v1/people", body)
    expect_field_error(response, expect_problem(response, 422), "/sex", code_list="sex")
    the_case = make.case()
    child = make.person()
    response = api.post(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": child["id"], "role": "NOT-A-ROLE", "joined_on": "2025-01-14"},
    )
    expect_field_error(response, expect_problem(response, 422), "/role", code_list="person_role")
    names = {
        p["family_name"]
        for p in all_items(api, "/v1/people", {"updated_since": since(child, 60), "limit": 100})
    }
    check(body["family_name"] not in names, "no person saved with the unknown code", "a person was saved")


@pytest.mark.check("SOS-CHK-REC-005")
@requirement("SOS-REC-004")
def test_entered_in_error_stays_readable(api: Api, make: Factory) -> None:
    """Entered in error sets the status and reason; the record stays readable; no hard delete."""
    the_case = make.case()
    reason = f"{make.run_id} recorded on the wrong family"
    marked = json_body(
        expect_status(
            api.post(
                f"/v1/cases/{the_case['id']}/entered-in-error",
                {"reason": reason},
                headers={"If-Match": 'W/"1"'},
            ),
            200,
        )
    )
    check(
        marked["status"] == "entered_in_error" and marked.get("status_reason") == reason,
        "status entered_in_error with the reason",
        f"status {marked['status']}, reason {marked.get('status_reason')!r}",
    )
    deleted = api.request("DELETE", f"/v1/cases/{the_case['id']}", validate=False)
    check(
        400 <= deleted.status_code < 500,
        "no hard delete: DELETE refused with a 4xx",
        f"HTTP {deleted.status_code}",
        deleted,
    )
    current = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}"), 200))
    check(
        current["status"] == "entered_in_error" and current["version"] == 2,
        "still readable, entered_in_error, version 2",
        f"status {current['status']}, version {current['version']}",
    )
    expect_problem(
        api.patch(
            f"/v1/cases/{the_case['id']}", {"title": make.label("after")}, headers={"If-Match": 'W/"2"'}
        ),
        409,
        422,
    )


@pytest.mark.check("SOS-CHK-REC-009")
@requirement("SOS-REC-008")
def test_nothing_new_is_recorded_under_a_record_entered_in_error(api: Api, make: Factory) -> None:
    """Under a case entered in error a new member is refused (409 naming SOS-REC-008) and unsaved,
    and the case stays readable with its members; a person entered in error is not named as a new
    member of another case (422 naming SOS-REC-008 and /person_id)."""
    the_case, child = make.case_with_child()
    path = f"/v1/cases/{the_case['id']}"
    reason = {"reason": f"{make.run_id} opened twice"}
    expect_status(api.post(f"{path}/entered-in-error", reason, headers={"If-Match": 'W/"1"'}), 200)
    joining = {"person_id": make.person()["id"], "role": "CHILD", "joined_on": "2025-01-14"}
    sent = api.post(f"{path}/members", joining)
    problem = expect_problem(sent, 409)
    named = problem.get("requirement")
    check(named == "SOS-REC-008", "requirement SOS-REC-008", repr(named), sent)
    members = [m.get("person_id") for m in all_items(api, f"{path}/members")]
    check(members == [child["id"]], "the case's one member, as before the refusal", repr(members))

    mistaken = make.person()
    marked = api.post(f"/v1/people/{mistaken['id']}/entered-in-error", reason, headers={"If-Match": 'W/"1"'})
    expect_status(marked, 200)
    other = make.case()
    joining = {"person_id": mistaken["id"], "role": "CHILD", "joined_on": "2025-01-14"}
    refused(api.post(f"/v1/cases/{other['id']}/members", joining), "SOS-REC-008", "/person_id")


@pytest.mark.check("SOS-CHK-REC-010")
@requirement("SOS-REC-009")
def test_a_person_named_by_records_that_stand_is_not_entered_in_error(api: Api, make: Factory) -> None:
    """A child who is a member of a case is not marked entered in error (409 naming SOS-REC-009) and
    stays active; once their membership is entered in error, the person can be."""
    the_case, child = make.case_with_child()
    path = f"/v1/people/{child['id']}"
    reason = {"reason": f"{make.run_id} recorded twice"}
    sent = api.post(f"{path}/entered-in-error", reason, headers={"If-Match": etag_of(api.get(path))})
    expect_refusal(sent, 409, "SOS-REC-009")
    status = json_body(expect_status(api.get(path), 200)).get("status")
    check(status == "active", "the person still active", repr(status))
    for member in all_items(api, f"/v1/cases/{the_case['id']}/members"):
        member_path = f"/v1/case-members/{member['id']}"
        ended = api.post(
            f"{member_path}/entered-in-error", reason, headers={"If-Match": etag_of(api.get(member_path))}
        )
        expect_status(ended, 200)
    marked = api.post(f"{path}/entered-in-error", reason, headers={"If-Match": etag_of(api.get(path))})
    status = json_body(expect_status(marked, 200)).get("status")
    check(status == "entered_in_error", "the person entered in error once nothing names them", repr(status))


@pytest.mark.check("SOS-CHK-REC-006")
@requirement("SOS-REC-005")
def test_history_keeps_every_version(api: Api, make: Factory) -> None:
    """History lists every version, oldest first, with who, when and why."""
    the_case = make.case()
    titles = [the_case["title"]]
    for version, why in ((1, "Title corrected"), (2, "Title corrected again")):
        titles.append(make.label(f"v{version + 1}"))
        expect_status(
            api.patch(
                f"/v1/cases/{the_case['id']}",
                {"title": titles[-1], "amendment_reason": why},
                headers={"If-Match": f'W/"{version}"'},
            ),
            200,
        )
    history = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}/history"), 200))
    versions = history["versions"]
    check(
        [v["version"] for v in versions] == [1, 2, 3],
        "versions [1, 2, 3]",
        str([v["version"] for v in versions]),
    )
    check(
        [v["data"].get("title") for v in versions] == titles,
        f"titles {titles}",
        str([v["data"].get("title") for v in versions]),
    )
    check(
        versions[1]["reason"] == "Title corrected",
        "the reason of version 2 kept",
        repr(versions[1]["reason"]),
    )
    check(
        all(v.get("recorded_by") and v.get("recorded_at") for v in versions),
        "who and when on every version",
        str(versions)[:300],
    )


@pytest.mark.check("SOS-CHK-REC-011")
@requirement("SOS-REC-010")
def test_an_amendment_says_what_kind_of_change_it_is(api: Api, make: Factory) -> None:
    """An amendment's amendment_reason_code is kept on the version it made (history reason_code); a
    code not in the list amendment_reason is 422 naming the field and saves nothing."""
    the_case = make.case()
    path = f"/v1/cases/{the_case['id']}"
    wrong = {"title": make.label("v2"), "amendment_reason_code": "NOT_A_REASON"}
    refusal = api.patch(path, wrong, headers={"If-Match": 'W/"1"'})
    expect_field_error(
        refusal, expect_problem(refusal, 422), "/amendment_reason_code", code_list="amendment_reason"
    )
    said = {
        "title": make.label("v2"),
        "amendment_reason": "Named as the family asked",
        "amendment_reason_code": "FAMILY_CHALLENGE",
    }
    expect_status(api.patch(path, said, headers={"If-Match": 'W/"1"'}), 200)
    versions = json_body(expect_status(api.get(f"{path}/history"), 200))["versions"]
    codes = [v.get("reason_code") for v in versions]
    check(codes == [None, "FAMILY_CHALLENGE"], "reason codes [None, 'FAMILY_CHALLENGE']", repr(codes))


@pytest.mark.check("SOS-CHK-REC-007")
@requirement("SOS-REC-006")
def test_refused_amendment_saves_no_version(api: Api, make: Factory) -> None:
    """An invalid or stale amendment changes nothing: same version, same history."""
    the_case = make.case()
    expect_problem(
        api.patch(f"/v1/cases/{the_case['id']}", {"opened_on": "not-a-date"}, headers={"If-Match": 'W/"1"'}),
        422,
    )
    expect_problem(
        api.patch(
            f"/v1/cases/{the_case['id']}", {"title": make.label("stale")}, headers={"If-Match": 'W/"9"'}
        ),
        412,
    )
    history = json_body(expect_status(api.get(f"/v1/cases/{the_case['id']}/history"), 200))
    check(len(history["versions"]) == 1, "one version in history", f"{len(history['versions'])} versions")


@pytest.mark.check("SOS-CHK-REC-008")
@requirement("SOS-REC-007")
def test_test_data_is_marked_when_made_and_never_changed(api: Api, make: Factory) -> None:
    """A case made with X-Test-Data: true reads test_data: true, on the create, the read and the list;
    one made without it reads false; the header on an amendment changes neither."""
    marked = make.created("/v1/cases", make.case_body(), headers={"X-Test-Data": "true"})
    plain = make.case()
    for made, expected in ((marked, True), (plain, False)):
        check(
            made.get("test_data") is expected,
            f"test_data {expected} on the create",
            repr(made.get("test_data")),
        )
        read = json_body(expect_status(api.get(f"/v1/cases/{made['id']}"), 200))
        check(
            read.get("test_data") is expected, f"test_data {expected} when read", repr(read.get("test_data"))
        )
    listed = {
        c["id"]: c.get("test_data")
        for c in all_items(api, "/v1/cases", {"updated_since": since(marked, 60), "limit": 100})
    }
    check(
        (listed.get(marked["id"]), listed.get(plain["id"])) == (True, False),
        "both cases listed like any other, test_data true and false",
        f"{listed.get(marked['id'])!r} and {listed.get(plain['id'])!r}",
    )
    for made, header, expected in ((marked, "false", True), (plain, "true", False)):
        amended = json_body(
            expect_status(
                api.patch(
                    f"/v1/cases/{made['id']}",
                    {"title": make.label("amended")},
                    headers={"If-Match": f'W/"{made["version"]}"', "X-Test-Data": header},
                ),
                200,
            )
        )
        check(
            amended.get("test_data") is expected,
            f"test_data still {expected} after an amendment sent with X-Test-Data: {header}",
            repr(amended.get("test_data")),
        )
