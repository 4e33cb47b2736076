"""The invented demo family of domain.md section 9 (the Thornburys of Eastmoor, authority 990),
recorded through the API itself so every rule, history version and audit event applies.

Everyone here is invented. Loaded once: running it again finds the case and stops.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from service.assessment import demo as assessment_demo
from service.db import get_sessionmaker
from service.kit.auth import mint_token
from service.main import create_app
from service.models import Case
from service.planning import demo as planning_demo

DEMO_LA = "990"
DEMO_CASE_REFERENCE = "EM-DEMO-0001"


class DemoClient:
    """Calls the API in-process and stops on the first refusal, so demo data is always valid."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.client.post(path, json=body, headers=self.headers)
        if response.status_code != 201:
            raise RuntimeError(f"demo step {path} refused: {response.status_code} {response.text}")
        result: dict[str, Any] = response.json()
        return result


def load_demo_family() -> str:
    with get_sessionmaker()() as session, session.begin():
        if session.scalars(select(Case).where(Case.reference == DEMO_CASE_REFERENCE)).first() is not None:
            return "The demo family is already loaded."
        token = mint_token(session, la_code=DEMO_LA, scopes=["read", "write"], subject="demo-loader")
    with TestClient(create_app()) as client:
        api = DemoClient(client, token)
        ctx = record_journey(api)
        assessment_demo.record(api, ctx)
        planning_demo.record(api, ctx)
    return "Loaded the demo family (authority 990, case EM-DEMO-0001)."


def record_journey(api: DemoClient) -> dict[str, Any]:
    people = {
        key: api.post("/v1/people", body)["id"]
        for key, body in {
            "maya": {"given_name": "Maya", "family_name": "Thornbury", "date_of_birth": "1998-06-02", "sex": "2",
                     "ethnicity": "WBRI"},
            "leo": {"given_name": "Leo", "family_name": "Thornbury", "date_of_birth": "2017-09-15", "sex": "1",
                    "ethnicity": "WBRI", "la_child_id": "EM-000123"},
            "ruby": {"given_name": "Ruby", "family_name": "Thornbury", "date_of_birth": "2022-11-30",
                     "sex": "2", "ethnicity": "WBRI", "la_child_id": "EM-000124"},
            "dean": {"given_name": "Dean", "family_name": "Carver", "sex": "1"},
            "pat": {"given_name": "Pat", "family_name": "Ellison", "sex": "2"},
            "sam": {"given_name": "Sam", "family_name": "Ellison", "sex": "2"},
            "jess": {"given_name": "Jess", "family_name": "Okoro", "sex": "2"},
        }.items()
    }
    case = api.post("/v1/cases", {"title": "Thornbury family", "reference": DEMO_CASE_REFERENCE,
                                  "opened_on": "2025-01-14"})
    case_path = f"/v1/cases/{case['id']}"
    for key in ("leo", "ruby"):
        api.post(f"{case_path}/members", {"person_id": people[key], "role": "CHILD", "joined_on": "2025-01-14"})
    for key, relationship in (("maya", "MOTHER"), ("dean", "PARENT_PARTNER"), ("pat", "GRANDPARENT"),
                              ("sam", "AUNT_UNCLE"), ("jess", "FAMILY_FRIEND")):
        api.post(f"{case_path}/members", {"person_id": people[key], "role": "ADULT",
                                          "relationship_to_children": relationship, "joined_on": "2025-01-14"})

    def move(to_stage: str, on: str, reason: str, who: str, **extra: Any) -> None:
        for child in ("leo", "ruby"):
            api.post(f"{case_path}/transitions", {"child_id": people[child], "to_stage": to_stage,
                                                  "effective_date": on, "reason": reason, "decided_by": who,
                                                  **extra})

    move("EARLY_HELP", "2025-01-14", "School worried about Leo's attendance and hunger; family agreed to early "
         "help.", "Amira Shah, early help practitioner")
    move("CIN", "2025-03-02", "Police notification: Dean pushed Maya while she held Ruby.", "Tom Baines, social "
         "worker, with team manager")
    move("CP", "2025-03-20", "Initial child protection conference: plans started (emotional abuse).",
         "Lena Ortiz, conference chair")
    move("LAC", "2025-05-30", "Police protection after Dean was found in the home; children placed with Pat.",
         "Team manager, out of hours", from_stage_continues=True)
    move("LAC", "2025-08-20", "Review conference: safety addressed by the care plan; child protection plans end.",
         "Lena Ortiz, conference chair", from_stage="CP")
    move("CIN", "2026-03-30", "Final hearing, no further order; children home with a child in need plan.",
         "Paul Reeve, IRO, and Tom Baines")
    move("EARLY_HELP", "2026-07-13", "Safety goals sustained; stepped down to early help with the network.",
         "Team manager")
    move("CLOSED", "2026-10-01", "Early help plan ended: needs met.", "Amira Shah, early help practitioner")
    return {"case": case, "people": people}
