"""Test data (SOS-REC-007): a record made with ``X-Test-Data: true`` says so in ``test_data``, keeps it
for good, and the measures leave it out."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from service.models import Case
from tests.support import Api, case, person
from tests.support.qa import allocation, go, measures, new_team, statement, team_case

TEST_DATA = {"X-Test-Data": "true"}


class MarkedApi(Api):
    """A client whose every request is marked as test data, as a conformance run's are."""

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return super().headers({**TEST_DATA, **(extra or {})})


def test_a_record_made_with_the_header_is_test_data_for_good(api: Api, db: Any) -> None:
    marked = MarkedApi(api.client, api.token)
    made = case(marked)
    assert made["test_data"] is True
    assert case(api)["test_data"] is False
    assert api.get(f"/v1/cases/{made['id']}").json()["test_data"] is True
    # an amendment without the header does not unmark it; one with it does not mark a real record
    etag = api.get(f"/v1/cases/{made['id']}").headers["ETag"]
    amended = api.patch(f"/v1/cases/{made['id']}", {"title": "Renamed"}, headers={"If-Match": etag})
    assert amended.json()["test_data"] is True
    real = case(api)
    etag = api.get(f"/v1/cases/{real['id']}").headers["ETag"]
    assert (
        marked.patch(f"/v1/cases/{real['id']}", {"title": "X"}, headers={"If-Match": etag}).json()[
            "test_data"
        ]
        is False
    )
    history = api.get(f"/v1/cases/{made['id']}/history").json()["versions"]
    assert [v["data"]["test_data"] for v in history] == [True, True]
    db.expire_all()
    assert db.scalar(select(Case.test_data).where(Case.id == uuid.UUID(made["id"]))) is True


def test_only_true_marks_test_data(api: Api) -> None:
    assert (
        api.post("/v1/people", person_body(), headers={"X-Test-Data": "false"}).json()["test_data"] is False
    )
    refused = api.post("/v1/people", person_body(), headers={"X-Test-Data": "perhaps"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["location"] == "header"


def person_body() -> dict[str, Any]:
    return {"given_name": "Ash", "family_name": "Tester", "sex": "1", "date_of_birth": "2019-02-02"}


def test_measures_leave_test_data_out(api: Api) -> None:
    """Two families held by one team, alike but for the header: only the real one counts. The test
    family's allocation is real, so the test family is in the team's scope and only its own marking
    keeps it out."""
    team = new_team()
    real, [a] = team_case(api, team)
    go(api, real, a, ("CIN", "2025-03-01"))
    statement(api, real, a, "2025-03-10")

    marked = MarkedApi(api.client, api.token)
    test_case = case(marked, opened_on="2023-01-02")
    child = person(marked, date_of_birth="2018-05-01")
    marked.created(
        f"/v1/cases/{test_case['id']}/members",
        {"person_id": child["id"], "role": "CHILD", "joined_on": "2023-01-02"},
    )
    allocation(api, test_case["id"], team=team, worker="Test worker", allocated_on="2023-01-02")
    go(marked, test_case["id"], child["id"], ("CIN", "2025-03-01"))
    statement(marked, test_case["id"], child["id"], "2025-03-10")

    m1 = measures(api, team)["M1"]
    assert (m1["numerator"], m1["denominator"]) == (1, 1)
    # the same family made without the header does count
    again, [b] = team_case(api, team)
    go(api, again, b, ("CIN", "2025-03-01"))
    m1 = measures(api, team)["M1"]
    assert (m1["numerator"], m1["denominator"]) == (1, 2)


def test_every_create_of_the_kit_declares_the_header(app: Any) -> None:
    creates = {
        op["operationId"]
        for item in app.openapi()["paths"].values()
        for op in item.values()
        if "X-Test-Data" in {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
    }
    assert {"create_person", "create_case", "record_stage_transition", "record_scale_rating"} <= creates
    for item in app.openapi()["paths"].values():
        for op in item.values():
            carried = "SOS-REC-007" in op["x-requirements"]
            assert carried == (op["operationId"] in creates | {"get_qa_measures"}), op["operationId"]
