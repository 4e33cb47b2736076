"""Request examples of the statutory operations and relationships (see service/contract/examples.py).

Everyone named is invented. Dates follow the invented family's journey (domain.md section 9): a
referral on 2025-03-02, a strategy discussion and section 47 enquiry on 2025-03-03 (its initial
conference due 15 working days later, 2025-03-24), the initial conference and plan on 2025-03-20.
"""

from __future__ import annotations

from service.examples import (
    ADULT_ID,
    CHILD_ID,
    Example,
    amendment,
    broken_rule,
    invalid,
    out_of_order,
    record_id,
    register,
    unknown_code,
)

REFERRAL_ID = record_id("referral")
DISCUSSION_ID = record_id("strategy_discussion")
SECTION47_ID = record_id("section47_enquiry")
CONFERENCE_ID = record_id("cp_conference")
CP_PLAN_ID = record_id("cp_plan")

EARLY_HELP = {
    "child_id": CHILD_ID,
    "assessment_started_on": "2025-01-14",
    "completing_organisation": "Eastmoor Family Hub",
    "lead_professional": "Amira Shah, early help practitioner",
    "consent_to_share": True,
    "consent_given_on": "2025-01-14",
    "consent_given_by_person_id": ADULT_ID,
}
REFERRAL = {
    "child_id": CHILD_ID,
    "referral_date": "2025-03-02",
    "source": "6",
    "primary_need": "N1",
    "no_further_action": False,
}
ASSESSMENT = {
    "child_id": CHILD_ID,
    "referral_id": REFERRAL_ID,
    "started_on": "2025-03-03",
    "factors": ["3B", "1B", "16A"],
}
CIN_PLAN = {"child_id": CHILD_ID, "referral_id": REFERRAL_ID, "start_date": "2025-03-05"}
DISCUSSION = {
    "child_id": CHILD_ID,
    "referral_id": REFERRAL_ID,
    "held_on": "2025-03-03",
    "agencies": ["Children's social care", "Police", "Health visiting"],
    "decision": "SECTION_47",
}
SECTION47 = {
    "child_id": CHILD_ID,
    "referral_id": REFERRAL_ID,
    "strategy_discussion_id": DISCUSSION_ID,
    "started_on": "2025-03-03",
}
ICPC = {
    "child_id": CHILD_ID,
    "conference_type": "INITIAL",
    "section47_id": SECTION47_ID,
    "held_on": "2025-03-20",
    "chair": "Lena Ortiz, conference chair",
    "attendees": [
        {"name": "Maya Thornbury", "role": "Mother", "person_id": ADULT_ID},
        {"name": "Tom Baines", "role": "Social worker"},
        {"name": "Mr Hale", "role": "Class teacher"},
    ],
    "outcome": "PLAN_STARTED",
    "map_id": record_id("map"),
    "danger_statement_ids": [record_id("danger_statement")],
    "rating_ids": [record_id("scale_rating")],
}
CP_PLAN = {
    "child_id": CHILD_ID,
    "referral_id": REFERRAL_ID,
    "conference_id": CONFERENCE_ID,
    "start_date": "2025-03-20",
    "initial_category": "EMO",
    "latest_category": "EMO",
}
RELATIONSHIP = {
    "person_id": ADULT_ID,
    "child_id": CHILD_ID,
    "relationship_type": "MOTHER",
    "parental_responsibility": True,
    "from_date": "2018-05-01",
}


register(
    "create_early_help_episode",
    valid={"with_consent": Example("An early help assessment starts, with the mother's consent", EARLY_HELP)},
    refused={
        "outcome_without_end": broken_rule(
            "Refused: an outcome is recorded with the date the episode ended",
            {**EARLY_HELP, "outcome": "NEEDS_MET"},
            "An early help outcome is recorded with the date the episode ended.",
            "/ended_on",
            "outcome_without_end",
            requirement="SOS-EH-001",
        ),
        "consent_without_giver": broken_rule(
            "Refused: consent is recorded with who gave it",
            {**EARLY_HELP, "consent_given_by_person_id": None},
            "Consent is recorded with its date and who gave it.",
            "/consent_given_by_person_id",
            "consent_incomplete",
            requirement="SOS-EH-002",
        ),
    },
)

register(
    "amend_early_help_episode",
    valid={
        "ended": amendment(
            "Early help ends: the family was referred to children's social care",
            "2025-03-02",
            assessment_completed_on="2025-02-11",
            ended_on="2025-03-02",
            outcome="STEPPED_UP",
            reason="Police notification; referred to children's social care.",
        )
    },
    refused={
        "completed_before_start": out_of_order(
            "Refused: an assessment cannot be completed before it started",
            {"effective_on": "2025-04-02", "assessment_completed_on": "2025-01-01"},
            "assessment_completed_on",
            "the assessment's start (2025-01-14)",
            "SOS-EH-001",
        )
    },
)

