"""Request examples of the looked-after and care-leaver operations (see service/contract/examples.py).

Everyone named is invented. Dates follow the invented family's journey (domain.md section 9): the
child comes into care under section 20 on 2025-05-30 with foster carers, and goes home on 2025-08-20.
"""

from __future__ import annotations

from service.examples import (
    CHILD_ID,
    Example,
    amendment,
    broken_rule,
    missing,
    out_of_order,
    record_id,
    register,
    unknown_code,
)

EPISODE = {
    "child_id": CHILD_ID,
    "start_date": "2025-05-30",
    "reason_new_episode": "S",
    "legal_status": "V2",
    "category_of_need": "N1",
    "placement_type": "U6",
    "placement_provider": "PR1",
    "home_postcode": "LS9 8AB",
    "placement_postcode": "LS14 2QT",
}
REVIEW = {
    "child_id": CHILD_ID,
    "review_date": "2025-06-26",
    "participation": "PN1",
    "chair": "Ruth Okafor, independent reviewing officer",
    "decisions": "Stay with the foster carers; family time three times a week; plan for return home.",
}
MISSING = {
    "child_id": CHILD_ID,
    "missing_type": "M",
    "start_date": "2025-07-04",
    "end_date": "2025-07-05",
    "return_interview_offered": True,
    "return_interview_accepted": True,
}
PERMANENCE = {
    "child_id": CHILD_ID,
    "plan": "REUNIFICATION",
    "decided_on": "2025-07-15",
    "decided_by": "Looked-after review chaired by Ruth Okafor",
    "previous_permanence": "Z1",
}
PATHWAY = {
    "child_id": CHILD_ID,
    "start_date": "2025-09-01",
    "review_dates": ["2026-03-01"],
    "personal_adviser": "Dan Whitlow, personal adviser",
}
CONTACT = {
    "child_id": CHILD_ID,
    "contact_date": "2026-02-10",
    "in_touch": "YES",
    "activity": "F2",
    "accommodation": "E1",
}
UASC = {"child_id": CHILD_ID, "start_date": "2025-04-02"}
OUTCOME = {
    "child_id": CHILD_ID,
    "year_ending": "2026-03-31",
    "sdq_score": 14,
    "convicted": False,
    "immunisations": True,
    "teeth_check": True,
    "health_assessment": True,
    "substance_misuse": False,
}
MOTHER = {"child_id": CHILD_ID, "recorded_on": "2025-06-02", "is_mother": False}


register(
    "create_lac_episode",
    valid={
        "into_care": Example("The child comes into care under section 20, with foster carers", EPISODE),
    },
    refused={
        "first_not_s": broken_rule(
            "Refused: the child's first episode starts a period of care (S)",
            {**EPISODE, "reason_new_episode": "P"},
            "The child's first episode starts a period of care: reason for new episode S.",
            "/reason_new_episode",
            "period_starts_with_s",
            requirement="SOS-903-001",
        ),
        "home_under_s20": broken_rule(
            "Refused: placed with parents (P1) under a single section 20 period (V2)",
            {**EPISODE, "placement_type": "P1"},
            "A child placed with parents (P1) cannot be accommodated under a single section 20 period "
            "(V2); the return rejects it (validator rule 378).",
            "/placement_type",
            "placement_legal_status_rejected",
            requirement="SOS-903-003",
        ),
        "adopted_from_foster_care": broken_rule(
            "Refused: adopted (E11) from a placement that is not for adoption",
            {**EPISODE, "end_date": "2025-08-20", "reason_ceased": "E11"},
            "An episode ends with adoption (E11, E12) only when the child was placed for adoption "
            "(placement type A3, A4, A5 or A6).",
            "/reason_ceased",
            "reason_ceased_rejected",
            requirement="SOS-903-005",
        ),
        "unknown_legal_status": unknown_code(
            "Refused: 'S20' is not a legal status (section 20 is V2)",
            EPISODE,
            "legal_status",
            "S20",
            "ssda903_legal_status",
        ),
        "no_start": missing("Refused: an episode needs its start date", EPISODE, "start_date"),
    },
)

register(
    "amend_lac_episode",
    valid={
        "home": amendment(
            "The child goes home as part of the care plan",
            "2025-08-20",
            end_date="2025-08-20",
            reason_ceased="E4A",
            reason="Looked-after review agreed the return home.",
        )
    },
    refused={
        "end_without_reason": broken_rule(
            "Refused: an episode ends with the reason it ceased",
            {"effective_on": "2025-08-20", "end_date": "2025-08-20"},
            "An episode ends with both its end date and the reason it ceased.",
            "/reason_ceased",
            "ceased_incomplete",
            requirement="SOS-903-005",
        )
    },
)

register(
    "create_lac_review",
    valid={
        "first": Example("The first looked-after review, the child speaking for herself", REVIEW),
        "with_rating": Example(
            "A review where the child's scaling was given",
            {**REVIEW, "rating_ids": [record_id("scale_rating")]},
        ),
    },
    refused={
        "unknown_participation": unknown_code(
            "Refused: 'PN9' is not a participation code",
            REVIEW,
            "participation",
            "PN9",
            "ssda903_review_participation",
        ),
        "no_chair": missing("Refused: a review names its chair", REVIEW, "chair"),
    },
)

