"""The returns tests' shared set-up."""

from __future__ import annotations

from service.contract.examples import body
from tests.support import Api


def child_in_a_case(api: Api, la_child_id: str, headers: dict[str, str] | None = None) -> tuple[str, str]:
    """A case with one child; returns (case id, child id)."""
    case = api.post("/v1/cases", body("create_case", reference=None), headers=headers).json()
    child = api.post(
        "/v1/people",
        body(
            "create_person",
            "child",
            family_name="Ambleside",
            date_of_birth="2016-04-20",
            sex="2",
            ethnicity="MWBC",
            la_child_id=la_child_id,
            upn_unknown_reason="UN3",
            disabilities=["LD", "COMM"],
        ),
        headers=headers,
    ).json()
    member = body("create_case_member", "child", person_id=child["id"], joined_on="2024-01-10")
    assert api.post(f"/v1/cases/{case['id']}/members", member, headers=headers).status_code == 201
    return case["id"], child["id"]