register(
    "create_referral",
    valid={"police": Example("A police notification becomes a referral", REFERRAL)},
    refused={
        "closed_without_reason": broken_rule(
            "Refused: a referral closes with its reason",
            {**REFERRAL, "closure_date": "2026-07-13"},
            "A referral closes with both its closure date and its reason.",
            "/closure_reason",
            "closure_incomplete",
            requirement="SOS-CIN-001",
        ),
        "unknown_source": unknown_code(
            "Refused: 'P' is not a code of the list cin_referral_source",
            REFERRAL,
            "source",
            "P",
            "cin_referral_source",
        ),
    },
)

register(
    "amend_referral",
    valid={
        "closed": amendment(
            "The referral closes: services ceased",
            "2026-07-13",
            closure_date="2026-07-13",
            closure_reason="RC7",
            reason="Step down to early help.",
        )
    },
    refused={
        "closed_before_referral": out_of_order(
            "Refused: a referral cannot close before it was made",
            {"effective_on": "2025-04-02", "closure_date": "2025-03-01", "closure_reason": "RC8"},
            "closure_date",
            "the referral date (2025-03-02)",
            "SOS-CIN-001",
        )
    },
)

register(
    "create_single_assessment",
    valid={"factors": Example("An assessment with the factors it found", ASSESSMENT)},
    refused={
        "retired_factor": invalid(
            "Refused: factor 18A was retired (physical abuse is now split by who harmed)",
            {**ASSESSMENT, "factors": ["18A"]},
            "/factors/0",
            "code_retired",
            code_list="cin_assessment_factor",
        ),
        "no_factors_with_others": broken_rule(
            "Refused: 21 (no factors identified) stands alone",
            {**ASSESSMENT, "factors": ["21", "3B"]},
            "Factor 21 (no factors identified) cannot be listed with other factors.",
            "/factors",
            "no_factors_not_alone",
            requirement="SOS-CIN-003",
        ),
    },
)

register(
    "amend_single_assessment",
    valid={
        "authorised": amendment(
            "The assessment is reviewed and authorised",
            "2025-04-14",
            internal_review_on="2025-04-10",
            authorised_on="2025-04-14",
        )
    },
    refused={
        "authorised_before_start": out_of_order(
            "Refused: an assessment cannot be authorised before it started",
            {"effective_on": "2025-04-02", "authorised_on": "2025-03-01"},
            "authorised_on",
            "the assessment's start (2025-03-03)",
            "SOS-CIN-003",
        )
    },
)

register(
    "create_cin_plan",
    valid={"started": Example("A child in need plan starts", CIN_PLAN)},
    refused={
        "before_referral": out_of_order(
            "Refused: a plan cannot start before its referral",
            {**CIN_PLAN, "start_date": "2025-03-01"},
            "start_date",
            "the referral (2025-03-02)",
            "SOS-CIN-002",
        )
    },
)

register(
    "amend_cin_plan",
    valid={"ended": amendment("The child in need plan ends", "2025-03-19", end_date="2025-03-19")},
    refused={
        "ends_before_start": out_of_order(
            "Refused: a plan cannot end before it started",
            {"effective_on": "2025-04-02", "end_date": "2025-03-04"},
            "end_date",
            "the plan's start (2025-03-05)",
            "SOS-CIN-004",
        )
    },
)

register(
    "create_strategy_discussion",
    valid={"section_47": Example("A strategy discussion decides on a section 47 enquiry", DISCUSSION)},
    refused={
        "no_agency": invalid(
            "Refused: at least one agency took part",
            {**DISCUSSION, "agencies": []},
            "/agencies",
            "too_short",
        ),
        "other_childs_referral": broken_rule(
            "Refused: the referral named must be this child's in this case",
            {**DISCUSSION, "referral_id": "0b7c6f3e-1d2a-4c5b-8e9f-0000000000ff"},
            "The referral named is not a referral of this child in this case.",
            "/referral_id",
            "referral_not_of_child",
            requirement="SOS-CIN-002",
        ),
    },
)

register(
    "amend_strategy_discussion",
    valid={
        "agencies": amendment(
            "Education joined the discussion",
            "2025-04-02",
            agencies=["Children's social care", "Police", "Health visiting", "School"],
        )
    },
)

