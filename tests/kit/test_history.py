"""Every version in a record's history, with who and why; a record entered in error can no longer
be amended, and no record is ever deleted (SOS-REC-004, SOS-REC-005)."""

from __future__ import annotations

from tests.support import assert_problem, case, case_with_child, move


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


def test_there_is_no_delete(api):
    the_case = case(api)
    assert_problem(api.client.delete(f"/v1/cases/{the_case['id']}", headers=api.headers()), 405)


def test_transition_history_and_member_history(api):
    the_case, child = case_with_child(api)
    transition = move(api, the_case["id"], child["id"], "EARLY_HELP").json()
    history = api.get(f"/v1/stage-transitions/{transition['id']}/history").json()
    assert [v["change"] for v in history["versions"]] == ["create"]
