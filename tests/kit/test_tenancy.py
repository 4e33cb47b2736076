"""Another authority's record is exactly as absent as no record (SOS-TEN-001)."""

from __future__ import annotations

import uuid

from tests.support import assert_problem, case_with_child, move


def test_other_authority_gets_404_for_every_read_and_write(api, other_api):
    the_case, child = case_with_child(api)
    assert move(api, the_case["id"], child["id"], "EARLY_HELP").status_code == 201
    etag = api.get(f"/v1/cases/{the_case['id']}").headers["etag"]
    case_path = f"/v1/cases/{the_case['id']}"
    attempts = [
        other_api.get(case_path),
        other_api.get(f"{case_path}/history"),
        other_api.get(f"{case_path}/members"),
        other_api.get(f"{case_path}/transitions"),
        other_api.get(f"/v1/people/{child['id']}"),
        other_api.get(f"/v1/children/{child['id']}/journey"),
        other_api.get(f"/v1/children/{child['id']}/stages"),
        other_api.patch(case_path, {"title": "taken over"}, headers={"If-Match": etag}),
        other_api.post(f"{case_path}/entered-in-error", {"reason": "not ours"}, headers={"If-Match": etag}),
        other_api.post(
            f"{case_path}/members", {"person_id": child["id"], "role": "CHILD", "joined_on": "2025-01-14"}
        ),
        move(other_api, the_case["id"], child["id"], "CIN"),
    ]
    missing = other_api.get(f"/v1/cases/{uuid.uuid4()}")
    for response in attempts:
        body = assert_problem(response, 404, "not_found")
        assert str(the_case["id"]) not in body["detail"] or "no case" in body["detail"]
    assert missing.json()["title"] == attempts[0].json()["title"]
    assert api.get(case_path).json()["version"] == 1
    listed = other_api.get("/v1/cases", params={"limit": 100})
    assert the_case["id"] not in {item["id"] for item in listed.json()["items"]}
