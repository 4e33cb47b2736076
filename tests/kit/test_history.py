"""Every version in a record's history, with who and why; a record entered in error can no longer
be amended, and no record is ever deleted (SOS-REC-004, SOS-REC-005)."""

from __future__ import annotations

from service.contract.examples import body
from service.models import CaseMember, RecordVersion
from service.models.assessment import ScaleRating
from service.models.qa import Allocation
from tests.support import assert_problem, case, case_with_child, move, person, rows_unchanged


def test_history_lists_every_version_with_who_and_why(api):
    the_case = case(api)
    path = f"/v1/cases/{the_case['id']}"
    api.patch(
        path,
        {"title": "Second", "amendment_reason": "Family asked for a new name"},
        headers={"If-Match": 'W/"1"'},
    )
    api.post(f"{path}/entered-in-error", {"reason": "Opened twice by mistake"}, headers={"If-Match": 'W/"2"'})
    history = api.get(f"{path}/history").json()
    assert [(v["version"], v["change"], v["reason"]) for v in history["versions"]] == [
        (1, "create", None),
        (2, "amend", "Family asked for a new name"),
        (3, "entered_in_error", "Opened twice by mistake"),
    ]
    assert all(v["recorded_by"] == "test-writer-990" for v in history["versions"])
    current = api.get(path).json()
    assert current["status"] == "entered_in_error" and current["status_reason"] == "Opened twice by mistake"


def test_an_amendment_says_what_kind_of_change_it_is(api, db):
    """SOS-REC-010: ``amendment_reason_code`` is kept on the version it made (history ``reason_code``)
    and shown in the person's subject access export; a code not in the list is 422 naming the field,
    nothing saved; an amendment that does not say has none."""
    child = person(api, given_name="Rowan", date_of_birth="2019-05-01")
    path = f"/v1/people/{child['id']}"
    wrong = {"given_name": "Rowen", "amendment_reason_code": "MISTAKE"}
    with rows_unchanged(db, [RecordVersion]):
        problem = assert_problem(api.patch(path, wrong, headers={"If-Match": 'W/"1"'}), 422)
    assert [e["pointer"] for e in problem["errors"]] == ["/amendment_reason_code"], problem
    asked = {
        "given_name": "Rowen",
        "amendment_reason": "Spelling, as Rowen asked.",
        "amendment_reason_code": "RECTIFICATION_REQUEST",
    }
    assert api.patch(path, asked, headers={"If-Match": 'W/"1"'}).status_code == 200
    assert api.patch(path, {"given_name": "Rowen Ash"}, headers={"If-Match": 'W/"2"'}).status_code == 200
    versions = api.get(f"{path}/history").json()["versions"]
    assert [(v["change"], v["reason_code"]) for v in versions] == [
        ("create", None),
        ("amend", "RECTIFICATION_REQUEST"),
        ("amend", None),
    ]
    told = [e["what_happened"] for e in api.get(f"/v1/children/{child['id']}/chronology").json()["entries"]]
    assert any(t.endswith("(rectification request: Spelling, as Rowen asked.)") for t in told), told
    export = api.get(f"{path}/subject-access-export").json()
    assert [e["reason_code"] for e in export["entries"] if e["version"] == 2] == ["RECTIFICATION_REQUEST"]


def test_entered_in_error_record_cannot_be_amended(api):
    the_case = case(api)
    path = f"/v1/cases/{the_case['id']}"
    api.post(f"{path}/entered-in-error", {"reason": "Duplicate"}, headers={"If-Match": 'W/"1"'})
    assert_problem(api.patch(path, {"title": "x"}, headers={"If-Match": 'W/"2"'}), 409)
    assert_problem(
        api.post(f"{path}/entered-in-error", {"reason": "Again"}, headers={"If-Match": 'W/"2"'}), 409
    )


def test_nothing_new_is_recorded_under_a_record_entered_in_error(api, db):
    """SOS-REC-008: under a case entered in error, a create is 409 naming the requirement and writes
    nothing; a person entered in error is not named as a new member (422 naming /person_id). What was
    recorded before stays readable."""
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}"
    scale = api.created(f"{path}/scales", body("create_scale"))
    wrong = api.post(f"{path}/entered-in-error", {"reason": "Opened twice"}, headers={"If-Match": 'W/"1"'})
    assert wrong.status_code == 200, wrong.text
    marked = {"reason": "Twice"}
    api.post(f"/v1/scales/{scale['id']}/entered-in-error", marked, headers={"If-Match": 'W/"1"'})
    with rows_unchanged(db, [CaseMember, Allocation, ScaleRating]):
        member = body("create_case_member", "child", person_id=person(api)["id"])
        for under, operation, requirement in (
            (f"{path}/members", member, "SOS-REC-008"),
            (f"{path}/allocations", body("create_allocation"), "SOS-REC-008"),
            (f"/v1/scales/{scale['id']}/ratings", body("record_scale_rating"), "SOS-SCALE-002"),  # its own
        ):
            problem = assert_problem(api.post(under, operation), 409, "conflict")
            assert problem["requirement"] == requirement, problem
    assert [m["person_id"] for m in api.get(f"{path}/members").json()["items"]] == [child["id"]]

    mistaken = person(api)
    marked = {"reason": "Duplicate"}
    api.post(f"/v1/people/{mistaken['id']}/entered-in-error", marked, headers={"If-Match": 'W/"1"'})
    other = case(api)
    member = body("create_case_member", "child", person_id=mistaken["id"])
    with rows_unchanged(db, [CaseMember]):
        problem = assert_problem(api.post(f"/v1/cases/{other['id']}/members", member), 422)
    assert problem["requirement"] == "SOS-REC-008" and problem["errors"][0]["pointer"] == "/person_id"


def test_there_is_no_delete(api):
    the_case = case(api)
    assert_problem(api.client.delete(f"/v1/cases/{the_case['id']}", headers=api.headers()), 405)


def test_transition_history_and_member_history(api):
    the_case, child = case_with_child(api)
    transition = move(api, the_case["id"], child["id"], "EARLY_HELP").json()
    history = api.get(f"/v1/stage-transitions/{transition['id']}/history").json()
    assert [v["change"] for v in history["versions"]] == ["create"]
