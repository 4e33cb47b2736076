"""The invented demo family of domain.md section 9 (the Thornburys of Eastmoor, authority 990),
recorded through the API itself so every rule, history version and audit event applies.

The journey is a list of dated steps (this module's people, case and stage moves, and the
assessment and planning records of the other two demo modules), run in date order. So each stage
transition carries forward what the case's records were on that day, and every record is checked
against the stages in force when it was made.

Everyone here is invented. Loaded once: running it again finds the case and stops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from service.db import get_sessionmaker
from service.kit.auth import mint_token
from service.main import create_app
from service.models import Case

DEMO_LA = "990"
DEMO_CASE_REFERENCE = "EM-DEMO-0001"


class DemoClient:
    """Calls the API in-process and stops on the first refusal, so demo data is always valid.

    ``written`` keeps every record the API sent back after a write, oldest first.
    """

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.written: list[dict[str, Any]] = []

    def get(self, path: str) -> dict[str, Any]:
        return self._expect(self.client.get(path, headers=self.headers), path, 200, keep=False)

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._expect(self.client.post(path, json=body, headers=self.headers), path, 201)

    def patch(self, path: str, body: dict[str, Any], version: int) -> dict[str, Any]:
        """Amend a record read at ``version`` (sent as If-Match); the amended record comes back."""
        return self._expect(self.client.patch(path, json=body, headers=self._if_match(version)), path, 200)

    def act(self, path: str, body: dict[str, Any], version: int) -> dict[str, Any]:
        """A POST that changes an existing record (e.g. marking a goal met), with If-Match."""
        return self._expect(self.client.post(path, json=body, headers=self._if_match(version)), path, 200)

    def _if_match(self, version: int) -> dict[str, str]:
        return {**self.headers, "If-Match": f'W/"{version}"'}

    def _expect(self, response: Any, path: str, status: int, keep: bool = True) -> dict[str, Any]:
        if response.status_code != status:
            raise RuntimeError(f"demo step {path} refused: {response.status_code} {response.text}")
        result: dict[str, Any] = response.json()
        if keep:
            self.written.append(result)
        return result


@dataclass(frozen=True)
class Step:
    """One dated step of the journey: ``run`` records it through the API and fills ``ctx``."""

    on: date
    title: str
    run: Callable[[DemoClient, dict[str, Any]], None]


def journey_steps() -> list[Step]:
    """Every step of the journey in date order; on the same day, the stage moves come first, then the
    assessment records, then the planning records, each module's steps in the order it lists them."""
    # Imported here: the two modules import Step from this one.
    from service.assessment import demo as assessment_demo
    from service.planning import demo as planning_demo

    modules = (steps(), assessment_demo.steps(), planning_demo.steps())
    ordered = [(step.on, rank, step) for rank, module_steps in enumerate(modules) for step in module_steps]
    ordered.sort(key=lambda item: (item[0], item[1]))  # stable: each module's own order is kept
    return [step for _, _, step in ordered]


def new_context(reference: str = DEMO_CASE_REFERENCE, suffix: str = "") -> dict[str, Any]:
    """What the steps start from: the case reference, and a suffix for the LA's child ids so a second
    family (a test's, say) can be recorded beside the demo one. The steps add ids as they go."""
    return {"reference": reference, "suffix": suffix}


def record_journey(api: DemoClient, reference: str = DEMO_CASE_REFERENCE, suffix: str = "") -> dict[str, Any]:
    ctx = new_context(reference, suffix)
    for step in journey_steps():
        step.run(api, ctx)
    return ctx


def load_demo_family() -> str:
    with get_sessionmaker()() as session, session.begin():
        if session.scalars(select(Case).where(Case.reference == DEMO_CASE_REFERENCE)).first() is not None:
            return "The demo family is already loaded."
        token = mint_token(session, la_code=DEMO_LA, scopes=["read", "write"], subject="demo-loader")
    with TestClient(create_app()) as client:
        record_journey(DemoClient(client, token))
    return "Loaded the demo family (authority 990, case EM-DEMO-0001)."


# --- the people, the case and the stage moves ----------------------------------------------------


