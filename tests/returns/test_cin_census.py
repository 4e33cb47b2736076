"""The CIN census of a small hand-built authority, compared field by field with what its records say;
who is in it by the collection year's rules; test data and entered-in-error records left out; the
scope and the one audit event of the API."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from typing import Any

from sqlalchemy import func, select

from service.contract.examples import body
from service.models import AuditEvent
from tests.support import Api, assert_problem, end_plan, plan_started
from tests.support.returns import child_in_a_case

YEAR = "2025-26"


def _record(api: Api, path: str, op: str, **values: Any) -> dict[str, Any]:
    return api.created(path, body(op, **values))


def _hand_built(api: Api) -> dict[str, Any]:
    case_id, child_id = child_in_a_case(api, "HB0001")
    base = f"/v1/cases/{case_id}"
    old = _record(
        api,
        f"{base}/referrals",
        "create_referral",
        child_id=child_id,
        referral_date="2024-02-01",
        closure_date="2024-03-20",
        closure_reason="RC7",
    )
    referral = _record(
        api,
        f"{base}/referrals",
        "create_referral",
        child_id=child_id,
        referral_date="2025-05-06",
        source="2A",
        primary_need="N4",
    )
    ids = {"child_id": child_id, "referral_id": referral["id"]}
    _record(
        api,
        f"{base}/single-assessments",
        "create_single_assessment",
        **ids,
        started_on="2025-05-07",
        internal_review_on="2025-06-02",
        authorised_on="2025-06-10",
        factors=["3B", "16A"],
    )
    cin_plan = _record(
        api, f"{base}/cin-plans", "create_cin_plan", **ids, start_date="2025-06-12", end_date="2025-06-30"
    )
    made = plan_started(api, case_id, child_id, "2025-07-01")
    assert made is not None
    conference, plan = made
    reviews = [
        _record(
            api,
            f"/v1/cp-plans/{plan['id']}/reviews",
            "create_cp_plan_review",
            review_date=day,
            conference_id=None,
        )
        for day in ("2025-09-30", "2026-01-10")
    ]
    assert end_plan(api, case_id, child_id, "2026-01-10") is not None
    after = _record(
        api, f"{base}/cin-plans", "create_cin_plan", **ids, start_date="2026-01-12", end_date="2026-05-01"
    )
    return {
        "child_id": child_id,
        "old": old,
        "referral": referral,
        "cin_plan": cin_plan,
        "after": after,
        "conference": conference,
        "plan": plan,
        "reviews": reviews,
        "case_id": case_id,
    }


def _census(api: Api) -> ET.Element:
    response = api.get("/v1/returns/cin-census", params={"year": YEAR})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/xml")
    return ET.fromstring(response.content)


def _fields(element: ET.Element | None) -> dict[str, str]:
    assert element is not None
    return {e.tag: (e.text or "") for e in element if len(e) == 0}


def test_a_hand_built_authority_exported_field_by_field(authority: Any) -> None:
    api = authority("981")
    made = _hand_built(api)
    root = _census(api)

    assert _fields(root.find("Header/CollectionDetails")) == {
        "Collection": "CIN",
        "Year": "2026",
        "ReferenceDate": "2026-03-31",
    }
    assert _fields(root.find("Header/Source"))["LEA"] == "981"
    children = root.findall("Children/Child")
    assert len(children) == 1
    child = children[0]
    assert _fields(child.find("ChildIdentifiers")) == {
        "LAchildID": "HB0001",
        "UPNunknown": "UN3",
        "PersonBirthDate": "2016-04-20",
        "Sex": "F",
    }
    assert _fields(child.find("ChildCharacteristics")) == {"Ethnicity": "MWBC"}
    assert [d.text for d in child.findall("ChildCharacteristics/Disabilities/Disability")] == ["LD", "COMM"]

    # The referral closed before the year began is not in the census; the open one is.
    details = child.findall("CINdetails")
    assert len(details) == 1
    assert _fields(details[0]) == {
        "CINreferralDate": "2025-05-06",
        "ReferralSource": "2A",
        "PrimaryNeedCode": "N4",
        "ReferralNFA": "false",
    }
    assessment = details[0].find("Assessments")
    assert _fields(assessment) == {
        "AssessmentActualStartDate": "2025-05-07",
        "AssessmentInternalReviewDate": "2025-06-02",
        "AssessmentAuthorisationDate": "2025-06-10",
    }
    assert [
        f.text for f in details[0].findall("Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors")
    ] == ["3B", "16A"]
    # The second CIN plan ends after the census date: at the census date it is open.
    assert [_fields(p) for p in details[0].findall("CINPlanDates")] == [
        {"CINPlanStartDate": "2025-06-12", "CINPlanEndDate": "2025-06-30"},
        {"CINPlanStartDate": "2026-01-12"},
    ]
    assert _fields(details[0].find("Section47")) == {
        "S47ActualStartDate": "2025-07-01",
        "InitialCPCtarget": "2025-07-22",  # 15 working days after the strategy discussion
        "DateOfInitialCPC": "2025-07-01",
        "ICPCnotRequired": "false",
    }
    plan = details[0].find("ChildProtectionPlans")
    assert _fields(plan) == {
        "CPPstartDate": "2025-07-01",
        "CPPendDate": "2026-01-10",
        "InitialCategoryOfAbuse": made["plan"]["initial_category"],
        "LatestCategoryOfAbuse": made["plan"]["latest_category"],
        "NumberOfPreviousCPP": "0",
    }
    assert [r.text for r in details[0].findall("ChildProtectionPlans/Reviews/CPPreviewDate")] == [
        "2025-09-30",
        "2026-01-10",
    ]


def test_test_data_and_records_entered_in_error_never_appear(authority: Any) -> None:
    api = authority("982")
    marked = {"X-Test-Data": "true"}
    case_id, child_id = child_in_a_case(api, "TD0001", headers=marked)
    response = api.post(
        f"/v1/cases/{case_id}/referrals",
        body("create_referral", child_id=child_id, referral_date="2025-06-01"),
        headers=marked,
    )
    assert response.status_code == 201
    case_id, child_id = child_in_a_case(api, "EE0001")
    wrong = _record(
        api,
        f"/v1/cases/{case_id}/referrals",
        "create_referral",
        child_id=child_id,
        referral_date="2025-06-01",
    )
    etag = api.get(f"/v1/referrals/{wrong['id']}").headers["ETag"]
    response = api.post(
        f"/v1/referrals/{wrong['id']}/entered-in-error",
        {"reason": "Recorded against the wrong child."},
        headers={"If-Match": etag},
    )
    assert response.status_code == 200, response.text
    assert _census(api).findall("Children/Child") == []


def test_a_referral_after_the_census_date_is_in_the_next_year(authority: Any) -> None:
    api = authority("983")
    case_id, child_id = child_in_a_case(api, "NX0001")
    _record(
        api,
        f"/v1/cases/{case_id}/referrals",
        "create_referral",
        child_id=child_id,
        referral_date="2026-04-02",
    )
    assert _census(api).findall("Children/Child") == []
    later = api.get("/v1/returns/cin-census", params={"year": "2026-27"})
    assert len(ET.fromstring(later.content).findall("Children/Child")) == 1


def test_returns_need_the_admin_or_audit_scope_and_are_one_audit_event(authority: Any, db: Any) -> None:
    reader = authority("984", ("read", "write"))
    assert_problem(reader.get("/v1/returns/cin-census", params={"year": YEAR}), 403)
    admin = authority("984", ("admin",))
    events = select(func.count()).select_from(AuditEvent).where(AuditEvent.la_code == "984")
    before = db.scalar(events)
    assert admin.get("/v1/returns/cin-census", params={"year": YEAR}).status_code == 200
    db.rollback()
    assert db.scalar(events) == before + 1
    event = db.scalars(select(AuditEvent).where(AuditEvent.la_code == "984")).all()[-1]
    assert (event.action, event.record_type) == ("read_return", "return_cin_census")


def test_a_year_written_otherwise_is_refused(authority: Any) -> None:
    api = authority("985")
    problem = assert_problem(api.get("/v1/returns/cin-census", params={"year": "2025-27"}), 422)
    assert problem["errors"][0]["pointer"] == "/year"
    assert_problem(api.get("/v1/returns/cin-census", params={"year": "2025"}), 422)


def test_annex_a_lists_from_the_same_records(authority: Any) -> None:
    api = authority("989")
    made = _hand_built(api)
    response = api.get("/v1/returns/annex-a/7", params={"year": YEAR})
    assert response.status_code == 200, response.text
    lines = response.text.splitlines()
    assert lines[0].split(",") == [
        "Child unique ID",
        "Gender",
        "Ethnicity",
        "Date of birth",
        "Disability",
        "Child protection plan start date",
        "Child protection plan end date",
        "Initial category of abuse",
        "Latest category of abuse",
    ]
    plan = made["plan"]
    assert lines[1:] == [
        f"HB0001,Female,MWBC,2016-04-20,LD COMM,2025-07-01,2026-01-10,"
        f"{plan['initial_category']},{plan['latest_category']}"
    ]
    # The referral closed in 2024 is not in the year's list 3; the one of 2025 is.
    referrals = api.get("/v1/returns/annex-a/3", params={"year": YEAR}).text.splitlines()
    assert [row.split(",")[5] for row in referrals[1:]] == ["2025-05-06"]
    assert api.get("/v1/returns/annex-a/1", params={"year": YEAR}).status_code == 422


def test_a_value_that_would_run_as_a_spreadsheet_formula_is_written_as_text(authority: Any) -> None:
    """A returns CSV goes to a spreadsheet: an authority child id typed as a formula comes out with a
    leading apostrophe (shown as text, run as nothing), as in the measures CSV."""
    api = authority("976")
    case_id, child_id = child_in_a_case(api, "=HYPERLINK(1)")
    referral = {"child_id": child_id, "referral_date": "2025-05-06"}
    _record(api, f"/v1/cases/{case_id}/referrals", "create_referral", **referral)
    rows = list(csv.reader(io.StringIO(api.get("/v1/returns/annex-a/3", params={"year": YEAR}).text)))
    assert [row[0] for row in rows[1:]] == ["'=HYPERLINK(1)"]


def test_a_childs_date_of_death_is_sent_after_their_sex(authority: Any) -> None:
    api = authority("979")
    case_id, child_id = child_in_a_case(api, "DD0001")
    _record(
        api,
        f"/v1/cases/{case_id}/referrals",
        "create_referral",
        child_id=child_id,
        referral_date="2025-05-06",
    )
    person = api.get(f"/v1/people/{child_id}").json()
    died = api.patch(
        f"/v1/people/{child_id}",
        {"date_of_death": "2025-09-02", "amendment_reason": "The child died."},
        headers={"If-Match": f'W/"{person["version"]}"'},
    )
    assert died.status_code == 200, died.text
    identifiers = _census(api).find("Children/Child/ChildIdentifiers")
    assert identifiers is not None
    assert [e.tag for e in identifiers][-2:] == ["Sex", "PersonDeathDate"]
    assert _fields(identifiers)["PersonDeathDate"] == "2025-09-02"