register(
    "create_section47_enquiry",
    valid={"started": Example("A section 47 enquiry starts after the strategy discussion", SECTION47)},
    refused={
        "typed_target": broken_rule(
            "Refused: the initial conference target date is worked out, never typed",
            {**SECTION47, "icpc_target_date": "2025-03-18"},
            "The initial conference target date is worked out: 2025-03-03 plus 15 working days is "
            "2025-03-24. Leave icpc_target_date out.",
            "/icpc_target_date",
            "target_date_derived",
            requirement="SOS-CIN-005",
        )
    },
)

register(
    "amend_section47_enquiry",
    valid={
        "concluded": amendment(
            "The enquiry concludes: an initial conference is needed",
            "2025-04-02",
            outcome="INITIAL_CONFERENCE",
        )
    },
    refused={
        "before_discussion": out_of_order(
            "Refused: an enquiry cannot start before its strategy discussion",
            {"effective_on": "2025-04-02", "started_on": "2025-03-02"},
            "started_on",
            "its strategy discussion (2025-03-03)",
            "SOS-CIN-005",
        )
    },
)

register(
    "create_cp_conference",
    valid={"initial": Example("An initial conference starts a plan, with the map it considered", ICPC)},
    refused={
        "before_enquiry": out_of_order(
            "Refused: a conference cannot be held before its section 47 enquiry started",
            {**ICPC, "held_on": "2025-03-01"},
            "held_on",
            "its section 47 enquiry started (2025-03-03)",
            "SOS-CIN-006",
        ),
        "review_outcome_for_initial": broken_rule(
            "Refused: an initial conference starts a plan or not",
            {**ICPC, "outcome": "PLAN_CONTINUED"},
            "The outcome PLAN_CONTINUED does not fit a conference of type INITIAL.",
            "/outcome",
            "outcome_not_for_type",
            requirement="SOS-CIN-006",
        ),
    },
)

register(
    "amend_cp_conference",
    valid={
        "chair": amendment(
            "The chair's name corrected",
            "2025-04-02",
            chair="Lena Ortiz, independent conference chair",
            reason="Role corrected.",
        )
    },
    refused={
        "no_attendee": invalid(
            "Refused: a conference had at least one attendee",
            {"effective_on": "2025-04-02", "attendees": []},
            "/attendees",
            "too_short",
        )
    },
)

register(
    "create_cp_plan",
    valid={"started": Example("A child protection plan starts at the initial conference", CP_PLAN)},
    refused={
        "before_referral": out_of_order(
            "Refused: a plan cannot start before its referral",
            {**CP_PLAN, "start_date": "2025-03-01"},
            "start_date",
            "the referral (2025-03-02)",
            "SOS-CIN-007",
        ),
        "unknown_category": unknown_code(
            "Refused: 'N' is not a category (neglect is NEG)",
            CP_PLAN,
            "initial_category",
            "N",
            "cin_category_of_abuse",
        ),
    },
)

register(
    "amend_cp_plan",
    valid={
        "ended": amendment(
            "The plan ends at a review conference",
            "2025-08-20",
            end_date="2025-08-20",
            latest_category="EMO",
            reason="Review conference: the care plan now keeps the children safe.",
        )
    },
    refused={
        "ends_before_start": out_of_order(
            "Refused: a plan cannot end before it started",
            {"effective_on": "2025-04-02", "end_date": "2025-03-10"},
            "end_date",
            "the plan's start (2025-03-20)",
            "SOS-CIN-007",
        )
    },
)

register(
    "create_cp_plan_review",
    valid={"reviewed": Example("The plan is reviewed", {"review_date": "2025-06-12"})},
    refused={
        "before_plan": out_of_order(
            "Refused: a review cannot come before the plan started",
            {"review_date": "2025-03-01"},
            "review_date",
            "the plan's start (2025-03-20)",
            "SOS-CIN-008",
        )
    },
)

register(
    "amend_cp_plan_review",
    valid={"date": amendment("The review's date corrected", "2025-06-13", review_date="2025-06-13")},
)

register(
    "create_relationship",
    valid={"mother": Example("The children's mother, with parental responsibility", RELATIONSHIP)},
    refused={
        "ends_before_it_began": out_of_order(
            "Refused: a relationship cannot end before it began",
            {**RELATIONSHIP, "to_date": "2017-01-01"},
            "to_date",
            "from_date (2018-05-01)",
            "SOS-REL-001",
        ),
        "child_as_adult": broken_rule(
            "Refused: the adult must be an adult member of the case",
            {**RELATIONSHIP, "person_id": CHILD_ID},
            "A relationship links an adult member of the case to a child member of it.",
            "/person_id",
            "not_an_adult_of_case",
            requirement="SOS-REL-001",
        ),
    },
)

register(
    "amend_relationship",
    valid={
        "ended": amendment("The relationship ended", "2026-10-01", to_date="2026-10-01", reason="Moved away.")
    },
)