def _open_case(api: DemoClient, ctx: dict[str, Any]) -> None:
    suffix = ctx["suffix"]
    ctx["people"] = {
        key: api.post("/v1/people", body)["id"]
        for key, body in {
            "maya": {
                "given_name": "Maya",
                "family_name": "Thornbury",
                "date_of_birth": "1998-06-02",
                "sex": "2",
                "ethnicity": "WBRI",
            },
            "leo": {
                "given_name": "Leo",
                "family_name": "Thornbury",
                "date_of_birth": "2017-09-15",
                "sex": "1",
                "ethnicity": "WBRI",
                "la_child_id": f"EM-000123{suffix}",
            },
            "ruby": {
                "given_name": "Ruby",
                "family_name": "Thornbury",
                "date_of_birth": "2022-11-30",
                "sex": "2",
                "ethnicity": "WBRI",
                "la_child_id": f"EM-000124{suffix}",
            },
            "dean": {"given_name": "Dean", "family_name": "Carver", "sex": "1"},
            "pat": {"given_name": "Pat", "family_name": "Ellison", "sex": "2"},
            "sam": {"given_name": "Sam", "family_name": "Ellison", "sex": "2"},
            "jess": {"given_name": "Jess", "family_name": "Okoro", "sex": "2"},
        }.items()
    }
    people = ctx["people"]
    ctx["case"] = api.post(
        "/v1/cases", {"title": "Thornbury family", "reference": ctx["reference"], "opened_on": "2025-01-14"}
    )
    case_path = f"/v1/cases/{ctx['case']['id']}"
    for key in ("leo", "ruby"):
        api.post(
            f"{case_path}/members", {"person_id": people[key], "role": "CHILD", "joined_on": "2025-01-14"}
        )
    for key, relationship in (
        ("maya", "MOTHER"),
        ("dean", "PARENT_PARTNER"),
        ("pat", "GRANDPARENT"),
        ("sam", "AUNT_UNCLE"),
        ("jess", "FAMILY_FRIEND"),
    ):
        api.post(
            f"{case_path}/members",
            {
                "person_id": people[key],
                "role": "ADULT",
                "relationship_to_children": relationship,
                "joined_on": "2025-01-14",
            },
        )


def _move(
    to_stage: str, on: str, reason: str, who: str, **extra: Any
) -> Callable[[DemoClient, dict[str, Any]], None]:
    def run(api: DemoClient, ctx: dict[str, Any]) -> None:
        for child in ("leo", "ruby"):
            api.post(
                f"/v1/cases/{ctx['case']['id']}/transitions",
                {
                    "child_id": ctx["people"][child],
                    "to_stage": to_stage,
                    "effective_date": on,
                    "reason": reason,
                    "decided_by": who,
                    **extra,
                },
            )

    return run


def _moving(to_stage: str, on: str, title: str, reason: str, who: str, **extra: Any) -> Step:
    return Step(date.fromisoformat(on), title, _move(to_stage, on, reason, who, **extra))


def steps() -> list[Step]:
    """Domain.md section 9 steps 1, 7, 15, 19, 23, 25 and 26: the case and both children's moves."""
    return [
        Step(date(2025, 1, 14), "1. Case opened: the family and its members", _open_case),
        _moving(
            "EARLY_HELP",
            "2025-01-14",
            "1. Both children start early help",
            "School worried about Leo's attendance and hunger; family agreed to early help.",
            "Amira Shah, early help practitioner",
        ),
        _moving(
            "CIN",
            "2025-03-02",
            "7. Step up to child in need (T1)",
            "Police notification: Dean pushed Maya while she held Ruby.",
            "Tom Baines, social worker, with team manager",
        ),
        _moving(
            "CP",
            "2025-03-20",
            "10. Initial child protection conference: plans start",
            "Initial child protection conference: plans started (emotional abuse).",
            "Lena Ortiz, conference chair",
        ),
        _moving(
            "LAC",
            "2025-05-30",
            "15. Into care with child protection continuing (T2)",
            "Police protection after Dean was found in the home; children placed with Pat.",
            "Team manager, out of hours",
            from_stage_continues=True,
        ),
        _moving(
            "LAC",
            "2025-08-20",
            "19. Review conference: child protection plans end",
            "Review conference: safety addressed by the care plan; child protection plans end.",
            "Lena Ortiz, conference chair",
            from_stage="CP",
        ),
        _moving(
            "CIN",
            "2026-03-30",
            "23. Home for good: looked after to child in need (T3)",
            "Final hearing, no further order; children home with a child in need plan.",
            "Paul Reeve, IRO, and Tom Baines",
        ),
        _moving(
            "EARLY_HELP",
            "2026-07-13",
            "25. Step down to early help (T4)",
            "Safety goals sustained; stepped down to early help with the network.",
            "Team manager",
        ),
        _moving(
            "CLOSED",
            "2026-10-01",
            "26. Case closed (T5)",
            "Early help plan ended: needs met.",
            "Amira Shah, early help practitioner",
        ),
    ]
