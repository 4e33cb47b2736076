"""Every version in a record's history, with who and why; a record entered in error can no longer
be amended, and no record is ever deleted (SOS-REC-004, SOS-REC-005)."""

from __future__ import annotations

from service.contract.examples import body
from service.models import CaseMember
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
