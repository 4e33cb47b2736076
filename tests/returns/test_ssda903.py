"""The SSDA903 tables of a small hand-built authority, compared field by field with its records, and
checked with the 2025-26 rules; a deliberately broken episode (no reason ceased) named with its rule
code and path."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update
from typer.testing import CliRunner

from service.contract.examples import body
from service.db import get_sessionmaker
from service.models.care import LookedAfterEpisode
from service.ops.cli import app as cli
from service.returns.collection_year import CollectionYear
from service.returns.ssda903 import ssda903
from service.returns.validate import validate_ssda903
from tests.returns.test_cin_census import _child
from tests.support import Api

YEAR = CollectionYear.parse("2025-26")


def _in_care(api: Api, la_child_id: str) -> dict[str, Any]:
    case_id, child_id = _child(api, la_child_id)
    base = f"/v1/cases/{case_id}"

    def post(what: str, op: str, **values: Any) -> dict[str, Any]:
        return api.created(f"{base}/{what}", body(op, child_id=child_id, **values))

    first = post(
        "lac-episodes", "create_lac_episode", start_date="2025-05-30", legal_status="V2", placement_type="U6"
    )
    etag = api.get(f"/v1/lac-episodes/{first['id']}").headers["ETag"]
    changes = {"end_date": "2025-07-14", "reason_ceased": "X1", "reason_place_change": "CREQO"}
    assert (
        api.patch(f"/v1/lac-episodes/{first['id']}", changes, headers={"If-Match": etag}).status_code == 200
    )
    second = post(
        "lac-episodes",
        "create_lac_episode",
        start_date="2025-07-14",
        reason_new_episode="P",
        legal_status="V2",
        placement_type="U3",
        placement_postcode="LS15 7PR",
    )
    review = post("lac-reviews", "create_lac_review", review_date="2025-06-24", participation="PN1")
    missing = post(
        "missing-episodes", "create_missing_episode", start_date="2025-07-20", end_date="2025-07-21"
    )
    return {"first": first, "second": second, "review": review, "missing": missing, "child_id": child_id}


def test_a_hand_built_authority_exported_field_by_field(authority: Any) -> None:
    api = authority("971")
    made = _in_care(api, "LA0001")
    with get_sessionmaker()() as session:
        tables = ssda903(session, "971", YEAR)
    assert tables.children == 1
    assert tables.tables["Header"] == [
        {
            "CHILD": "LA0001",
            "SEX": "F",
            "DOB": "20/04/2016",
            "ETHNIC": "MWBC",
            "UPN": "UN3",
            "MOTHER": "",
            "MC_DOB": "",
        }
    ]
    episode = dict.fromkeys(["HOME_POST", "URN", "DEC", "REC", "REASON_PLACE_CHANGE", "PL_POST"], "")
    assert tables.tables["Episodes"] == [
        {
            **episode,
            "CHILD": "LA0001",
            "DECOM": "30/05/2025",
            "RNE": "S",
            "LS": "V2",
            "CIN": "N1",
            "PLACE": "U6",
            "PLACE_PROVIDER": "PR1",
            "DEC": "14/07/2025",
            "REC": "X1",
            "REASON_PLACE_CHANGE": "CREQO",
            "HOME_POST": "LS9 8AB",
            "PL_POST": "LS14 2QT",
        },
        {
            **episode,
            "CHILD": "LA0001",
            "DECOM": "14/07/2025",
            "RNE": "P",
            "LS": "V2",
            "CIN": "N1",
            "PLACE": "U3",
            "PLACE_PROVIDER": "PR1",
            "HOME_POST": "LS9 8AB",
            "PL_POST": "LS15 7PR",
        },
    ]
    assert tables.rows["Episodes"] == [
        f"/v1/lac-episodes/{made['first']['id']}",
        f"/v1/lac-episodes/{made['second']['id']}",
    ]
    assert tables.tables["Reviews"] == [
        {"CHILD": "LA0001", "DOB": "20/04/2016", "REVIEW": "24/06/2025", "REVIEW_CODE": "PN1"}
    ]
    assert tables.tables["Missing"] == [
        {
            "CHILD": "LA0001",
            "DOB": "20/04/2016",
            "MISSING": "M",
            "MIS_START": "20/07/2025",
            "MIS_END": "21/07/2025",
        }
    ]
    assert set(tables.files()) == {
        "header.csv",
        "episodes.csv",
        "reviews.csv",
        "uasc.csv",
        "oc2.csv",
        "oc3.csv",
        "ad1.csv",
        "placed_for_adoption_errors.csv",
        "previous_permanence.csv",
        "missing.csv",
        "sw_episodes.csv",
    }
    # The API serves the same tables, one a request.
    served = api.get("/v1/returns/ssda903/episodes", params={"year": "2025-26"})
    assert served.status_code == 200, served.text
    assert served.text == tables.csv("Episodes")
    assert served.text.splitlines()[0] == ",".join(tables.tables["Episodes"][0])
    # Every issue names a record of this return (or the return itself).
    issues = validate_ssda903(tables, "971")
    ours = {*(path for paths in tables.rows.values() for path in paths), "/v1/returns/ssda903?year=2025-26"}
    assert {issue.path for issue in issues} <= ours


def test_an_episode_with_no_reason_ceased_is_named_with_its_rule_and_path(authority: Any) -> None:
    api = authority("972")
    made = _in_care(api, "LA0002")
    first = made["first"]["id"]
    with get_sessionmaker()() as session:
        before = {i.line() for i in validate_ssda903(ssda903(session, "972", YEAR), "972")}
    # The API refuses an end date without a reason; records migrated from elsewhere can lack one.
    with get_sessionmaker()() as session, session.begin():
        session.execute(
            update(LookedAfterEpisode)
            .where(LookedAfterEpisode.id == uuid.UUID(first))
            .values(reason_ceased=None)
        )
    result = CliRunner().invoke(cli, ["returns", "validate", "--la", "972", "--year", "2025-26"])
    assert result.exit_code == 1, result.output
    new = [
        line for line in result.output.splitlines() if line.startswith("SSDA903 rule ") and line not in before
    ]
    assert new, result.output
    assert all(" child LA0002 " in line for line in new)
    assert any(
        line.endswith(f"-> /v1/lac-episodes/{first}") and "REC" in line.split(": ")[0] for line in new
    ), new
