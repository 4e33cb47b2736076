"""The same records are shown in the words of the case's current stage (SOS-VOCAB-001/002)."""

from __future__ import annotations

from service.assessment.rules import LABELS, case_vocabulary, vocabulary_of_stages
from tests.support import case_with_child, move, person
from tests.support.assessment import scale, statement


def labels_now(api, statement_id):
    body = api.get(f"/v1/danger-statements/{statement_id}").json()
    return body["vocabulary"], body["labels"]["statement"], body["labels"]["goal"], body["version"]


def test_labels_follow_the_stage_while_the_record_stays_the_same(api):
    the_case, child = case_with_child(api)
    path = f"/v1/cases/{the_case['id']}"
    assert move(api, the_case["id"], child["id"], "EARLY_HELP", "2025-01-14").status_code == 201
    made = statement(api, the_case["id"], child["id"])
    the_scale = scale(api, the_case["id"], kind="WELLBEING")
    assert (made["vocabulary"], made["labels"]["statement"], made["labels"]["goal"]) == (
        "WELLBEING",
        "worry statement",
        "wellbeing goal",
    )
    assert the_scale["scale_label"] == "wellbeing scale"

    assert move(api, the_case["id"], child["id"], "CIN", "2025-03-02").status_code == 201  # step up
    assert labels_now(api, made["id"]) == ("SAFETY", "danger statement", "safety goal", 1)
    assert api.get(f"/v1/scales/{the_scale['id']}").json()["scale_label"] == "safety scale"
    assert api.get(f"{path}/vocabulary").json()["vocabulary"] == "SAFETY"

    assert move(api, the_case["id"], child["id"], "LAC", "2025-05-30").status_code == 201  # into care
    assert labels_now(api, made["id"]) == ("SUCCESS", "worry statement", "success goal", 1)

    assert move(api, the_case["id"], child["id"], "CIN", "2026-03-30").status_code == 201  # home
    assert move(api, the_case["id"], child["id"], "EARLY_HELP", "2026-07-13").status_code == 201  # step down
    assert labels_now(api, made["id"]) == ("WELLBEING", "worry statement", "wellbeing goal", 1)

    assert move(api, the_case["id"], child["id"], "CLOSED", "2026-10-01").status_code == 201
    # Closed: the last vocabulary in force stays.
    assert labels_now(api, made["id"]) == ("WELLBEING", "worry statement", "wellbeing goal", 1)
    history = api.get(f"/v1/danger-statements/{made['id']}/history").json()["versions"]
    assert len(history) == 1  # relabelling never makes a version


def test_any_child_at_cp_or_cin_means_safety_words(api):
    the_case, child = case_with_child(api)
    sibling = person(api)
    api.created(
        f"/v1/cases/{the_case['id']}/members",
        {"person_id": sibling["id"], "role": "CHILD", "joined_on": "2025-01-14"},
    )
    move(api, the_case["id"], child["id"], "EARLY_HELP", "2025-01-14")
    move(api, the_case["id"], sibling["id"], "CIN", "2025-01-14")
    body = api.get(f"/v1/cases/{the_case['id']}/vocabulary").json()
    assert body["vocabulary"] == "SAFETY" and body["labels"]["statement"] == "danger statement"
    assert sorted(body["child_stages"].values()) == [["CIN"], ["EARLY_HELP"]]


def test_a_case_with_no_stage_yet_uses_safety_words(api, db):
    the_case, _child = case_with_child(api)
    assert api.get(f"/v1/cases/{the_case['id']}/vocabulary").json()["vocabulary"] == "SAFETY"
    import uuid

    assert case_vocabulary(db, uuid.UUID(the_case["id"])) == "SAFETY"


def test_the_stage_rule_itself():
    assert vocabulary_of_stages({"CP", "LAC"}) == "SAFETY"
    assert vocabulary_of_stages({"LAC"}) == "SUCCESS"
    assert vocabulary_of_stages({"CARE_LEAVER"}) == "SUCCESS"
    assert vocabulary_of_stages({"EARLY_HELP"}) == "WELLBEING"
    assert vocabulary_of_stages({"CLOSED"}) is None
    assert set(LABELS) == {"SAFETY", "WELLBEING", "SUCCESS", "STABILITY"}


def test_a_harm_statement_is_called_one(api):
    the_case, child = case_with_child(api)
    made = statement(api, the_case["id"], child["id"], statement_kind="HARM")
    assert made["labels"]["statement"] == "harm statement"
