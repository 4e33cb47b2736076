"""The rules of reviews, missing episodes, permanence decisions, pathway plans, care-leaver contacts
and UASC status: each refusal names the field and the requirement and writes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from service.care.rules import review_due
from tests.support import Api
from tests.support.assessment import rating_body, scale
from tests.support.care import Child, refused, rows_unchanged


@pytest.fixture()
def child(api: Api) -> Child:
    return Child(api)


def test_review_due_dates_by_hand() -> None:
    # Period of care from Friday 30 May 2025: 20 working days leave out the weekends and the
    # 26 May bank holiday is before the start, so the first review is due on Friday 27 June.
    assert review_due(date(2025, 5, 30), []) == date(2025, 6, 27)
    assert review_due(date(2025, 5, 30), [date(2025, 6, 26)]) == date(2025, 9, 26)
    assert review_due(date(2025, 5, 30), [date(2025, 6, 26), date(2025, 9, 20)]) == date(2026, 3, 20)


def test_reviews_say_whether_they_were_in_time(child: Child) -> None:
    child.made_episode()  # a period of care from 2025-05-30
    first = child.made("lac-reviews", "create_lac_review", review_date="2025-06-27")
    second = child.made("lac-reviews", "create_lac_review", review_date="2025-10-01")
    outside = child.made("lac-reviews", "create_lac_review", review_date="2025-05-01")
    assert (first["on_time"], second["on_time"], outside["on_time"]) == (True, False, None)
    late_first = Child(child.api)
    late_first.made_episode()
    assert late_first.made("lac-reviews", "create_lac_review", review_date="2025-06-30")["on_time"] is False


def test_review_names_only_ratings_of_its_case(child: Child, db: Any) -> None:
    other = Child(child.api)
    rating = child.api.created(f"/v1/scales/{scale(child.api, other.case)['id']}/ratings", rating_body())
    with rows_unchanged(db):
        refused(
            child.post("lac-reviews", "create_lac_review", rating_ids=[rating["id"]]),
            "SOS-LAC-001",
            "/rating_ids/0",
        )


def test_missing_episode_rules(child: Child, db: Any) -> None:
    with rows_unchanged(db):
        refused(
            child.post("missing-episodes", "create_missing_episode", end_date="2025-07-01"),
            "SOS-LAC-002",
            "/end_date",
        )
        refused(
            child.post("missing-episodes", "create_missing_episode", return_interview_offered=None),
            "SOS-LAC-002",
            "/return_interview_accepted",
        )


def test_permanence_decision_rules(child: Child, db: Any) -> None:
    adoption = {"plan": "ADOPTION", "adoption_best_interests_on": "2025-09-01"}
    with rows_unchanged(db):
        refused(
            child.post(
                "permanence-decisions", "create_permanence_decision", placed_for_adoption_on="2025-09-01"
            ),
            "SOS-LAC-003",
            "/placed_for_adoption_on",
        )
        refused(
            child.post(
                "permanence-decisions",
                "create_permanence_decision",
                **adoption,
                adoption_matched_on="2025-08-01",
            ),
            "SOS-LAC-003",
            "/adoption_matched_on",
        )
        refused(
            child.post(
                "permanence-decisions",
                "create_permanence_decision",
                **adoption,
                adopter_count=2,
                adopter_sexes="F1",
            ),
            "SOS-LAC-003",
            "/adopter_sexes",
        )
        refused(
            child.post(
                "permanence-decisions",
                "create_permanence_decision",
                **adoption,
                placed_for_adoption_on="2025-09-02",
                placed_for_adoption_ceased_on="2026-01-01",
            ),
            "SOS-LAC-003",
            "/placed_for_adoption_ceased_reason",
        )
        refused(
            child.post(
                "permanence-decisions", "create_permanence_decision", previous_permanence_on="2020-01-01"
            ),
            "SOS-LAC-003",
            "/previous_permanence_on",
        )
    made = child.made(
        "permanence-decisions",
        "create_permanence_decision",
        **adoption,
        adopter_count=2,
        adopter_sexes="FF",
        adopter_legal_status="L12",
    )
    assert made["adopter_sexes"] == "FF"


def test_pathway_plan_rules(child: Child, db: Any) -> None:
    with rows_unchanged(db):
        refused(
            child.post("pathway-plans", "create_pathway_plan", end_date="2025-08-01"),
            "SOS-LAC-004",
            "/end_date",
        )
        refused(
            child.post("pathway-plans", "create_pathway_plan", review_dates=["2026-03-01", "2026-02-01"]),
            "SOS-LAC-004",
            "/review_dates/1",
        )
        refused(
            child.post("pathway-plans", "create_pathway_plan", end_date="2026-01-01"),
            "SOS-LAC-004",
            "/review_dates/0",
        )


def test_care_leaver_contact_rules(child: Child, db: Any) -> None:
    with rows_unchanged(db):
        refused(
            child.post("care-leaver-contacts", "create_care_leaver_contact", accommodation=None),
            "SOS-LAC-005",
            "/accommodation",
        )
        refused(
            child.post("care-leaver-contacts", "create_care_leaver_contact", in_touch="REFU"),
            "SOS-LAC-005",
            "/activity",
        )
    made = child.made(
        "care-leaver-contacts", "create_care_leaver_contact", in_touch="NO", activity=None, accommodation=None
    )
    assert made["in_touch"] == "NO"


def test_uasc_ceases_by_the_eighteenth_birthday(child: Child, db: Any) -> None:
    # The test child was born on 2018-05-01.
    with rows_unchanged(db):
        refused(
            child.post("uasc-statuses", "create_uasc_status", ceased_on="2036-05-02"),
            "SOS-LAC-006",
            "/ceased_on",
        )
        refused(
            child.post("uasc-statuses", "create_uasc_status", ceased_on="2025-04-01"),
            "SOS-LAC-006",
            "/ceased_on",
        )
    assert (
        child.made("uasc-statuses", "create_uasc_status", ceased_on="2036-05-01")["ceased_on"] == "2036-05-01"
    )