register(
    "amend_lac_review",
    valid={
        "participation": amendment(
            "The participation code corrected",
            "2025-09-01",
            participation="PN2",
            reason="Her advocate spoke for her.",
        )
    },
)

register(
    "create_missing_episode",
    valid={"overnight": Example("Missing overnight, found the next day; return interview taken up", MISSING)},
    refused={
        "back_before_gone": out_of_order(
            "Refused: a child cannot come back before going missing",
            {**MISSING, "end_date": "2025-07-01"},
            "end_date",
            "the start (2025-07-04)",
            "SOS-LAC-002",
        ),
        "accepted_not_offered": broken_rule(
            "Refused: a return interview not offered cannot be accepted",
            {**MISSING, "return_interview_offered": False},
            "Whether a return interview was accepted is recorded only when one was offered.",
            "/return_interview_accepted",
            "interview_not_offered",
            requirement="SOS-LAC-002",
        ),
    },
)

register(
    "amend_missing_episode",
    valid={
        "returned": amendment(
            "The return date corrected", "2025-07-06", end_date="2025-07-06", reason="Police log."
        )
    },
)

register(
    "create_permanence_decision",
    valid={"reunification": Example("The plan is return home", PERMANENCE)},
    refused={
        "adopters_without_adoption": broken_rule(
            "Refused: adopters are recorded only with an adoption plan",
            {**PERMANENCE, "adopter_count": 2},
            "Adoption milestones and adopters are recorded on a decision whose plan is adoption.",
            "/adopter_count",
            "adoption_fields_without_plan",
            requirement="SOS-LAC-003",
        ),
    },
)

register(
    "amend_permanence_decision",
    valid={
        "decided_by": amendment(
            "Who decided, corrected",
            "2025-09-01",
            decided_by="Agency decision maker",
            reason="Recorded against the wrong body.",
        )
    },
)

register(
    "create_pathway_plan",
    valid={"started": Example("A pathway plan starts with a personal adviser", PATHWAY)},
    refused={
        "reviewed_before_start": out_of_order(
            "Refused: a plan cannot be reviewed before it started",
            {**PATHWAY, "review_dates": ["2025-08-01"]},
            "review_dates/0",
            "the plan's start (2025-09-01)",
            "SOS-LAC-004",
        ),
    },
)

register(
    "amend_pathway_plan",
    valid={
        "reviewed": amendment(
            "A review added",
            "2026-03-01",
            review_dates=["2026-03-01", "2026-09-01"],
            reason="Six-monthly review.",
        )
    },
)

register(
    "create_care_leaver_contact",
    valid={"in_touch": Example("In touch: at college, in supported lodgings", CONTACT)},
    refused={
        "in_touch_without_activity": broken_rule(
            "Refused: a contact in touch records the activity",
            {**CONTACT, "activity": None},
            "A contact in touch with the young person (YES) records their activity and accommodation; "
            "any other answer records neither (SSDA903 OC3).",
            "/activity",
            "contact_incomplete",
            requirement="SOS-LAC-005",
        ),
        "unknown_accommodation": unknown_code(
            "Refused: 'E' needs its suitability digit (E1 or E2)",
            CONTACT,
            "accommodation",
            "E",
            "ssda903_oc3_accommodation",
        ),
    },
)

register(
    "amend_care_leaver_contact",
    valid={
        "accommodation": amendment(
            "The accommodation corrected", "2025-09-01", accommodation="U1", reason="Moved to a flat."
        )
    },
)

register(
    "create_uasc_status",
    valid={"arrived": Example("An unaccompanied asylum-seeking child", UASC)},
    refused={
        "ceased_before_start": out_of_order(
            "Refused: the status cannot cease before it began",
            {**UASC, "ceased_on": "2025-01-01"},
            "ceased_on",
            "the start (2025-04-02)",
            "SOS-LAC-006",
        ),
    },
)

register(
    "amend_uasc_status",
    valid={
        "ceased": amendment(
            "Leave to remain granted", "2026-01-20", ceased_on="2026-01-20", reason="Home Office letter."
        )
    },
)

register(
    "create_health_outcome",
    valid={"year": Example("A year's outcomes: health checks done, an SDQ score, no conviction", OUTCOME)},
    refused={
        "not_a_year_end": broken_rule(
            "Refused: outcomes are for the year to a 31 March",
            {**OUTCOME, "year_ending": "2026-02-28"},
            "Outcomes are for the year to a 31 March, the SSDA903 year end.",
            "/year_ending",
            "outcomes_year_ending",
            requirement="SOS-RET-006",
        ),
    },
)

register(
    "amend_health_outcome",
    valid={
        "teeth": amendment(
            "The dental check confirmed", "2026-03-31", teeth_check=True, reason="Dentist's letter."
        )
    },
)

register(
    "create_mother_status",
    valid={"not_a_mother": Example("Recorded when she came into care: not a mother", MOTHER)},
    refused={
        "mother_without_child": broken_rule(
            "Refused: a mother's child's date of birth is recorded",
            {**MOTHER, "is_mother": True},
            "A mother's child's date of birth is recorded, and only a mother's (SSDA903 MC_DOB).",
            "/child_born_on",
            "mother_child_birth",
            requirement="SOS-RET-007",
        ),
    },
)

register(
    "amend_mother_status",
    valid={
        "corrected": amendment(
            "Corrected: recorded a day late", "2025-06-03", recorded_on="2025-06-03", reason="Date corrected."
        )
    },
)
