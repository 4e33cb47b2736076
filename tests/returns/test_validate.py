"""Validation before export: the DfE 2025-26 rules (the Data to Insight validators) on a generated
authority and on the demo family, both returns, and a deliberately broken record found with its rule
code and its API path, through `sos-reference returns validate`."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from service.contract.examples import body
from service.db import get_sessionmaker
from service.fixtures.demo.client import demo_client
from service.fixtures.demo.journey import record_journey
from service.fixtures.generate import generate
from service.models.statutory import ChildProtectionPlan
from service.ops.cli import app as cli
from service.returns.cin import cin_census
from service.returns.collection_year import CollectionYear
from service.returns.ssda903 import ssda903
from service.returns.validate import validate_cin, validate_ssda903
from tests.support import plan_started
from tests.support.returns import child_in_a_case

YEAR = CollectionYear.parse("2025-26")
RETURN_LEVEL_QUERIES = {"2887Q", "2888Q"}
"""Queries about the spread of a whole return (fewer than 8 children without a disability; no child
with two disabilities): a return of a family or two cannot meet them without invented data."""


def _issues(la_code: str) -> tuple[Any, list[Any]]:
    with get_sessionmaker()() as session:
        census = cin_census(session, la_code, YEAR)
    return census, validate_cin(census)


def test_a_generated_authority_passes_the_2025_26_rules(authority: Any) -> None:
    authority("986")
    with get_sessionmaker()() as session, session.begin():
        generate(session, 80, seed=16, la_code="986")
    census, issues = _issues("986")  # the CIN census (the SSDA903 gaps: see the README)
    assert census.children > 10  # the census has children to check
    assert [issue.line() for issue in issues] == []


def test_a_generated_authority_passes_the_ssda903_2025_26_rules(authority: Any) -> None:
    authority("985")
    with get_sessionmaker()() as session, session.begin():
        generate(session, 250, seed=17, la_code="985")
    with get_sessionmaker()() as session:
        tables = ssda903(session, "985", YEAR)
    # The return has children in care of every kind the rules look at, so 0 issues means something.
    assert tables.children > 10
    for table in ("Episodes", "Reviews", "OC2", "PrevPerm", "SWEpisodes"):
        assert tables.tables.get(table), table
    assert any(row["MOTHER"] == "0" for row in tables.tables["Header"])
    assert [issue.line() for issue in validate_ssda903(tables, "985")] == []


def test_the_demo_family_passes_but_for_queries_about_a_whole_return(authority: Any, app: Any) -> None:
    api = authority("987", ("read", "write"))
    with demo_client(app, api.token) as client:
        record_journey(client, reference="EM-DEMO-987")
    census, issues = _issues("987")
    assert census.children == 2
    about_children = [issue.line() for issue in issues if issue.child is not None]
    assert about_children == []
    assert {issue.rule for issue in issues} <= RETURN_LEVEL_QUERIES
    with get_sessionmaker()() as session:
        tables = ssda903(session, "987", YEAR)
    assert tables.children == 2  # both went home on 30 March: no social worker episodes are asked
    assert [issue.line() for issue in validate_ssda903(tables, "987")] == []


def test_a_plan_starting_before_its_referral_is_named_with_its_rule_and_path(authority: Any) -> None:
    api = authority("988")
    case_id, child_id = child_in_a_case(api, "BR0001")
    made = plan_started(api, case_id, child_id, "2025-07-01")  # its referral made the same day
    assert made is not None
    plan_id = made[1]["id"]
    # The API refuses such a plan; records migrated from an older system can still hold one.
    with get_sessionmaker()() as session, session.begin():
        session.execute(
            update(ChildProtectionPlan)
            .where(ChildProtectionPlan.id == uuid.UUID(plan_id))
            .values(start_date=YEAR.start.replace(month=6, day=2))
        )
    result = CliRunner().invoke(cli, ["returns", "validate", "--la", "988", "--year", "2025-26"])
    assert result.exit_code == 1, result.output
    lines = {line for line in result.output.splitlines() if line.startswith("CIN rule 1105 child BR0001 ")}
    # Both dates the rule compares are named, each with the record holding it.
    paths = {line.split(" -> ")[1] for line in lines}
    assert paths == {f"/v1/cp-plans/{plan_id}", f"/v1/referrals/{made[1]['referral_id']}"}
    assert any("ChildProtectionPlans.CPPstartDate" in line for line in lines)


def test_the_rules_left_out_still_fail_valid_returns() -> None:
    """Each rule left out of the SSDA903 ruleset (SSDA903_NOT_RUN) is left out because the installed
    validator cannot pass valid data: when a new version can, this fails and the rule goes back in."""
    import pandas as pd
    from lac_validator.rules.lac2025_26 import registry

    from service.returns.validate import SSDA903_NOT_RUN

    assert set(SSDA903_NOT_RUN) == {"231", "233", "1007", "SW12STG2"}
    meta = {"collection_start": "01/04/2025", "collection_end": "31/03/2026"}

    def frame(*rows: dict[str, str | None]) -> Any:
        return pd.DataFrame(list(rows), dtype=object)

    # In care since 2024, a placement change in June 2025, one social worker throughout.
    episodes = frame(
        {"CHILD": "1", "DECOM": "01/01/2024", "RNE": "S", "LS": "C2", "DEC": "01/06/2025", "REC": "X1"},
        {"CHILD": "1", "DECOM": "01/06/2025", "RNE": "P", "LS": "C2", "DEC": None, "REC": None},
    )
    worker = frame(
        {"CHILD": "1", "SW_ID": "SW1234", "SW_DECOM": "01/01/2024", "SW_DEC": None, "SW_REASON": "FCONTA"}
    )
    flagged = registry["SW12STG2"].func({"Episodes": episodes, "SWEpisodes": worker, "metadata": meta})
    assert flagged == {"Episodes": [1]}
    # A care leaver born on 29 February.
    header = frame({"CHILD": "2", "SEX": "F", "DOB": "29/02/2008"})
    oc3 = frame({"CHILD": "2", "DOB": "29/02/2008", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "E1"})
    leaver = frame(
        {"CHILD": "2", "DECOM": "01/01/2024", "RNE": "S", "LS": "C2", "DEC": "01/01/2025", "REC": "E8"}
    )
    for code, tables in (
        ("1007", {"Header": header, "OC3": oc3, "Episodes": leaver}),
        ("231", {"Header": header}),
        ("233", {"Episodes": leaver}),
    ):
        with pytest.raises((KeyError, ValueError)):
            registry[code].func({**tables, "metadata": meta})


def test_a_plan_transferred_in_gives_the_referral_its_conference_date(authority: Any) -> None:
    """A plan started by a transfer-in conference has no section 47 here: the referral's CINdetails
    carries the transfer-in conference's date as DateOfInitialCPC, so the plan starts on it (rule 2885)."""
    api = authority("984")
    case_id, child_id = child_in_a_case(api, "TI0001")
    base = f"/v1/cases/{case_id}"
    referral = api.created(
        f"{base}/referrals", body("create_referral", child_id=child_id, referral_date="2025-07-01")
    )
    conference = api.created(
        f"{base}/cp-conferences",
        body(
            "create_cp_conference",
            child_id=child_id,
            conference_type="TRANSFER_IN",
            section47_id=None,
            held_on="2025-07-02",
            attendees=[{"name": "Tom Baines", "role": "Social worker"}],
            map_id=None,
            danger_statement_ids=[],
            rating_ids=[],
            override_reason="Transferred in: the other authority's map came with the plan.",
        ),
    )
    api.created(
        f"{base}/cp-plans",
        body(
            "create_cp_plan",
            child_id=child_id,
            referral_id=referral["id"],
            conference_id=conference["id"],
            start_date="2025-07-02",
        ),
    )
    census, issues = _issues("984")
    assert census.children == 1
    assert [issue.line() for issue in issues if issue.child is not None] == []


