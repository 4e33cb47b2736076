"""How long a child's records are kept, read from the API (GET /v1/children/{id}/retention): worked out
from the records on every read, so recording a looked-after episode, an adoption or a death changes it
with nothing typed; audited as one read; another authority's child is not found."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select

from service.models import AuditEvent
from tests.support import Api, assert_problem
from tests.support.care import Child


def _retention(api: Api, child: str) -> dict[str, Any]:
    response = api.get(f"/v1/children/{child}/retention")
    assert response.status_code == 200, response.text
    return dict(response.json())


def _rules(retention: dict[str, Any]) -> dict[str, tuple[bool, str | None]]:
    return {r["rule"]: (r["applies"], r["until"]) for r in retention["rules"]}


def _birth(api: Api, child: str) -> str:
    return str(api.get(f"/v1/people/{child}").json()["date_of_birth"])


def _plus(day: str, years: int) -> str:
    return f"{int(day[:4]) + years}{day[4:]}"


def test_a_child_never_looked_after_is_kept_by_the_authoritys_policy(api: Api) -> None:
    kid = Child(api)
    kept = _retention(api, kid.child)
    chronology = api.get(f"/v1/children/{kid.child}/chronology").json()["entries"]
    assert kept["last_change_on"] == max(e["date"] for e in chronology)
    assert kept["inactive_years"] == 3
    policy = max(_plus(_birth(api, kid.child), 18), _plus(kept["last_change_on"], 3))
    assert (kept["retain_until"], kept["rule"]) == (policy, "LOCAL_POLICY")
    assert _rules(kept) == {
        "ADOPTED": (False, None),
        "LOOKED_AFTER": (False, None),
        "LOCAL_POLICY": (True, policy),
    }


def test_a_looked_after_episode_keeps_the_record_to_the_75th_anniversary_of_the_birth(api: Api) -> None:
    kid = Child(api)
    episode = kid.made_episode()
    kept = _retention(api, kid.child)
    assert (kept["retain_until"], kept["rule"]) == (_plus(_birth(api, kid.child), 75), "LOOKED_AFTER")
    entered = api.post(
        f"/v1/lac-episodes/{episode['id']}/entered-in-error",
        {"reason": "Recorded on the wrong child."},
        headers={"If-Match": f'W/"{episode["version"]}"'},
    )
    assert entered.status_code == 200, entered.text
    assert _retention(api, kid.child)["rule"] == "LOCAL_POLICY"


def test_a_death_before_18_of_a_looked_after_child_keeps_the_record_15_years_from_it(api: Api) -> None:
    kid = Child(api)
    kid.made_episode()
    person = api.get(f"/v1/people/{kid.child}").json()
    died = api.patch(
        f"/v1/people/{kid.child}",
        {"date_of_death": "2025-08-14", "amendment_reason": "The child died."},
        headers={"If-Match": f'W/"{person["version"]}"'},
        on="2025-08-14",
    )
    assert died.status_code == 200, died.text
    kept = _retention(api, kid.child)
    assert (kept["retain_until"], kept["rule"]) == ("2040-08-14", "LOOKED_AFTER")
    assert "died on 2025-08-14" in next(r for r in kept["rules"] if r["rule"] == "LOOKED_AFTER")["because"]


def test_an_adoption_order_keeps_the_record_100_years_from_it(api: Api) -> None:
    kid = Child(api)
    episode = kid.made_episode(placement_type="A3", legal_status="E1")
    kid.end_episode(episode, "2026-01-20", reason="E11")
    kept = _retention(api, kid.child)
    assert (kept["retain_until"], kept["rule"]) == ("2126-01-20", "ADOPTED")


def test_retention_is_audited_as_one_read_and_another_authoritys_child_is_not_found(
    api: Api, other_api: Api, db: Any
) -> None:
    kid = Child(api)

    def reads() -> int:
        db.expire_all()
        query = select(func.count()).where(AuditEvent.action == "read_retention")
        return int(db.scalar(query.where(AuditEvent.record_id == uuid.UUID(kid.child))))

    before = reads()
    _retention(api, kid.child)
    assert reads() == before + 1
    assert_problem(other_api.get(f"/v1/children/{kid.child}/retention"), 404)
    assert_problem(api.get(f"/v1/children/{uuid.uuid4()}/retention"), 404)
