"""Two invented young people walked through the API as a supplier's system would record them.

Kai Brennan (9) comes into care under section 20 with foster carers, moves to a second placement, goes
missing for a night, has his first looked-after review and goes home as the care plan intended. Mira
Sandell (17), looked after under a care order since she was 14, turns 18 and leaves care: she becomes
a care leaver with a pathway plan and the contacts the SSDA903 return asks about. Every move names
the episode it rests on; stages, periods of care and the review's timing follow. All invented.
"""

from __future__ import annotations

from typing import Any

from service.contract.examples import body
from tests.support import Api, person


class Walk:
    def __init__(self, api: Api, given: str, family: str, born: str, opened: str) -> None:
        self.api = api
        self.child = person(api, given_name=given, family_name=family, date_of_birth=born)["id"]
        case = api.created(
            "/v1/cases", body("create_case", title=f"{family} family", reference=None, opened_on=opened)
        )
        self.base = f"/v1/cases/{case['id']}"
        api.created(f"{self.base}/members", {"person_id": self.child, "role": "CHILD", "joined_on": opened})

    def post(self, what: str, operation: str, **fields: Any) -> dict[str, Any]:
        return self.api.created(f"{self.base}/{what}", body(operation, child_id=self.child, **fields))

    def amend(self, path: str, **changes: Any) -> dict[str, Any]:
        etag = self.api.get(path).headers["ETag"]
        response = self.api.patch(path, changes, headers={"If-Match": etag})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def move(self, to: str, on: str, **grounds: str) -> dict[str, Any]:
        return self.api.created(
            f"{self.base}/transitions",
            body(
                "record_stage_transition",
                child_id=self.child,
                to_stage=to,
                effective_date=on,
                grounds=grounds or None,
            ),
        )

    def stages(self) -> list[str]:
        return list(self.api.get(f"/v1/children/{self.child}/stages").json()["stages"])


def test_into_care_two_placements_missing_a_review_and_home(api: Api) -> None:
    kai = Walk(api, "Kai", "Brennan", "2016-04-12", "2025-04-01")
    referral = kai.post("referrals", "create_referral", referral_date="2025-04-01")
    kai.move("CIN", "2025-04-01", referral_id=referral["id"])

    foster = kai.post(
        "lac-episodes", "create_lac_episode", start_date="2025-05-30", legal_status="V2", placement_type="U6"
    )
    assert kai.move("LAC", "2025-05-30", lac_episode_id=foster["id"])["kind"] == "INTO_CARE"
    assert kai.stages() == ["LAC"]

    kai.amend(
        f"/v1/lac-episodes/{foster['id']}",
        end_date="2025-07-14",
        reason_ceased="X1",
        reason_place_change="CREQO",
    )
    second = kai.post(
        "lac-episodes",
        "create_lac_episode",
        start_date="2025-07-14",
        reason_new_episode="P",
        legal_status="V2",
        placement_type="U3",
        placement_postcode="LS15 7PR",
    )
    assert second["period_of_care_start"] == "2025-05-30"

    night = kai.post(
        "missing-episodes", "create_missing_episode", start_date="2025-07-20", end_date="2025-07-21"
    )
    assert night["missing_type"] == "M"
    review = kai.post("lac-reviews", "create_lac_review", review_date="2025-06-24", participation="PN1")
    assert review["on_time"] is True

    kai.amend(f"/v1/lac-episodes/{second['id']}", end_date="2025-09-05", reason_ceased="E4A")
    home = kai.move("CIN", "2025-09-05", lac_episode_id=second["id"])
    assert (home["kind"], kai.stages()) == ("RETURN_HOME", ["CIN"])

    listed = api.get(f"{kai.base}/lac-episodes", params={"child_id": kai.child}).json()["items"]
    assert sorted((e["start_date"], e["end_date"], e["reason_ceased"]) for e in listed) == [
        ("2025-05-30", "2025-07-14", "X1"),
        ("2025-07-14", "2025-09-05", "E4A"),
    ]
    journey = api.get(f"/v1/children/{kai.child}/journey")
    assert journey.status_code == 200


def test_a_young_person_leaves_care_to_care_leaver_contacts(api: Api) -> None:
    mira = Walk(api, "Mira", "Sandell", "2008-03-01", "2022-06-01")
    referral = mira.post("referrals", "create_referral", referral_date="2022-06-01")
    mira.move("CIN", "2022-06-01", referral_id=referral["id"])
    order = mira.post(
        "lac-episodes", "create_lac_episode", start_date="2022-06-10", legal_status="C2", placement_type="U4"
    )
    mira.move("LAC", "2022-06-10", lac_episode_id=order["id"])
    mira.post(
        "permanence-decisions",
        "create_permanence_decision",
        plan="LONG_TERM_FOSTERING",
        decided_on="2022-11-01",
    )
    mira.amend(f"/v1/lac-episodes/{order['id']}", end_date="2026-03-01", reason_ceased="E17")
    leaving = mira.move("CARE_LEAVER", "2026-03-01", lac_episode_id=order["id"])
    assert (leaving["kind"], mira.stages()) == ("LEAVING_CARE", ["CARE_LEAVER"])

    plan = mira.post(
        "pathway-plans", "create_pathway_plan", start_date="2025-09-01", review_dates=["2026-03-01"]
    )
    assert plan["personal_adviser"]
    mira.post("care-leaver-contacts", "create_care_leaver_contact", contact_date="2026-03-05")
    mira.post(
        "care-leaver-contacts",
        "create_care_leaver_contact",
        contact_date="2027-03-02",
        in_touch="NO",
        activity=None,
        accommodation=None,
    )
    contacts = api.get(f"{mira.base}/care-leaver-contacts", params={"child_id": mira.child}).json()["items"]
    assert sorted((c["contact_date"], c["in_touch"]) for c in contacts) == [
        ("2026-03-05", "YES"),
        ("2027-03-02", "NO"),
    ]
