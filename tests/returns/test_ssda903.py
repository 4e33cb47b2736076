"""The SSDA903 tables of a small hand-built authority, compared field by field with its records, and
checked with the 2025-26 rules; a deliberately broken episode (no reason ceased) named with its rule
code and path."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pandas as pd
from lac_validator.rules.lac2022_23.rule_209 import validate as rule_209
from sqlalchemy import update
from typer.testing import CliRunner

from service.contract.examples import body
from service.db import get_sessionmaker
from service.models.care import LookedAfterEpisode
from service.ops.cli import app as cli
from service.returns.collection_year import CollectionYear
from service.returns.ssda903 import ssda903, upn_unknown_903
from service.returns.validate import validate_ssda903
from tests.support import Api
from tests.support.care import refused
from tests.support.returns import child_in_a_case

YEAR = CollectionYear.parse("2025-26")


def _in_care(api: Api, la_child_id: str) -> dict[str, Any]:
    case_id, child_id = child_in_a_case(api, la_child_id)
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


def test_motherhood_outcomes_and_social_workers_come_from_their_records(authority: Any) -> None:
    """MOTHER and MC_DOB from the mother status, OC2 from the health outcome for the census date,
    SWEpisodes from the case's allocations; each row kept with its record's path."""
    api = authority("973")
    made = _in_care(api, "LA0003")
    case, child = f"/v1/cases/{made['first']['case_id']}", made["child_id"]
    with get_sessionmaker()() as session:
        empty = ssda903(session, "973", YEAR)
    assert empty.tables["Header"][0]["MOTHER"] == ""  # nothing recorded: nothing sent
    assert "OC2" not in empty.tables and "SWEpisodes" not in empty.tables

    missing_birth = body("create_mother_status", child_id=child, is_mother=True)
    refused(api.post(f"{case}/mother-statuses", missing_birth), "SOS-RET-007", "/child_born_on")
    # She is nine: a child born to her is refused (before her 11th birthday); she is not a mother.
    too_young = {**missing_birth, "child_born_on": "2025-02-11"}
    refused(api.post(f"{case}/mother-statuses", too_young), "SOS-RET-007", "/child_born_on")
    api.created(
        f"{case}/mother-statuses",
        body("create_mother_status", child_id=child, recorded_on="2025-05-30", is_mother=False),
    )
    outcome = api.created(
        f"{case}/health-outcomes",
        body(
            "create_health_outcome", child_id=child, year_ending="2026-03-31", sdq_score=17, teeth_check=False
        ),
    )
    api.created(  # another year's outcomes: not this return's
        f"{case}/health-outcomes", body("create_health_outcome", child_id=child, year_ending="2025-03-31")
    )
    allocation = api.created(
        f"{case}/allocations",
        body(
            "create_allocation",
            team="Ambleside team",
            worker="Rae Holm, social worker",
            allocated_on="2025-04-01",
            worker_id="SW100001",
            reason="FCONTA",
        ),
    )
    with get_sessionmaker()() as session:
        tables = ssda903(session, "973", YEAR)
    assert (tables.tables["Header"][0]["MOTHER"], tables.tables["Header"][0]["MC_DOB"]) == ("0", "")
    assert tables.rows["Header"] == [f"/v1/people/{child}"]  # the header row is the child's
    assert tables.tables["OC2"] == [
        {
            "CHILD": "LA0003",
            "DOB": "20/04/2016",
            "SDQ_SCORE": "17",
            "SDQ_REASON": "",
            "CONVICTED": "0",
            "HEALTH_CHECK": "",
            "IMMUNISATIONS": "1",
            "TEETH_CHECK": "0",
            "HEALTH_ASSESSMENT": "1",
            "SUBSTANCE_MISUSE": "0",
            "INTERVENTION_RECEIVED": "",
            "INTERVENTION_OFFERED": "",
        }
    ]
    assert tables.rows["OC2"] == [f"/v1/health-outcomes/{outcome['id']}"]  # not the earlier year's
    assert tables.tables["SWEpisodes"] == [
        {
            "CHILD": "LA0003",
            "DOB": "20/04/2016",
            "SW_ID": "SW100001",
            "SW_DECOM": "01/04/2025",
            "SW_DEC": "",
            "SW_REASON": "FCONTA",
        }
    ]
    assert tables.rows["SWEpisodes"] == [f"/v1/allocations/{allocation['id']}"]


def test_the_uasc_table_comes_from_the_uasc_statuses(authority: Any) -> None:
    """A looked-after child recorded as an unaccompanied asylum-seeking child has one UASC row, from
    the latest status open in the year, DUC the date it ceased or empty while it had not by the census
    date; a status begun after the census date, ceased before the year, or entered in error, sends
    nothing."""
    api = authority("975")
    made = _in_care(api, "LA0005")
    case, child = f"/v1/cases/{made['first']['case_id']}", made["child_id"]

    def status(**values: Any) -> dict[str, Any]:
        return api.created(f"{case}/uasc-statuses", body("create_uasc_status", child_id=child, **values))

    later = status(start_date="2026-04-02", ceased_on=None)
    with get_sessionmaker()() as session:
        assert "UASC" not in ssda903(session, "975", YEAR).tables  # known only after the census date
    status(start_date="2024-11-02", ceased_on="2025-02-01")  # the year before's return said it
    mistaken = status(start_date="2025-06-02", ceased_on=None)
    etag = api.get(f"/v1/uasc-statuses/{mistaken['id']}").headers["ETag"]
    marked = api.post(
        f"/v1/uasc-statuses/{mistaken['id']}/entered-in-error",
        {"reason": "Recorded on the wrong child"},
        headers={"If-Match": etag},
    )
    assert marked.status_code == 200, marked.text
    with get_sessionmaker()() as session:
        assert "UASC" not in ssda903(session, "975", YEAR).tables
    ceased = status(start_date="2025-05-30", ceased_on="2025-07-01")
    with get_sessionmaker()() as session:
        tables = ssda903(session, "975", YEAR)
    row = {"CHILD": "LA0005", "SEX": "F", "DOB": "20/04/2016"}
    assert tables.tables["UASC"] == [{**row, "DUC": "01/07/2025"}]
    assert tables.rows["UASC"] == [f"/v1/uasc-statuses/{ceased['id']}"]
    current = status(start_date="2025-08-01", ceased_on="2026-04-20")
    with get_sessionmaker()() as session:
        tables = ssda903(session, "975", YEAR)
    assert tables.tables["UASC"] == [{**row, "DUC": ""}]
    assert tables.rows["UASC"] == [f"/v1/uasc-statuses/{current['id']}"]
    assert later["id"] not in str(tables.rows)
    uasc_rules = {i.rule for i in validate_ssda903(tables, "975") if i.table == "UASC"}
    assert not uasc_rules, uasc_rules


def test_annex_a_children_in_care_care_leavers_and_adoption(authority: Any) -> None:
    """Lists 8 to 10 from the looked-after records; 1 (contacts) and 11 (adopters) are refused: the
    service holds no such records."""
    api = authority("974")
    made = _in_care(api, "LA0004")
    case, child = f"/v1/cases/{made['first']['case_id']}", made["child_id"]
    api.created(
        f"{case}/care-leaver-contacts",
        body(
            "create_care_leaver_contact",
            child_id=child,
            contact_date="2025-10-02",
            in_touch="NO",
            activity=None,
            accommodation=None,
        ),
    )

    def rows(number: int) -> list[list[str]]:
        response = api.get(f"/v1/returns/annex-a/{number}", params={"year": "2025-26"})
        assert response.status_code == 200, response.text
        return [line.split(",") for line in response.text.splitlines()]

    in_care = rows(8)
    assert in_care[0][5:] == [
        "Episode start date",
        "Reason for new episode",
        "Legal status",
        "Category of need",
        "Placement type",
        "Placement provider",
        "Placement postcode",
        "Episode end date",
        "Reason episode ceased",
    ]
    assert [row[:1] + row[5:] for row in in_care[1:]] == [
        ["LA0004", "2025-05-30", "S", "V2", "N1", "U6", "PR1", "LS14 2QT", "2025-07-14", "X1"],
        ["LA0004", "2025-07-14", "P", "V2", "N1", "U3", "PR1", "LS15 7PR", "", ""],
    ]
    assert [row[5:] for row in rows(9)[1:]] == [["2025-10-02", "NO", "", ""]]
    assert rows(10)[1:] == []  # the permanence decisions here record no adoption
    for absent in (1, 11):
        assert api.get(f"/v1/returns/annex-a/{absent}", params={"year": "2025-26"}).status_code == 422


def test_a_cin_only_upn_reason_is_un1_only_below_school_age() -> None:
    """UN6 and UN7 have no SSDA903 code. For a child below school age (under four on 31 August 2024,
    for 2025-26: rule 209's test) they become UN1; for an older child they are sent as recorded
    (rule 168 reports them), never as a UN1 that rule 209 refuses. UN1 to UN5 are sent as recorded."""
    young, four_in_time, older = date(2021, 3, 1), date(2020, 8, 31), date(2016, 4, 20)
    assert upn_unknown_903("UN6", young, YEAR) == "UN1"
    assert upn_unknown_903("UN7", young, YEAR) == "UN1"
    assert upn_unknown_903("UN6", four_in_time, YEAR) == "UN6"
    assert upn_unknown_903("UN6", older, YEAR) == "UN6"
    assert upn_unknown_903("UN6", None, YEAR) == "UN6"
    assert upn_unknown_903("UN3", young, YEAR) == "UN3"
    assert upn_unknown_903(None, young, YEAR) == ""
    # The DfE's rule 209 (the validator's own code) agrees on where school age starts.
    header = pd.DataFrame(
        {"UPN": [upn_unknown_903("UN6", born, YEAR) for born in (young, four_in_time)]}
        | {"DOB": [young.strftime("%d/%m/%Y"), four_in_time.strftime("%d/%m/%Y")]}
    )
    assert rule_209({"Header": header, "metadata": {"collection_start": "01/04/2025"}}) == {"Header": []}
    header.loc[1, "UPN"] = "UN1"
    assert rule_209({"Header": header, "metadata": {"collection_start": "01/04/2025"}}) == {"Header": [1]}
