"""What was shared with the family: a map version, a danger statement or a safety plan version of the
case, on a day, with named people, in a form from the list; refusals name their rule and write
nothing, and the sharing shows in the child's chronology on the day it happened."""

from __future__ import annotations

import uuid
from typing import Any

from service.contract import examples
from service.models.planning import FamilySharing
from tests.support.planning import etag_headers, family, history, network_member, plan_body, refused


def sharing_body(field: str, item_id: str, **overrides: Any) -> dict[str, Any]:
    """The registered example, sharing the record ``item_id`` named by ``field`` (map_id...)."""
    given = examples.body("create_family_sharing", **overrides)
    given.pop("danger_statement_id")
    return {**given, field: item_id}


def test_a_statement_shared_with_the_family_keeps_its_version_and_shows_in_the_chronology(api):
    fam = family(api)
    member = network_member(api, fam["case_id"])
    path = f"/v1/cases/{fam['case_id']}/shared-with-family"
    shared = api.created(
        path,
        sharing_body(
            "danger_statement_id",
            fam["statement"]["id"],
            shared_on="2025-04-16",
            shared_with=[
                {"person_id": fam["mother"]["id"]},
                {"person_id": member["person_id"]},
                {"name": "Aunt Rue"},
            ],
            share_form="WORDS_AND_PICTURES",
        ),
    )
    assert shared["item_version"] == fam["statement"]["version"] == 1
    assert (shared["case_id"], shared["map_id"], shared["safety_plan_id"]) == (fam["case_id"], None, None)
    assert [r["person_id"] for r in shared["shared_with"]][:2] == [fam["mother"]["id"], member["person_id"]]
    assert [s["id"] for s in api.get(path).json()["items"]] == [shared["id"]]

    entries = api.get(f"/v1/children/{fam['child']['id']}/chronology").json()["entries"]
    mine = [e for e in entries if e["record_type"] == "family_sharing"]
    assert [(e["date"], e["record_id"], e["version"]) for e in mine] == [("2025-04-16", shared["id"], 1)]
    assert (
        "Danger statement (version 1) shared with the family (words and pictures)" in mine[0]["what_happened"]
    )


def test_a_plan_version_is_shared_at_a_version_it_has_had(api, db):
    fam = family(api)
    plan = api.created(f"/v1/cases/{fam['case_id']}/safety-plans", plan_body(fam))
    path = f"/v1/cases/{fam['case_id']}/shared-with-family"
    refused(
        api,
        db,
        [FamilySharing],
        path,
        sharing_body("safety_plan_id", plan["id"], item_version=2),
        422,
        "SOS-FAM-001",
    )
    shared = api.created(
        path, sharing_body("safety_plan_id", plan["id"], item_version=1, share_form="VERBAL")
    )
    assert (shared["safety_plan_id"], shared["item_version"], shared["share_form"]) == (
        plan["id"],
        1,
        "VERBAL",
    )


def test_what_was_shared_is_a_record_of_this_case_of_the_kind_named(api, db):
    fam = family(api)
    other = family(api)
    path = f"/v1/cases/{fam['case_id']}/shared-with-family"
    for kind, item in (
        ("danger_statement_id", other["statement"]["id"]),  # another case's statement
        ("safety_plan_id", fam["statement"]["id"]),  # this case's statement named as a plan
        ("map_id", str(uuid.uuid4())),  # nothing at all
    ):
        problem = refused(api, db, [FamilySharing], path, sharing_body(kind, item), 422, "SOS-FAM-001")
        assert problem["errors"][0]["pointer"] == f"/{kind}"
    two = sharing_body("danger_statement_id", fam["statement"]["id"], map_id=fam["statement"]["id"])
    problem = refused(api, db, [FamilySharing], path, two, 422, "SOS-FAM-001")
    assert [e["pointer"] for e in problem["errors"]] == ["/map_id", "/danger_statement_id"]
    none = {k: v for k, v in two.items() if k not in ("map_id", "danger_statement_id")}
    refused(api, db, [FamilySharing], path, none, 422, "SOS-FAM-001")


def test_a_statement_entered_in_error_cannot_be_shared(api, db):
    fam = family(api)
    statement = fam["statement"]
    marked = api.post(
        f"/v1/danger-statements/{statement['id']}/entered-in-error",
        {"reason": "Recorded on the wrong case."},
        headers=etag_headers(statement),
    )
    assert marked.status_code in (200, 201), marked.text
    path = f"/v1/cases/{fam['case_id']}/shared-with-family"
    refused(
        api,
        db,
        [FamilySharing],
        path,
        sharing_body("danger_statement_id", statement["id"]),
        422,
        "SOS-FAM-001",
    )


def test_people_named_by_id_are_members_of_the_case_or_its_network(api, db):
    fam = family(api)
    other = family(api)
    path = f"/v1/cases/{fam['case_id']}/shared-with-family"
    stranger = [{"person_id": other["mother"]["id"]}]
    problem = refused(
        api,
        db,
        [FamilySharing],
        path,
        sharing_body("danger_statement_id", fam["statement"]["id"], shared_with=stranger),
        422,
        "SOS-FAM-002",
    )
    assert problem["errors"][0]["pointer"] == "/shared_with/0/person_id"
    both = [{"person_id": fam["mother"]["id"], "name": "Jo"}]
    refused(
        api,
        db,
        [FamilySharing],
        path,
        sharing_body("danger_statement_id", fam["statement"]["id"], shared_with=both),
        422,
        None,
    )
    refused(
        api,
        db,
        [FamilySharing],
        path,
        sharing_body("danger_statement_id", fam["statement"]["id"], shared_with=[]),
        422,
        "SOS-FAM-002",
    )

    shared = api.created(path, sharing_body("danger_statement_id", fam["statement"]["id"]))
    one = f"/v1/family-sharings/{shared['id']}"
    refused(
        api,
        db,
        [FamilySharing],
        one,
        {"shared_with": stranger, "effective_on": "2025-04-16"},
        422,
        "SOS-FAM-002",
        method="patch",
        headers=etag_headers(shared),
    )
    amended = api.patch(
        one,
        {"shared_with": [{"person_id": fam["mother"]["id"]}], "effective_on": "2025-04-17"},
        headers=etag_headers(shared),
    )
    assert amended.status_code == 200, amended.text
    assert [v["change"] for v in history(api, one)] == ["create", "amend"]