def test_the_step_down_at_the_review_that_ends_a_plan_passes_the_census(authority: Any) -> None:
    """The service's reading of the plans' periods is the census's: a plan reviewed and ended on one
    day, and a CIN plan of the child from that day (the step down), pass rules 4003, 4016, 4017 and
    4001. The one query left is about the minimal chain, not the plans: a section 47 enquiry with no
    assessment on the referral (2991Q)."""
    api = authority("983")
    case_id, child_id = child_in_a_case(api, "SD0001")
    made = plan_started(api, case_id, child_id, "2025-07-01")
    assert made is not None
    plan = made[1]
    api.created(f"/v1/cp-plans/{plan['id']}/reviews", body("create_cp_plan_review", review_date="2025-09-10"))
    ended = api.patch(
        f"/v1/cp-plans/{plan['id']}",
        {"end_date": "2025-09-10", "amendment_reason": "Ended at its review."},
        headers={"If-Match": 'W/"1"'},
    )
    assert ended.status_code == 200, ended.text
    api.created(
        f"/v1/cases/{case_id}/cin-plans",
        body(
            "create_cin_plan",
            child_id=child_id,
            referral_id=plan["referral_id"],
            start_date="2025-09-10",
            end_date=None,
        ),
    )
    census, issues = _issues("983")
    assert census.children == 1
    assert [issue.line() for issue in issues if issue.child is not None and issue.rule != "2991Q"] == []
