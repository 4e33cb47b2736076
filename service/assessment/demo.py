"""The demo family's assessment records (domain.md section 9), as dated steps recorded through the API.

Everyone and everything here is invented. The steps run in date order with the stage moves (see
service/demo.py), so each map version takes its vocabulary from the children's stage on the day it
was made, and each move carries forward the map, statements and scales as they stood that day.

ctx holds "case" (the case as read) and "people" (name -> person id) from the first step of
service/demo.py; these steps add "ds1", "ds2" (each statement as last read back), "s1" and "s2".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from service.demo import DemoClient, Step

Ctx = dict[str, Any]


def _case_path(ctx: Ctx) -> str:
    return f"/v1/cases/{ctx['case']['id']}"


def _new_map(
    api: DemoClient,
    ctx: Ctx,
    on: str,
    context: list[str],
    participants: list[str],
    entries: list[dict[str, Any]],
) -> None:
    api.post(
        f"{_case_path(ctx)}/maps",
        {"context": context, "mapped_on": on, "participants": participants, "entries": entries},
    )


def _rate(
    api: DemoClient,
    scale: dict[str, Any],
    on: str,
    context: str,
    ratings: list[tuple[str, str, int, str]],
    meeting: str | None = None,
) -> None:
    for name, role, value, reason in ratings:
        api.post(
            f"/v1/scales/{scale['id']}/ratings",
            {
                "value": value,
                "rater_name": name,
                "rater_role": role,
                "rated_on": on,
                "context": context,
                "reason": reason,
                "meeting_ref": meeting,
            },
        )


def first_map(api: DemoClient, ctx: Ctx) -> None:
    """Step 2 (2025-01-21): the first map, in early help."""
    leo = ctx["people"]["leo"]
    _new_map(
        api,
        ctx,
        "2025-01-21",
        ["ASSESSMENT"],
        ["Maya Thornbury", "Amira Shah"],
        [
            {
                "category": "HARM",
                "text": "Leo arrived at school hungry six times in December 2024.",
                "event_date": "2024-12-01",
                "event_date_precision": "MONTH",
                "reported_by": "Leo's school",
                "children_affected": [leo],
            },
            {
                "category": "COMPLICATING_FACTOR",
                "text": "Maya works nights; Dean shouts when he is stressed.",
            },
            {
                "category": "EXISTING_STRENGTH",
                "text": "Maya walks Leo to school when she is not on nights.",
                "children_affected": [leo],
            },
            {
                "category": "EXISTING_SAFETY",
                "text": "Pat collects Leo from school on Fridays.",
                "children_affected": [leo],
            },
            {"category": "NEXT_STEP", "text": "Meet Pat and Sam to talk about night-shift mornings."},
        ],
    )


def first_statement(api: DemoClient, ctx: Ctx) -> None:
    """Step 3: DS1 with its goal G1 (shown as a worry statement and wellbeing goal at early help)."""
    ctx["ds1"] = api.post(
        f"{_case_path(ctx)}/danger-statements",
        {
            "children": [ctx["people"]["leo"]],
            "statement_kind": "DANGER",
            "who_is_worried": ["Leo's school", "Amira Shah"],
            "worried_about": "Leo misses school and comes in hungry on the days Maya works nights.",
            "impact_on_child": "Leo falls behind with his learning and feels 'different' from his friends.",
            "if_nothing_changes": "Leo will keep missing school and going without breakfast.",
            "opening_acknowledgement": "Maya walks Leo to school whenever she is not on nights.",
            "family_position": "PARTLY_AGREES",
            "written_on": "2025-01-21",
            "goal": {
                "parent_actions": "Maya has a night-shift childcare plan with Pat and Sam.",
                "child_experience": "Leo gets to school on time, with breakfast, on at least 95% of days.",
                "professional_observation": "The school sees Leo on time and ready to learn.",
                "best_hopes": "Maya: 'Leo happy at school, and me less tired.'",
                "sustain_duration": "P3M",
            },
        },
    )


def wellbeing_scale(api: DemoClient, ctx: Ctx) -> None:
    """Step 4: S1, a wellbeing scale, and the first ratings."""
    ctx["s1"] = api.post(
        f"{_case_path(ctx)}/scales",
        {
            "kind": "WELLBEING",
            "question": "How well are Leo's needs being met at the moment?",
            "anchor_0": "We need to refer to children's social care.",
            "anchor_10": "Leo's wellbeing is secure.",
            "danger_statement_id": ctx["ds1"]["id"],
            "defined_on": "2025-01-21",
        },
    )
    _rate(
        api,
        ctx["s1"],
        "2025-01-21",
        "MAPPING",
        [
            (
                "Amira Shah",
                "EARLY_HELP_PRACTITIONER",
                5,
                "Maya wants things to change, but nights are not covered.",
            ),
            ("Maya Thornbury", "PARENT", 8, "Leo is loved and fed; it is only the night-shift mornings."),
            ("Leo's school", "OTHER_AGENCY_EDUCATION", 4, "Attendance is 78% and he is often hungry."),
        ],
    )


def safety_map(api: DemoClient, ctx: Ctx) -> None:
    """Step 9 (2025-03-10): after the step up, map v2 in safety words."""
    leo, ruby = ctx["people"]["leo"], ctx["people"]["ruby"]
    _new_map(
        api,
        ctx,
        "2025-03-10",
        ["ASSESSMENT"],
        ["Maya Thornbury", "Tom Baines", "Pat Ellison"],
        [
            {
                "category": "HARM",
                "text": "Dean pushed Maya while she was holding Ruby; police were called.",
                "event_date": "2025-03-01",
                "event_date_precision": "DAY",
                "reported_by": "Police",
                "alternative_account": "Maya says it was an accident and she was not drunk.",
                "children_affected": [leo, ruby],
            },
            {
                "category": "HARM",
                "text": "Leo arrived at school hungry six times in December 2024.",
                "event_date": "2024-12-01",
                "event_date_precision": "MONTH",
                "reported_by": "Leo's school",
                "children_affected": [leo],
            },
            {"category": "COMPLICATING_FACTOR", "text": "Maya drinks when she and Dean argue."},
            {
                "category": "EXISTING_SAFETY",
                "text": "Leo takes Ruby to his room when the adults argue.",
                "children_affected": [leo, ruby],
            },
            {"category": "NEXT_STEP", "text": "Hold a network meeting with Pat, Sam and Jess."},
        ],
    )


def reword_first_statement(api: DemoClient, ctx: Ctx) -> None:
    """Step 9: DS1 re-worded as a danger statement (v2): the same statement, a new version."""
    ds1 = ctx["ds1"]
    ctx["ds1"] = api.patch(
        f"/v1/danger-statements/{ds1['id']}",
        {
            "who_is_worried": ["Leo's school", "Tom Baines", "Amira Shah"],
            "worried_about": (
                "When Maya works nights nobody gets Leo up, so he misses school or arrives without "
                "breakfast; this happened six times in December 2024."
            ),
            "written_on": "2025-03-10",
            "amendment_reason": "Re-worded as a danger statement at step up to child in need.",
        },
        ds1["version"],
    )


def second_statement(api: DemoClient, ctx: Ctx) -> None:
    """Step 9: DS2 with its goal G2."""
    ctx["ds2"] = api.post(
        f"{_case_path(ctx)}/danger-statements",
        {
            "children": [ctx["people"]["leo"], ctx["people"]["ruby"]],
            "statement_kind": "DANGER",
            "who_is_worried": ["Police", "Leo's school", "Tom Baines"],
            "worried_about": (
                "When Dean and Maya argue and Maya has been drinking, Dean has pushed Maya while she "
                "held Ruby (1 March 2025). Leo hides with Ruby."
            ),
            "impact_on_child": "Ruby could be badly hurt; Leo lives in fear at home.",
            "if_nothing_changes": "Ruby could be badly hurt and Leo will keep living in fear.",
            "family_position": "DISPUTES",
            "dispute_text": "Maya says it was an accident and she was not drunk.",
            "written_on": "2025-03-10",
            "goal": {
                "parent_actions": (
                    "Maya, Pat, Sam and Jess make sure the children are never at home when Dean is "
                    "there until he has finished a domestic abuse programme; Maya has a plan for not "
                    "drinking when she is caring for the children."
                ),
                "child_experience": "Leo says he feels safe at home.",
                "professional_observation": (
                    "The network and school see the plan kept, with no police call-outs."
                ),
                "sustain_duration": "P6M",
            },
        },
    )


def conference_scaling(api: DemoClient, ctx: Ctx) -> None:
    """Step 10 (2025-03-20): S2, a safety scale on DS2, scaled by everyone at the conference."""
    ctx["s2"] = api.post(
        f"{_case_path(ctx)}/scales",
        {
            "kind": "SAFETY",
            "question": "How safe are Leo and Ruby at home?",
            "anchor_0": "The children cannot live at home.",
            "anchor_10": "The children are safe enough to close.",
            "danger_statement_id": ctx["ds2"]["id"],
            "defined_on": "2025-03-20",
        },
    )
    _rate(
        api,
        ctx["s2"],
        "2025-03-20",
        "CONFERENCE",
        [
            ("Tom Baines", "SOCIAL_WORKER", 3, "No plan yet for when Dean comes round."),
            ("Health visitor", "OTHER_AGENCY_HEALTH", 3, "Ruby is well cared for, but the push was serious."),
            ("Mr Hale", "OTHER_AGENCY_EDUCATION", 4, "Leo is attending more, but is quiet and jumpy."),
            ("Police", "OTHER_AGENCY_POLICE", 2, "Two call-outs in a year, alcohol involved both times."),
            ("Maya Thornbury", "PARENT", 6, "Dean has moved out and I keep the children away from him."),
            ("Pat Ellison", "NETWORK_MEMBER", 4, "I worry when Maya drinks; I can help more."),
        ],
        meeting="ICPC 2025-03-20",
    )


def incident_rating(api: DemoClient, ctx: Ctx) -> None:
    """Step 14 (2025-05-30): Dean found in the home."""
    _rate(
        api,
        ctx["s2"],
        "2025-05-30",
        "HOME_VISIT",
        [
            (
                "Tom Baines",
                "SOCIAL_WORKER",
                1,
                "Dean was in the home at 23:00 and Maya was drunk; police protection.",
            ),
        ],
    )


def reunification_map(api: DemoClient, ctx: Ctx) -> None:
    """Step 17 (2025-06-12): map v3 for reunification; scaling at the review conference."""
    leo, ruby = ctx["people"]["leo"], ctx["people"]["ruby"]
    _new_map(
        api,
        ctx,
        "2025-06-12",
        ["CONFERENCE", "REUNIFICATION"],
        ["Lena Ortiz", "Tom Baines", "Maya Thornbury", "Pat Ellison"],
        [
            {
                "category": "EXISTING_SAFETY",
                "text": "The children are living with Pat, who keeps Dean away.",
                "children_affected": [leo, ruby],
            },
            {
                "category": "NEXT_STEP",
                "text": "Maya starts alcohol support; Dean is referred to a programme.",
            },
        ],
    )
    _rate(
        api,
        ctx["s2"],
        "2025-06-12",
        "CONFERENCE",
        [
            ("Tom Baines", "SOCIAL_WORKER", 2, "The children are safe with Pat; home is not safe yet."),
            ("Pat Ellison", "CARER", 5, "Maya is working hard and visits every day."),
            ("Maya Thornbury", "PARENT", 4, "I know I let Dean in; I am getting help."),
        ],
        meeting="RCPC 2025-06-12",
    )


def _monthly(on: str, tom: int, maya: int | None, leo_path: int | None) -> Step:
    """Step 21 (2025-10 to 2025-12): monthly scaling during reunification."""

    def run(api: DemoClient, ctx: Ctx) -> None:
        monthly = [("Tom Baines", "SOCIAL_WORKER", tom, "Family time is going to plan.")]
        if maya is not None:
            monthly.append(("Maya Thornbury", "PARENT", maya, "The overnight stays went well."))
        if leo_path is not None:
            monthly.append(("Leo Thornbury", "CHILD", leo_path, "Where Leo put himself on his safety path."))
        _rate(api, ctx["s2"], on, "REVIEW" if leo_path is None else "HOME_VISIT", monthly)

    return Step(date.fromisoformat(on), f"21. Monthly scaling on S2 ({on})", run)


def home_for_good(api: DemoClient, ctx: Ctx) -> None:
    """Step 23 (2026-03-30): home for good; map v4, and the goals' change has been seen since
    2026-01-12."""
    leo, ruby = ctx["people"]["leo"], ctx["people"]["ruby"]
    _new_map(
        api,
        ctx,
        "2026-03-30",
        ["REVIEW"],
        ["Tom Baines", "Paul Reeve", "Maya Thornbury", "Pat Ellison"],
        [
            {
                "category": "EXISTING_SAFETY",
                "text": "Since 12 January the children have lived at home with the plan kept every week.",
                "children_affected": [leo, ruby],
            },
            {"category": "EXISTING_STRENGTH", "text": "Dean finished his programme on 28 November 2025."},
        ],
    )
    for key in ("ds1", "ds2"):
        ctx[key] = api.patch(
            f"/v1/danger-statements/{ctx[key]['id']}",
            {"written_on": "2026-03-30", "goal": {"sustain_from": "2026-01-12"}},
            ctx[key]["version"],
        )


def _goal_met(key: str, on: str) -> Step:
    """Step 24: G1 (three months) is met on 2026-04-13. Marking G2 on 2026-06-30 would be refused
    (2026-01-12 + P6M = 2026-07-12), so it is marked met on 2026-07-13."""

    def run(api: DemoClient, ctx: Ctx) -> None:
        ctx[key] = api.act(
            f"/v1/danger-statements/{ctx[key]['id']}/goal-met", {"met_on": on}, ctx[key]["version"]
        )

    goal = "G1" if key == "ds1" else "G2"
    return Step(date.fromisoformat(on), f"24. {goal} met", run)


def step_down_map(api: DemoClient, ctx: Ctx) -> None:
    """Step 25 (2026-07-13): step down; map v5 in wellbeing words, and S1 used again."""
    leo, ruby = ctx["people"]["leo"], ctx["people"]["ruby"]
    _new_map(
        api,
        ctx,
        "2026-07-13",
        ["NETWORK_MEETING"],
        ["Maya Thornbury", "Pat Ellison", "Sam Ellison", "Jess Okoro", "Amira Shah"],
        [
            {
                "category": "EXISTING_SAFETY",
                "text": "The network owns the safety plan and checks in daily.",
                "children_affected": [leo, ruby],
            },
            {"category": "NEXT_STEP", "text": "Review the network's plan at the early help review."},
        ],
    )
    _rate(
        api,
        ctx["s1"],
        "2026-07-13",
        "NETWORK_MEETING",
        [
            ("Maya Thornbury", "PARENT", 9, "Mornings are sorted and Leo loves school again."),
            ("Pat Ellison", "NETWORK_MEMBER", 9, "We all know the plan and it works."),
            ("Leo's school", "OTHER_AGENCY_EDUCATION", 8, "Attendance is 97% this term."),
        ],
    )


def steps() -> list[Step]:
    """The assessment records of domain.md section 9, each on its date."""
    return [
        Step(date(2025, 1, 21), "2. Map v1 (wellbeing words)", first_map),
        Step(date(2025, 1, 21), "3. DS1 and G1", first_statement),
        Step(date(2025, 1, 21), "4. S1 and the first ratings", wellbeing_scale),
        Step(date(2025, 3, 10), "9. Map v2 (safety words)", safety_map),
        Step(date(2025, 3, 10), "9. DS1 re-worded (v2)", reword_first_statement),
        Step(date(2025, 3, 10), "9. DS2 and G2", second_statement),
        Step(date(2025, 3, 20), "10. S2 scaled at the initial conference", conference_scaling),
        Step(date(2025, 5, 30), "14. S2 rated 1 after the incident", incident_rating),
        Step(
            date(2025, 6, 12), "17. Map v3 (reunification) and review conference scaling", reunification_map
        ),
        _monthly("2025-10-01", 4, 7, 6),
        _monthly("2025-11-01", 5, None, None),
        _monthly("2025-12-01", 7, 8, 8),
        Step(date(2026, 3, 30), "23. Map v4; G1 and G2 sustained from 2026-01-12", home_for_good),
        _goal_met("ds1", "2026-04-13"),
        _goal_met("ds2", "2026-07-13"),
        Step(date(2026, 7, 13), "25. Map v5 (wellbeing words) and S1 used again", step_down_map),
    ]
