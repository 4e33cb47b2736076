"""Looked-after children and care leavers: SSDA903 episodes and their consistency, looked-after
reviews, missing episodes, permanence decisions, pathway plans, care-leaver contacts, UASC status, and
the moves into and out of care grounded in the episodes. Every refusal is 422 problem+json naming the
requirement and the field, and leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest

from sos_conformance.client import Api
from sos_conformance.data import Factory, amended, refused_amendment, unsaved
from sos_conformance.expect import (
    check,
    etag_of,
    expect_refusal,
    expect_status,
    json_body,
    refused,
)
from sos_conformance.plugin import area, requirement
from sos_conformance.practice import scale

pytestmark = area("care", "care")


class Child:
    """A case with one child, and its records' paths."""

    def __init__(self, api: Api, make: Factory, **person: Any) -> None:
        self.api, self.make = api, make
        the_case = make.case()
        self.child = make.person(**person)["id"]
        make.member(the_case["id"], self.child)
        self.case = the_case["id"]

    def path(self, what: str) -> str:
        return f"/v1/cases/{self.case}/{what}"

    def episode(self, **extra: Any) -> dict[str, Any]:
        return self.make.episode_body(self.child, extra.pop("start_date", "2025-05-30"), **extra)

    def made(self, what: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.make.created(self.path(what), body)

    def end(self, episode: dict[str, Any], on: str, reason: str) -> dict[str, Any]:
        etag = etag_of(expect_status(self.api.get(f"/v1/lac-episodes/{episode['id']}"), 200))
        response = self.api.patch(
            f"/v1/lac-episodes/{episode['id']}",
            {"end_date": on, "reason_ceased": reason},
            headers={"If-Match": etag},
        )
        return dict(json_body(expect_status(response, 200)))


@requirement("SOS-903-001", "SOS-903-002")
@pytest.mark.check("SOS-CHK-CARE-001")
def test_episodes_of_a_period_start_with_s_and_join_without_gaps(api: Api, make: Factory) -> None:
    c = Child(api, make)
    episodes = c.path("lac-episodes")
    refused(api.post(episodes, c.episode(reason_new_episode="P")), "SOS-903-001", "/reason_new_episode")
    first = c.made("lac-episodes", c.episode())
    later = c.episode(start_date="2025-06-20", reason_new_episode="P", placement_type="U4")
    refused(api.post(episodes, later), "SOS-903-002", "/start_date")  # the first is still open
    c.end(first, "2025-06-20", "X1")
    refused(api.post(episodes, {**later, "reason_new_episode": "S"}), "SOS-903-001", "/reason_new_episode")
    refused(api.post(episodes, {**later, "start_date": "2025-06-25"}), "SOS-903-002", "/start_date")
    unsaved(api, episodes, 1, "episodes")
    second = c.made("lac-episodes", later)
    check(
        second.get("period_of_care_start") == "2025-05-30",
        "period_of_care_start 2025-05-30 (worked out)",
        repr(second.get("period_of_care_start")),
    )
    etag = etag_of(expect_status(api.get(f"/v1/lac-episodes/{first['id']}"), 200))
    earlier = api.post(
        f"/v1/lac-episodes/{first['id']}/entered-in-error",
        {"reason": "Conformance"},
        headers={"If-Match": etag},
    )
    expect_refusal(earlier, 409, "SOS-903-002")


@requirement("SOS-903-003")
@pytest.mark.check("SOS-CHK-CARE-002")
def test_combinations_the_return_rejects_are_refused(api: Api, make: Factory) -> None:
    c = Child(api, make)
    episodes = c.path("lac-episodes")
    refused(api.post(episodes, c.episode(placement_type="P1")), "SOS-903-003", "/placement_type")
    refused(api.post(episodes, c.episode(placement_type="T1")), "SOS-903-003", "/placement_type")
    refused(
        api.post(episodes, c.episode(placement_type="A5", legal_status="E1", reason_new_episode="B")),
        "SOS-903-003",
        "/reason_new_episode",
    )
    unsaved(api, episodes, 0, "episodes")
    c.made("lac-episodes", c.episode(placement_type="P1", legal_status="C2"))


@requirement("SOS-903-004")
@pytest.mark.check("SOS-CHK-CARE-003")
def test_the_reason_for_a_new_episode_says_what_changed(api: Api, make: Factory) -> None:
    c = Child(api, make)
    c.end(c.made("lac-episodes", c.episode()), "2025-06-20", "X1")
    episodes = c.path("lac-episodes")
    refused(
        api.post(episodes, c.episode(start_date="2025-06-20", reason_new_episode="L")),
        "SOS-903-004",
        "/reason_new_episode",
    )
    refused(
        api.post(
            episodes,
            c.episode(
                start_date="2025-06-20", reason_new_episode="P", legal_status="C1", placement_type="U4"
            ),
        ),
        "SOS-903-004",
        "/reason_new_episode",
    )
    unsaved(api, episodes, 1, "episodes")
    c.made("lac-episodes", c.episode(start_date="2025-06-20", reason_new_episode="L", legal_status="C1"))


@requirement("SOS-903-005")
@pytest.mark.check("SOS-CHK-CARE-004")
def test_an_episode_ends_with_a_reason_that_fits(api: Api, make: Factory) -> None:
    c = Child(api, make)
    episodes = c.path("lac-episodes")
    refused(api.post(episodes, c.episode(end_date="2025-08-20")), "SOS-903-005", "/reason_ceased")
    refused(
        api.post(episodes, c.episode(end_date="2025-08-20", reason_ceased="E11")),
        "SOS-903-005",
        "/reason_ceased",
    )
    refused(api.post(episodes, c.episode(reason_place_change="CARPL")), "SOS-903-005", "/reason_place_change")
    unsaved(api, episodes, 0, "episodes")
    c.made("lac-episodes", c.episode(end_date="2025-08-20", reason_ceased="E4A"))


@requirement("SOS-LAC-001")
@pytest.mark.check("SOS-CHK-CARE-005")
def test_reviews_name_ratings_of_their_case_and_say_if_in_time(api: Api, make: Factory) -> None:
    c = Child(api, make)
    other = Child(api, make)
    rating = make.created(
        f"/v1/scales/{scale(make, other.case)['id']}/ratings",
        {
            "value": 5,
            "rater_name": "Conformance rater",
            "rater_role": "IRO",
            "rated_on": "2025-06-26",
            "context": "LAC_REVIEW",
            "reason": "Settled with the carers.",
        },
    )
    review = {
        "child_id": c.child,
        "review_date": "2025-06-26",
        "participation": "PN1",
        "chair": "Conformance IRO",
    }
    refused(
        api.post(c.path("lac-reviews"), {**review, "rating_ids": [rating["id"]]}),
        "SOS-LAC-001",
        "/rating_ids/0",
    )
    unsaved(api, c.path("lac-reviews"), 0, "reviews")
    c.made("lac-episodes", c.episode())
    in_time = c.made("lac-reviews", review)
    late = c.made("lac-reviews", {**review, "review_date": "2025-10-10"})
    check(
        (in_time.get("on_time"), late.get("on_time")) == (True, False),
        "the first review in time (within 20 working days), the second late (after 3 months)",
        repr((in_time.get("on_time"), late.get("on_time"))),
    )


@requirement("SOS-LAC-002", "SOS-LAC-003", "SOS-LAC-004")
@pytest.mark.check("SOS-CHK-CARE-006")
def test_missing_permanence_and_pathway_rules(api: Api, make: Factory) -> None:
    c = Child(api, make)
    missing = {"child_id": c.child, "missing_type": "M", "start_date": "2025-07-04", "end_date": "2025-07-05"}
    refused(
        api.post(c.path("missing-episodes"), {**missing, "end_date": "2025-07-01"}),
        "SOS-LAC-002",
        "/end_date",
    )
    refused(
        api.post(c.path("missing-episodes"), {**missing, "return_interview_accepted": True}),
        "SOS-LAC-002",
        "/return_interview_accepted",
    )
    decision = {
        "child_id": c.child,
        "plan": "REUNIFICATION",
        "decided_on": "2025-07-15",
        "decided_by": "Panel",
    }
    refused(
        api.post(c.path("permanence-decisions"), {**decision, "adopter_count": 2}),
        "SOS-LAC-003",
        "/adopter_count",
    )
    plan = {"child_id": c.child, "start_date": "2025-09-01", "personal_adviser": "Conformance adviser"}
    refused(
        api.post(c.path("pathway-plans"), {**plan, "review_dates": ["2025-08-01"]}),
        "SOS-LAC-004",
        "/review_dates/0",
    )
    for what in ("missing-episodes", "permanence-decisions", "pathway-plans"):
        unsaved(api, c.path(what), 0, what)
    c.made("missing-episodes", missing)
    c.made("permanence-decisions", decision)
    c.made("pathway-plans", {**plan, "review_dates": ["2026-03-01"]})


@requirement("SOS-LAC-005", "SOS-LAC-006")
@pytest.mark.check("SOS-CHK-CARE-007")
def test_care_leaver_contacts_and_uasc_status(api: Api, make: Factory) -> None:
    c = Child(api, make, date_of_birth="2008-03-01")
    contact = {
        "child_id": c.child,
        "contact_date": "2026-03-05",
        "in_touch": "YES",
        "activity": "F2",
        "accommodation": "E1",
    }
    refused(
        api.post(c.path("care-leaver-contacts"), {**contact, "activity": None}), "SOS-LAC-005", "/activity"
    )
    refused(
        api.post(c.path("care-leaver-contacts"), {**contact, "in_touch": "REFU"}), "SOS-LAC-005", "/activity"
    )
    uasc = {"child_id": c.child, "start_date": "2024-04-02"}
    refused(
        api.post(c.path("uasc-statuses"), {**uasc, "ceased_on": "2024-01-01"}), "SOS-LAC-006", "/ceased_on"
    )
    refused(
        api.post(c.path("uasc-statuses"), {**uasc, "ceased_on": "2026-03-02"}), "SOS-LAC-006", "/ceased_on"
    )
    for what in ("care-leaver-contacts", "uasc-statuses"):
        unsaved(api, c.path(what), 0, what)
    c.made("care-leaver-contacts", contact)
    c.made("uasc-statuses", {**uasc, "ceased_on": "2026-03-01"})


@requirement("SOS-RET-006", "SOS-RET-007")
@pytest.mark.check("SOS-CHK-CARE-009")
def test_health_outcomes_and_mother_status(api: Api, make: Factory) -> None:
    c = Child(api, make)
    outcome = {"child_id": c.child, "year_ending": "2026-03-31", "sdq_score": 12, "immunisations": True}
    refused(
        api.post(c.path("health-outcomes"), {**outcome, "year_ending": "2026-02-28"}),
        "SOS-RET-006",
        "/year_ending",
    )
    refused(
        api.post(c.path("health-outcomes"), {**outcome, "sdq_reason": "SDQ4"}), "SOS-RET-006", "/sdq_reason"
    )
    status = {"child_id": c.child, "recorded_on": "2025-06-02", "is_mother": False}
    refused(
        api.post(c.path("mother-statuses"), {**status, "is_mother": True}), "SOS-RET-007", "/child_born_on"
    )
    for what in ("health-outcomes", "mother-statuses"):
        unsaved(api, c.path(what), 0, what)
    c.made("health-outcomes", outcome)
    c.made("mother-statuses", status)


@requirement("SOS-STAGE-008", "SOS-STAGE-009", "SOS-STAGE-010")
@pytest.mark.check("SOS-CHK-CARE-008")
def test_moves_into_and_out_of_care_rest_on_episodes(api: Api, make: Factory) -> None:
    c = Child(api, make)
    expect_status(make.move(c.case, c.child, "CIN", "2025-04-01"), 201)
    grounds = "/grounds/lac_episode_id"
    refused(make.move(c.case, c.child, "LAC", "2025-05-30", grounds=None), "SOS-STAGE-008", grounds)
    first = c.made("lac-episodes", c.episode())
    c.end(first, "2025-06-20", "X1")
    second = c.made(
        "lac-episodes", c.episode(start_date="2025-06-20", reason_new_episode="P", placement_type="U4")
    )
    into = {"lac_episode_id": second["id"]}  # P: it does not start the period
    refused(make.move(c.case, c.child, "LAC", "2025-06-20", grounds=into), "SOS-STAGE-008", grounds)
    expect_status(
        make.move(c.case, c.child, "LAC", "2025-05-30", grounds={"lac_episode_id": first["id"]}), 201
    )
    ended = c.end(second, "2025-09-01", "E8")
    home = {"lac_episode_id": ended["id"]}
    refused(make.move(c.case, c.child, "CIN", "2025-09-01", grounds=home), "SOS-STAGE-009", grounds)
    refused(make.move(c.case, c.child, "CARE_LEAVER", "2025-09-01", grounds=home), "SOS-STAGE-010", grounds)
    stages = json_body(api.get(f"/v1/children/{c.child}/stages")).get("stages")
    check(stages == ["LAC"], "still looked after after the refusals", repr(stages))

    _care_leaver(api, make)


def _care_leaver(api: Api, make: Factory) -> Child:
    """A young person born 2008-03-01, looked after from 2024-01-10 to 2024-04-10 (92 days, the last of
    them past their 16th birthday), a care leaver since."""
    young = Child(api, make, date_of_birth="2008-03-01")
    expect_status(make.move(young.case, young.child, "CIN", "2024-01-01"), 201)
    stay = young.made("lac-episodes", young.episode(start_date="2024-01-10", legal_status="C2"))
    expect_status(
        make.move(young.case, young.child, "LAC", "2024-01-10", grounds={"lac_episode_id": stay["id"]}), 201
    )
    left = young.end(stay, "2024-04-10", "E8")
    expect_status(
        make.move(
            young.case, young.child, "CARE_LEAVER", "2024-04-10", grounds={"lac_episode_id": left["id"]}
        ),
        201,
    )
    return young


@requirement("SOS-STAGE-012")
@pytest.mark.check("SOS-CHK-CARE-010")
def test_the_age_a_care_leaver_move_rests_on_is_kept(api: Api, make: Factory) -> None:
    """A care leaver's date of birth is not amended to one under which they were not yet 16 on the
    move's date (422 naming date_of_birth, the person as they were); one that still bears the move out
    (16 on the move's very day) is accepted."""
    young = _care_leaver(api, make)
    path = f"/v1/people/{young.child}"
    refused_amendment(api, path, {"date_of_birth": "2008-04-11"}, "SOS-STAGE-012", "/date_of_birth")
    born = amended(api, path, {"date_of_birth": "2008-04-10"}).get("date_of_birth")
    check(born == "2008-04-10", "date of birth 2008-04-10 accepted (16 on the move's day)", repr(born))
