"""Family and staff feedback: coded questions, 0 to 10, and anonymous staff feedback that names no one."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from service.models import AuditEvent, RecordVersion
from service.models.qa import FamilyFeedback, StaffFeedback
from tests.support import assert_problem, case, count, person
from tests.support.planning import family
from tests.support.qa import family_feedback_body, staff_feedback_body

WRITER = "test-writer-990"


def test_family_feedback_from_a_named_member_of_the_case(api):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/family-feedback"
    made = api.created(path, family_feedback_body(respondent_person_id=fam["mother"]["id"]))
    assert made["respondent_person_id"] == fam["mother"]["id"]
    assert [(a["question_code"], a["value"], a["text"]) for a in made["answers"]] == [
        ("F1", 8, "I know it is about the mornings."),
        ("F7", 6, None),
    ]
    child = api.created(
        path, family_feedback_body(respondent_role="CHILD", respondent_person_id=fam["child"]["id"])
    )
    listed = api.get(path).json()["items"]
    assert {f["id"] for f in listed} == {made["id"], child["id"]}
    assert api.get(f"/v1/family-feedback/{made['id']}").headers["ETag"] == 'W/"1"'
    assert api.patch(f"/v1/family-feedback/{made['id']}", {"given_on": "2025-05-03"}).status_code == 405


def test_family_feedback_refusals_write_nothing(api, db):
    fam = family(api)
    path = f"/v1/cases/{fam['case_id']}/family-feedback"
    before = count(db, FamilyFeedback)
    stranger = person(api)
    body = assert_problem(
        api.post(path, family_feedback_body(respondent_person_id=stranger["id"])), 422, "rule_violated"
    )
    assert body["requirement"] == "SOS-QA-005" and body["errors"][0]["pointer"] == "/respondent_person_id"
    twice = family_feedback_body(
        answers=[{"question_code": "F2", "value": 5}, {"question_code": "F2", "value": 6}]
    )
    body = assert_problem(api.post(path, twice), 422, "rule_violated")
    assert body["errors"][0]["pointer"] == "/answers/1/question_code"
    unknown = family_feedback_body(answers=[{"question_code": "S1", "value": 5}])
    unknown = assert_problem(api.post(path, unknown), 422)
    assert unknown["errors"][0]["code_list"] == "family_feedback_question"
    assert_problem(api.post(path, family_feedback_body(answers=[{"question_code": "F1", "value": 11}])), 422)
    assert_problem(api.post(path, family_feedback_body(respondent_role="NEIGHBOUR")), 422)
    assert count(db, FamilyFeedback) == before


def test_anonymous_staff_feedback_names_no_one(api, db):
    made = api.created("/v1/staff-feedback", staff_feedback_body())
    assert (made["created_by"], made["updated_by"], made["respondent"]) == ("anonymous", "anonymous", None)
    read = api.get(f"/v1/staff-feedback/{made['id']}")
    assert read.json()["created_by"] == "anonymous"
    history = api.get(f"/v1/staff-feedback/{made['id']}/history")
    assert [v["recorded_by"] for v in history.json()["versions"]] == ["anonymous"]
    listed = api.get("/v1/staff-feedback", params={"team": made["team"]}).json()["items"]
    assert [f["id"] for f in listed] == [made["id"]]
    for response in (read, history):
        assert WRITER not in response.text
    # The audit trail (audit scope only) still records who submitted it.
    db.expire_all()
    record_id = uuid.UUID(made["id"])
    creator = db.scalars(
        select(AuditEvent.actor).where(AuditEvent.record_id == record_id, AuditEvent.action == "create")
    ).one()
    assert creator == WRITER
    assert db.scalars(
        select(RecordVersion.recorded_by).where(RecordVersion.record_id == record_id)
    ).one() == ("anonymous")
    row = db.get(StaffFeedback, record_id)
    assert (row.created_by, row.respondent) == ("anonymous", None)


def test_named_staff_feedback_says_who(api):
    made = api.created("/v1/staff-feedback", staff_feedback_body(anonymous=False, respondent="Sam Okafor"))
    assert (made["created_by"], made["respondent"]) == (WRITER, "Sam Okafor")


def test_staff_feedback_respondent_follows_anonymity(api, db):
    before = count(db, StaffFeedback)
    named_anonymous = api.post("/v1/staff-feedback", staff_feedback_body(respondent="Sam Okafor"))
    body = assert_problem(named_anonymous, 422, "rule_violated")
    assert body["requirement"] == "SOS-QA-006" and body["errors"][0]["code"] == "respondent_not_allowed"
    nobody = api.post("/v1/staff-feedback", staff_feedback_body(anonymous=False))
    assert assert_problem(nobody, 422, "rule_violated")["errors"][0]["code"] == "respondent_required"
    assert count(db, StaffFeedback) == before


def test_anonymous_feedback_can_be_marked_entered_in_error(api):
    made = api.created("/v1/staff-feedback", staff_feedback_body())
    marked = api.post(
        f"/v1/staff-feedback/{made['id']}/entered-in-error",
        {"reason": "Sent twice by mistake."},
        headers={"If-Match": 'W/"1"'},
    )
    assert marked.status_code == 200, marked.text
    assert marked.json()["status"] == "entered_in_error" and marked.json()["created_by"] == "anonymous"


def test_feedback_of_another_authority_is_not_found(api, other_api):
    made = api.created("/v1/staff-feedback", staff_feedback_body())
    assert other_api.get(f"/v1/staff-feedback/{made['id']}").status_code == 404
    mine = other_api.get("/v1/staff-feedback", params={"team": made["team"]}).json()["items"]
    assert mine == []
    case_id = case(api)["id"]
    assert other_api.post(f"/v1/cases/{case_id}/family-feedback", family_feedback_body()).status_code == 404
