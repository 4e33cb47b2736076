"""Statutory returns read back: the CIN census, the SSDA903 tables and the Annex A lists hold the
suite's own children with the values the suite recorded, leave out test data, records entered in
error and other authorities' children, keep to the collection year, and are audited bulk reads
served only with the admin or audit scope.

The returns are read with ``--token`` once it is known to hold the audit scope (the ``auditor``
fixture): without it the checks are skipped with that reason, a setup problem rather than a failure.
Each child is found by the authority's child id (``la_child_id``) the suite gives it, unique to the
run, so a busy system's other children change nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, all_items
from sos_conformance.expect import check, expect_field_error, expect_problem, expect_status, fail
from sos_conformance.plugin import Settings, area, requirement

pytestmark = area("returns", "statutory")

YEAR = "2025-26"
"""The collection year the checks read: 1 April 2025 to the census date 31 March 2026."""
TEST_DATA = {"X-Test-Data": "true"}
XML = "application/xml, application/problem+json"
"""What the census is asked for with: its XML, or a problem saying why not."""


class Child:
    """A case with one child, made by ``make`` (with ``headers`` on every request: test data, say),
    the child carrying an authority child id unique to the run."""

    def __init__(self, make: Factory, headers: dict[str, str] | None = None, **person: Any) -> None:
        self.make, self.headers = make, dict(headers or {})
        self.la_child_id = "CF" + uuid.uuid4().hex[:16].upper()
        self.case = self.made("/v1/cases", make.case_body())["id"]
        self.child = self.made("/v1/people", make.person_body(la_child_id=self.la_child_id, **person))["id"]
        self.made(
            f"/v1/cases/{self.case}/members",
            {"person_id": self.child, "role": "CHILD", "joined_on": "2025-01-14"},
        )

    def made(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.make.created(path, body, headers=self.headers)

    def on_case(self, what: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.made(f"/v1/cases/{self.case}/{what}", {"child_id": self.child, **body})

    def referral(self, on: str, **extra: Any) -> dict[str, Any]:
        return self.on_case("referrals", {"referral_date": on, "source": "6", "primary_need": "N1", **extra})

    def episode(self, on: str) -> dict[str, Any]:
        return self.made(f"/v1/cases/{self.case}/lac-episodes", self.make.episode_body(self.child, on))


def entered_in_error(api: Api, path: str, record: dict[str, Any]) -> None:
    response = api.post(
        f"{path}/entered-in-error",
        {"reason": "Conformance: recorded on the wrong child"},
        headers={"If-Match": f'W/"{record["version"]}"'},
    )
    expect_status(response, 200)


def census(auditor: Api, year: str = YEAR) -> tuple[httpx.Response, dict[str, list[ET.Element]]]:
    """The CIN census for ``year`` and its children by LAchildID (a list each: the suite's own ids
    are unique, anyone else's need not be)."""
    response = expect_status(
        auditor.get("/v1/returns/cin-census", params={"year": year}, headers={"Accept": XML}),
        200,
    )
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as exc:
        raise fail("the CIN census as an XML document", f"not XML: {exc}", response) from exc
    children: dict[str, list[ET.Element]] = {}
    for child in root.iter("Child"):
        found = child.findtext("ChildIdentifiers/LAchildID")
        if found:
            children.setdefault(found, []).append(child)
    return response, children


def csv_rows(auditor: Api, path: str, year: str = YEAR) -> tuple[httpx.Response, list[dict[str, str]]]:
    response = expect_status(
        auditor.get(path, params={"year": year}, headers={"Accept": "text/csv, application/problem+json"}),
        200,
    )
    return response, list(csv.DictReader(io.StringIO(response.text)))


def holds(element: ET.Element, path: str, value: str, response: httpx.Response) -> None:
    found = [e.text for e in element.findall(path)]
    check(value in found, f"{path} {value} (as recorded)", repr(found) if found else "none", response)


def left_out(children: dict[str, list[ET.Element]], child: Child, why: str, response: httpx.Response) -> None:
    check(
        child.la_child_id not in children,
        f"the child {child.la_child_id} left out ({why})",
        "in the CIN census",
        response,
    )


@pytest.mark.check("SOS-CHK-RET-001")
@requirement("SOS-RET-001")
def test_cin_census_holds_what_was_recorded(auditor: Api, make: Factory) -> None:
    """A child referred, assessed and given a CIN plan in the year is in the census once, with the
    referral, assessment and plan dates and codes recorded, and nothing the records do not hold."""
    c = Child(make)
    referral = c.referral("2025-05-02")
    c.on_case(
        "single-assessments",
        {
            "referral_id": referral["id"],
            "started_on": "2025-05-05",
            "authorised_on": "2025-05-20",
            "factors": ["3B"],
        },
    )
    c.on_case("cin-plans", {"referral_id": referral["id"], "start_date": "2025-05-21"})
    response, children = census(auditor)
    found = children.get(c.la_child_id, [])
    check(len(found) == 1, f"the child {c.la_child_id} once in the census", f"{len(found)} times", response)
    child = found[0]
    holds(child, "ChildIdentifiers/PersonBirthDate", "2018-05-01", response)
    details = child.findall("CINdetails")
    check(len(details) == 1, "one CINdetails (one referral recorded)", str(len(details)), response)
    for path, value in (
        ("CINreferralDate", "2025-05-02"),
        ("ReferralSource", "6"),
        ("PrimaryNeedCode", "N1"),
        ("Assessments/AssessmentActualStartDate", "2025-05-05"),
        ("Assessments/AssessmentAuthorisationDate", "2025-05-20"),
        ("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors", "3B"),
        ("CINPlanDates/CINPlanStartDate", "2025-05-21"),
    ):
        holds(details[0], path, value, response)
    never = ("CINdetails/CINclosureDate", "CINdetails/CINPlanDates/CINPlanEndDate", "ChildIdentifiers/UPN")
    for path in never:
        check(child.find(path) is None, f"no {path} (never recorded)", "one invented", response)


@pytest.mark.check("SOS-CHK-RET-008")
@requirement("SOS-RET-001")
def test_cin_census_holds_the_child_protection_records(auditor: Api, make: Factory) -> None:
    """A child taken through a section 47 enquiry, an initial conference that started a plan and a
    review of the plan is in the census with the enquiry's start and its initial conference's date, and
    the plan's start, categories and review, as recorded."""
    c = Child(make)
    made = make.plan_started(c.case, c.child, "2025-06-03")
    assert made is not None
    _, plan = made
    c.made(f"/v1/cp-plans/{plan['id']}/reviews", {"review_date": "2025-09-02"})
    response, children = census(auditor)
    found = children.get(c.la_child_id, [])
    check(len(found) == 1, f"the child {c.la_child_id} once in the census", f"{len(found)} times", response)
    details = found[0].findall("CINdetails")
    check(len(details) == 1, "one CINdetails (one referral recorded)", str(len(details)), response)
    for path, value in (
        ("Section47/S47ActualStartDate", "2025-06-03"),
        ("Section47/DateOfInitialCPC", "2025-06-03"),
        ("ChildProtectionPlans/CPPstartDate", "2025-06-03"),
        ("ChildProtectionPlans/InitialCategoryOfAbuse", "EMO"),
        ("ChildProtectionPlans/LatestCategoryOfAbuse", "EMO"),
        ("ChildProtectionPlans/Reviews/CPPreviewDate", "2025-09-02"),
    ):
        holds(details[0], path, value, response)


@pytest.mark.check("SOS-CHK-RET-018")
@requirement("SOS-RET-001")
def test_cin_census_holds_the_closure_disabilities_and_upn_reason(auditor: Api, make: Factory) -> None:
    """A child with no UPN (for a reason recorded) and two disabilities, whose episode of need was
    closed with a reason, is in the census with the reason for no UPN, both disabilities, and the
    closure's date and reason, as recorded."""
    c = Child(make, upn_unknown_reason="UN3", disabilities=["MOB", "HAND"])
    c.referral("2025-05-02", closure_date="2025-07-10", closure_reason="RC7")
    response, children = census(auditor)
    found = children.get(c.la_child_id, [])
    check(len(found) == 1, f"the child {c.la_child_id} once in the census", f"{len(found)} times", response)
    child = found[0]
    holds(child, "ChildIdentifiers/UPNunknown", "UN3", response)
    for code in ("MOB", "HAND"):
        holds(child, "ChildCharacteristics/Disabilities/Disability", code, response)
    holds(child, "CINdetails/CINclosureDate", "2025-07-10", response)
    holds(child, "CINdetails/ReasonForClosure", "RC7", response)


@pytest.mark.check("SOS-CHK-RET-002")
@requirement("SOS-RET-001", "SOS-REC-007")
def test_cin_census_leaves_out_test_data_and_records_in_error(auditor: Api, make: Factory) -> None:
    """A child whose records were made as test data, and a child whose only referral was entered in
    error, are not in the census; a child with a referral kept is."""
    kept, tested, wrong = Child(make), Child(make, TEST_DATA), Child(make)
    kept.referral("2025-06-02")
    tested.referral("2025-06-02")
    mistaken = wrong.referral("2025-06-02")
    entered_in_error(auditor, f"/v1/referrals/{mistaken['id']}", mistaken)
    response, children = census(auditor)
    check(kept.la_child_id in children, f"the child {kept.la_child_id} in the census", "not there", response)
    left_out(children, tested, "made as test data", response)
    left_out(children, wrong, "its one referral entered in error", response)


@pytest.mark.check("SOS-CHK-RET-003")
@requirement("SOS-RET-001", "SOS-TEN-001")
def test_returns_leave_out_another_authoritys_children(
    auditor: Api, make: Factory, other_api: Api, settings: Settings
) -> None:
    """A child of the other authority, referred and looked after in the year, is in neither the
    census nor the SSDA903 tables of the first authority."""
    theirs = Child(Factory(other_api, settings.run_id))
    theirs.referral("2025-06-02")
    if "care" in settings.claimed:
        theirs.episode("2025-06-02")
    response, children = census(auditor)
    left_out(children, theirs, "another authority's child", response)
    if "care" in settings.claimed:
        response, rows = csv_rows(auditor, "/v1/returns/ssda903/episodes")
        leaked = [r for r in rows if r.get("CHILD") == theirs.la_child_id]
        check(not leaked, "no episode of another authority's child", str(leaked)[:300], response)


@pytest.mark.check("SOS-CHK-RET-004")
@requirement("SOS-RET-002")
def test_a_return_keeps_to_its_collection_year(auditor: Api, make: Factory) -> None:
    """A referral after the census date is in the next year's census, not this one; one closed before
    the year began is in the year before; a closure after the census date is not shown yet; a year
    written otherwise is 422 naming the year."""
    later, earlier, open_then = Child(make), Child(make), Child(make)
    later.referral("2026-04-02")
    earlier.referral("2025-01-10", closure_date="2025-02-20", closure_reason="RC8")
    open_then.referral("2025-05-02", closure_date="2026-04-10", closure_reason="RC8")
    response, children = census(auditor)
    left_out(children, later, "referred after the census date", response)
    left_out(children, earlier, "closed before the year began", response)
    check(open_then.la_child_id in children, f"the child {open_then.la_child_id}", "not there", response)
    closed = children[open_then.la_child_id][0].findtext("CINdetails/CINclosureDate")
    check(closed is None, "no closure date (closed after the census date)", repr(closed), response)
    response, next_year = census(auditor, "2026-27")
    check(later.la_child_id in next_year, f"the child {later.la_child_id} in 2026-27", "not there", response)
    response, year_before = census(auditor, "2024-25")
    check(
        earlier.la_child_id in year_before,
        f"the child {earlier.la_child_id} in 2024-25",
        "not there",
        response,
    )
    for wrong in ("2025-27", "2025"):
        refused = auditor.get("/v1/returns/cin-census", params={"year": wrong}, headers={"Accept": "*/*"})
        problem = expect_problem(refused, 422)
        expect_field_error(refused, problem, "/year")


def _returns(settings: Settings) -> list[str]:
    paths = ["/v1/returns/cin-census", "/v1/returns/annex-a/3"]
    return paths + (["/v1/returns/ssda903/episodes"] if "care" in settings.claimed else [])


@pytest.mark.check("SOS-CHK-RET-005")
@pytest.mark.modules("statutory", "audit")
@requirement("SOS-RET-003")
def test_returns_need_the_audit_scope_and_are_one_audited_read(
    auditor: Api, reader_api: Api, settings: Settings
) -> None:
    """The read-only token is refused (403) on each return; each request with the audit scope writes
    exactly one audit event."""
    for path in _returns(settings):
        expect_problem(reader_api.get(path, params={"year": YEAR}, headers={"Accept": "*/*"}), 403)
        request_id = f"conformance-{uuid.uuid4().hex}"
        response = expect_status(
            auditor.get(path, params={"year": YEAR}, headers={"Accept": "*/*", "X-Request-ID": request_id}),
            200,
        )
        events = all_items(auditor, "/v1/audit-events", {"request_id": request_id, "limit": 100})
        check(
            len(events) == 1,
            f"exactly one audit event for {path} (a bulk read)",
            f"{len(events)} events: {[(e.get('action'), e.get('record_type')) for e in events]}"[:400],
            response,
        )


@pytest.mark.check("SOS-CHK-RET-006")
@pytest.mark.modules("care")
@requirement("SOS-RET-005")
def test_ssda903_holds_the_episodes_recorded(auditor: Api, make: Factory) -> None:
    """A child looked after in the year has a header row and its episode as recorded (dates
    dd/mm/yyyy, codes as given, no ceasing date invented); test data and an episode entered in
    error are left out."""
    looked_after, tested, wrong = Child(make), Child(make, TEST_DATA), Child(make)
    looked_after.episode("2025-05-30")
    tested.episode("2025-05-30")
    entered_in_error(auditor, f"/v1/lac-episodes/{(made := wrong.episode('2025-05-30'))['id']}", made)
    response, episodes = csv_rows(auditor, "/v1/returns/ssda903/episodes")
    mine = [r for r in episodes if r.get("CHILD") == looked_after.la_child_id]
    check(len(mine) == 1, f"one episode of child {looked_after.la_child_id}", str(len(mine)), response)
    wanted = {"DECOM": "30/05/2025", "RNE": "S", "LS": "V2", "CIN": "N1", "PLACE": "U6", "DEC": "", "REC": ""}
    got = {k: mine[0].get(k) for k in wanted}
    check(got == wanted, f"the episode as recorded {wanted}", str(got), response)
    for other, why in ((tested, "test data"), (wrong, "entered in error")):
        found = [r for r in episodes if r.get("CHILD") == other.la_child_id]
        check(not found, f"no episode of child {other.la_child_id} ({why})", str(found)[:300], response)
    response, header = csv_rows(auditor, "/v1/returns/ssda903/header")
    rows = [r for r in header if r.get("CHILD") == looked_after.la_child_id]
    check(len(rows) == 1, f"one header row of child {looked_after.la_child_id}", str(len(rows)), response)
    check(rows[0].get("DOB") == "01/05/2018", "DOB 01/05/2018", repr(rows[0].get("DOB")), response)
    check(
        tested.la_child_id not in {r.get("CHILD") for r in header},
        "no header row of the test-data child",
        "one",
        response,
    )


def _row_of(rows: list[dict[str, str]], child: Child, what: str, response: httpx.Response) -> dict[str, str]:
    mine = [r for r in rows if r.get("CHILD") == child.la_child_id]
    check(len(mine) == 1, f"one {what} row of child {child.la_child_id}", str(len(mine)), response)
    return mine[0]


def _holds(auditor: Api, table: str, child: Child, wanted: dict[str, str], what: str) -> dict[str, str]:
    """The SSDA903 ``table`` has one row of ``child``, holding ``wanted`` (``what`` it is, in words);
    the row."""
    response, rows = csv_rows(auditor, f"/v1/returns/ssda903/{table}")
    row = _row_of(rows, child, table, response)
    got = {k: row.get(k) for k in wanted}
    check(got == wanted, f"{what} {wanted}", str(got), response)
    return row


@pytest.mark.check("SOS-CHK-RET-019")
@pytest.mark.modules("care")
@requirement("SOS-RET-005")
def test_ssda903_episodes_hold_a_change_of_placement(auditor: Api, make: Factory) -> None:
    """A child whose placement changed in the year has two episodes: the first ended on the day of
    the change with reason X1 and the reason the placement changed, the second starting that day
    for a change of placement only (P), as recorded."""
    c = Child(make)
    first = c.episode("2025-05-30")
    change = {"end_date": "2025-08-01", "reason_ceased": "X1", "reason_place_change": "CARPL"}
    etag = {"If-Match": f'W/"{first["version"]}"'}
    expect_status(make.api.patch(f"/v1/lac-episodes/{first['id']}", change, headers=etag), 200)
    c.made(
        f"/v1/cases/{c.case}/lac-episodes",
        make.episode_body(c.child, "2025-08-01", reason_new_episode="P", placement_type="U4"),
    )
    response, episodes = csv_rows(auditor, "/v1/returns/ssda903/episodes")
    keys = ("DECOM", "RNE", "PLACE", "DEC", "REC", "REASON_PLACE_CHANGE")
    got = sorted(tuple(r.get(k) for k in keys) for r in episodes if r.get("CHILD") == c.la_child_id)
    wanted = [
        ("01/08/2025", "P", "U4", "", "", ""),
        ("30/05/2025", "S", "U6", "01/08/2025", "X1", "CARPL"),
    ]
    check(got == wanted, f"two episodes, as recorded: {wanted} ({', '.join(keys)})", str(got), response)


def _young_woman_in_care(make: Factory) -> Child:
    """A young woman (born 2009-06-01) looked after from 2025-05-30, still at the census date."""
    her = Child(make, sex="2", date_of_birth="2009-06-01")
    her.episode("2025-05-30")
    return her


@pytest.mark.check("SOS-CHK-RET-009")
@pytest.mark.modules("care")
@requirement("SOS-RET-006")
def test_ssda903_oc2_holds_the_outcomes_recorded(auditor: Api, make: Factory) -> None:
    """A child looked after in the year with outcomes for the year to its census date: the OC2 row
    holds them as recorded (flags 1 and 0, the SDQ score, empty where nothing was recorded)."""
    her = _young_woman_in_care(make)
    her.on_case(
        "health-outcomes",
        {
            "year_ending": "2026-03-31",
            "sdq_score": 14,
            "convicted": False,
            "immunisations": True,
            "teeth_check": True,
            "health_assessment": True,
            "substance_misuse": False,
        },
    )
    wanted = {
        "SDQ_SCORE": "14",
        "SDQ_REASON": "",
        "CONVICTED": "0",
        "HEALTH_CHECK": "",
        "IMMUNISATIONS": "1",
        "TEETH_CHECK": "1",
        "HEALTH_ASSESSMENT": "1",
        "SUBSTANCE_MISUSE": "0",
    }
    _holds(auditor, "oc2", her, wanted, "the outcomes as recorded")


@pytest.mark.check("SOS-CHK-RET-010")
@pytest.mark.modules("care")
@requirement("SOS-RET-007")
def test_ssda903_header_holds_the_latest_mother_status(auditor: Api, make: Factory) -> None:
    """A young woman looked after in the year, recorded as not a mother and later as a mother: her
    header row holds the latest status by the census date, MOTHER 1 with MC_DOB."""
    her = _young_woman_in_care(make)
    her.on_case("mother-statuses", {"recorded_on": "2025-06-02", "is_mother": False})
    her.on_case(
        "mother-statuses", {"recorded_on": "2025-12-01", "is_mother": True, "child_born_on": "2025-11-20"}
    )
    _holds(auditor, "header", her, {"MOTHER": "1", "MC_DOB": "20/11/2025"}, "the latest status")


@pytest.mark.check("SOS-CHK-RET-011")
@pytest.mark.modules("care", "qa")
@requirement("SOS-RET-005")
def test_ssda903_sw_episodes_hold_the_allocations(auditor: Api, make: Factory) -> None:
    """A child looked after at the census date whose case is allocated to a registered social worker:
    the SWEpisodes row holds the worker's id, the allocation's date (no end) and its reason."""
    her = _young_woman_in_care(make)
    allocation = {
        "team": "Conformance looked-after team",
        "worker": "Conformance social worker",
        "allocated_on": "2025-05-30",
        "worker_id": "SW" + uuid.uuid4().hex[:8].upper(),
        "reason": "FCONTA",
    }
    her.made(f"/v1/cases/{her.case}/allocations", allocation)
    wanted = {"SW_ID": allocation["worker_id"], "SW_DECOM": "30/05/2025", "SW_DEC": "", "SW_REASON": "FCONTA"}
    _holds(auditor, "sw_episodes", her, wanted, "the social worker episode")


@pytest.mark.check("SOS-CHK-RET-012")
@pytest.mark.modules("care")
@requirement("SOS-RET-005")
def test_ssda903_reviews_and_missing_hold_what_was_recorded(auditor: Api, make: Factory) -> None:
    """A child looked after in the year, reviewed and missing once in it: the reviews table holds
    the review's date and participation code, the missing table the episode's code and dates, as
    recorded; a review after the census date is not sent."""
    her = _young_woman_in_care(make)
    for on in ("2025-06-24", "2026-04-21"):
        her.on_case("lac-reviews", {"review_date": on, "participation": "PN1", "chair": "Conformance IRO"})
    missing = {"missing_type": "A", "start_date": "2025-07-20", "end_date": "2025-07-21"}
    her.on_case("missing-episodes", missing)
    review = {"REVIEW": "24/06/2025", "REVIEW_CODE": "PN1"}
    _holds(auditor, "reviews", her, review, "the review in the year as recorded")
    episode = {"MISSING": "A", "MIS_START": "20/07/2025", "MIS_END": "21/07/2025"}
    _holds(auditor, "missing", her, episode, "the missing episode as recorded")


@pytest.mark.check("SOS-CHK-RET-013")
@pytest.mark.modules("care")
@requirement("SOS-RET-005")
def test_ssda903_uasc_holds_the_status_recorded(auditor: Api, make: Factory) -> None:
    """A young woman looked after in the year, recorded as an unaccompanied asylum-seeking child from
    the day she came into care and still one at the census date: the UASC table has one row of hers,
    with her sex and date of birth as the header has them and no date ceased."""
    her = _young_woman_in_care(make)
    her.on_case("uasc-statuses", {"start_date": "2025-05-30"})
    header = _holds(auditor, "header", her, {"DOB": "01/06/2009"}, "her header row")
    wanted = {"SEX": header.get("SEX", ""), "DOB": "01/06/2009", "DUC": ""}
    _holds(auditor, "uasc", her, wanted, "her UASC row (SEX as in her header row)")


@pytest.mark.check("SOS-CHK-RET-014")
@pytest.mark.modules("care")
@requirement("SOS-RET-005")
def test_ssda903_oc3_holds_the_birthday_contact(auditor: Api, make: Factory) -> None:
    """A care leaver (looked after until a month before her 18th birthday, 2 September 2025) contacted
    twice in the year: the OC3 row holds the contact nearest that birthday, with its codes as
    recorded, and the header has her; no episode of hers is sent."""
    her = Child(make, sex="2", date_of_birth="2007-09-02")
    her.made(f"/v1/cases/{her.case}/lac-episodes", make.episode_body(her.child, "2024-02-05"))
    assert make.end_care(her.case, her.child, "2025-03-01", "E8") is not None, "ending her care"
    contact = {"in_touch": "YES", "activity": "F2", "accommodation": "E1"}
    her.on_case("care-leaver-contacts", {"contact_date": "2025-06-10", **contact, "activity": "G4"})
    her.on_case("care-leaver-contacts", {"contact_date": "2025-09-05", **contact})
    wanted = {"DOB": "02/09/2007", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "E1"}
    _holds(auditor, "oc3", her, wanted, "the contact nearest her 18th birthday")
    _holds(auditor, "header", her, {"DOB": "02/09/2007"}, "her header row")
    response, episodes = csv_rows(auditor, "/v1/returns/ssda903/episodes")
    sent = [r for r in episodes if r.get("CHILD") == her.la_child_id]
    check(not sent, "no episode of hers (her care ended before the year)", str(sent)[:300], response)


@pytest.mark.check("SOS-CHK-RET-016")
@pytest.mark.modules("care")
@requirement("SOS-RET-005")
def test_ssda903_adoption_tables_hold_the_permanence_decision(auditor: Api, make: Factory) -> None:
    """A child whose care began in the year, with a plan for adoption: the AD1 row holds the
    best-interests and matching dates and the adopters as recorded, the PlacedAdoption row the
    decision to place (no end), and the PrevPerm row the permanence the child had before."""
    c = Child(make, date_of_birth="2021-03-04")
    c.episode("2025-05-30")
    c.on_case(
        "permanence-decisions",
        {
            "plan": "ADOPTION",
            "decided_on": "2025-07-15",
            "decided_by": "Conformance agency decision maker",
            "adoption_best_interests_on": "2025-07-15",
            "adoption_matched_on": "2025-10-01",
            "adopted_by_foster_carers": False,
            "adopter_count": 2,
            "adopter_sexes": "MF",
            "adopter_legal_status": "L11",
            "placed_for_adoption_on": "2025-11-03",
            "previous_permanence": "P2",
            "previous_permanence_la": "383",
            "previous_permanence_on": "2023-01-10",
        },
    )
    for table, wanted in (
        (
            "ad1",
            {
                "DATE_INT": "15/07/2025",
                "DATE_MATCH": "01/10/2025",
                "FOSTER_CARE": "0",
                "NB_ADOPTR": "2",
                "SEX_ADOPTR": "MF",
                "LS_ADOPTR": "L11",
            },
        ),
        (
            "placed_for_adoption_errors",
            {"DATE_PLACED": "03/11/2025", "DATE_PLACED_CEASED": "", "REASON_PLACED_CEASED": ""},
        ),
        ("previous_permanence", {"PREV_PERM": "P2", "LA_PERM": "383", "DATE_PERM": "10/01/2023"}),
    ):
        _holds(auditor, table, c, wanted, f"the {table} row as recorded")


@pytest.mark.check("SOS-CHK-RET-007")
@requirement("SOS-RET-004")
def test_annex_a_lists_the_referrals_recorded(auditor: Api, make: Factory) -> None:
    """Annex A list 3 (referrals) has a row for the suite's child holding its referral date (written
    2025-06-02 or 02/06/2025); a child made as test data has none."""
    referred, tested = Child(make), Child(make, TEST_DATA)
    referred.referral("2025-06-02")
    tested.referral("2025-06-02")
    response, rows = csv_rows(auditor, "/v1/returns/annex-a/3")
    mine = [r for r in rows if referred.la_child_id in r.values()]
    check(len(mine) == 1, f"one row of child {referred.la_child_id}", str(len(mine)), response)
    dated = {"2025-06-02", "02/06/2025"} & set(mine[0].values())
    check(bool(dated), "the referral date 2025-06-02 in the row", str(mine[0])[:400], response)
    leaked = [r for r in rows if tested.la_child_id in r.values()]
    check(not leaked, f"no row of child {tested.la_child_id} (test data)", str(leaked)[:300], response)


def _annex_row(auditor: Api, number: int, child: Child, on: str) -> None:
    """List ``number`` has exactly one row of ``child``, holding the date ``on`` (written 2025-06-02
    or 02/06/2025)."""
    response, rows = csv_rows(auditor, f"/v1/returns/annex-a/{number}")
    mine = [r for r in rows if child.la_child_id in r.values()]
    check(len(mine) == 1, f"one row of child {child.la_child_id} in list {number}", str(len(mine)), response)
    written = {on, "/".join(reversed(on.split("-")))}
    check(bool(written & set(mine[0].values())), f"the date {on} in the row", str(mine[0])[:400], response)


@pytest.mark.check("SOS-CHK-RET-015")
@requirement("SOS-RET-004")
def test_annex_a_lists_the_assessments_plans_and_enquiries(auditor: Api, make: Factory) -> None:
    """A child referred, assessed and given a CIN plan, and another taken through a section 47
    enquiry to a child protection plan: lists 4 (assessments) and 6 (CIN plans) have a row of the
    first with its start date, lists 5 (section 47 enquiries) and 7 (child protection plans) a row of
    the second with its."""
    assessed, protected = Child(make), Child(make)
    referral = assessed.referral("2025-05-02")
    on_referral = {"referral_id": referral["id"]}
    assessed.on_case("single-assessments", {**on_referral, "started_on": "2025-05-05", "factors": ["3B"]})
    assessed.on_case("cin-plans", {**on_referral, "start_date": "2025-05-21"})
    assert make.plan_started(protected.case, protected.child, "2025-06-03") is not None, "a CP plan"
    for number, child, on in (
        (4, assessed, "2025-05-05"),
        (6, assessed, "2025-05-21"),
        (5, protected, "2025-06-03"),
        (7, protected, "2025-06-03"),
    ):
        _annex_row(auditor, number, child, on)


@pytest.mark.check("SOS-CHK-RET-017")
@pytest.mark.modules("care")
@requirement("SOS-RET-004")
def test_annex_a_lists_early_help_care_care_leavers_and_adoption(auditor: Api, make: Factory) -> None:
    """A child with an early help assessment, later looked after with a plan for adoption, and a care
    leaver contacted in the year: list 2 (early help) has the assessment's start, list 8 (children in
    care) the episode's start, list 10 (adoption) the best-interests decision's date, and list 9
    (care leavers) the contact's date."""
    child, leaver = Child(make, date_of_birth="2021-03-04"), Child(make, date_of_birth="2007-09-02")
    child.on_case(
        "early-help-episodes",
        {"assessment_started_on": "2025-04-14", "completing_organisation": f"{make.run_id} family hub"},
    )
    child.episode("2025-05-30")
    adoption = {
        "plan": "ADOPTION",
        "decided_on": "2025-07-16",
        "decided_by": "Conformance agency decision maker",
    }
    child.on_case("permanence-decisions", {**adoption, "adoption_best_interests_on": "2025-07-10"})
    leaver.on_case("care-leaver-contacts", {"contact_date": "2025-09-05", "in_touch": "NO"})
    for number, who, on in (
        (2, child, "2025-04-14"),
        (8, child, "2025-05-30"),
        (10, child, "2025-07-10"),
        (9, leaver, "2025-09-05"),
    ):
        _annex_row(auditor, number, who, on)
