"""Request examples of the quality assurance operations, valid and refused (see service/contract/examples.py).

Everyone named is invented.
"""

from __future__ import annotations

from typing import Any

from service.examples import PERSON_ID, Example, amendment, broken_rule, register

AUDIT_ITEMS = [f"A{n}" for n in range(1, 15)]


def _audit(items: list[str] | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "audited_on": "2025-05-20",
        "auditor": "Priya Nair, practice lead",
        "worker": "Alex Moor, social worker",
        "items": [
            {"item_code": code, "rating": "NOT_APPLICABLE" if code == "A13" else "PARTLY", "comment": None}
            for code in (AUDIT_ITEMS if items is None else items)
        ],
        "overall": 6,
        "learning_actions": "Complete Three Houses with Ruby before the review.",
    }
    body["items"][2]["comment"] = "Clear statements; the impact on Ruby is not yet written."
    return {**body, **overrides}


register(
    "create_allocation",
    valid={
        "allocate": Example(
            "Allocate the case to a team and worker",
            {
                "team": "Northfield family help team",
                "worker": "Alex Moor, social worker",
                "allocated_on": "2025-01-14",
            },
        )
    },
)

register(
    "amend_allocation",
    valid={
        "end": amendment(
            "End the allocation",
            "2025-06-30",
            ended_on="2025-06-30",
            reason="Transferred to the long-term team.",
        )
    },
    refused={
        "ends_before_start": broken_rule(
            "Refused: the allocation would end before it started",
            {"ended_on": "2024-12-31", "effective_on": "2024-12-31"},
            "An allocation cannot end (2024-12-31) before it started (2025-01-14).",
            "/ended_on",
            "ended_before_allocated",
            "not before allocated_on",
            requirement="SOS-QA-001",
        )
    },
)

register(
    "create_case_audit",
    valid={"audit": Example("A collaborative audit answering every item", _audit())},
    refused={
        "item_missing": broken_rule(
            "Refused: an item of the template is not answered",
            _audit(AUDIT_ITEMS[:-1]),
            "Answer every item of the audit template (qa_audit_item 1.0.0) exactly once: missing A14.",
            "/items",
            "audit_item_missing",
            "A14 not answered",
            requirement="SOS-QA-002",
        ),
        "no_worker": broken_rule(
            "Refused: no worker named and the case has no allocation",
            {k: v for k, v in _audit().items() if k != "worker"},
            "The case has no current allocation: name the worker who audited with you.",
            "/worker",
            "worker_required",
            "required when the case has no allocation",
            requirement="SOS-QA-003",
        ),
    },
)

register(
    "amend_case_audit",
    valid={
        "overall": amendment(
            "Correct the overall judgement",
            "2025-04-02",
            overall=7,
            reason="Agreed with the worker after the audit meeting.",
        )
    },
)

register(
    "create_family_feedback",
    valid={
        "parent": Example(
            "A parent's feedback, unnamed",
            {
                "given_on": "2025-05-02",
                "respondent_role": "PARENT",
                "answers": [
                    {"question_code": "F1", "value": 8, "text": "I know now it is about the mornings."},
                    {"question_code": "F4", "value": 6},
                ],
            },
        )
    },
    refused={
        "not_a_member": broken_rule(
            "Refused: the respondent named is not a member of the case",
            {
                "given_on": "2025-05-02",
                "respondent_role": "CARER",
                "respondent_person_id": PERSON_ID,
                "answers": [{"question_code": "F2", "value": 5}],
            },
            "The respondent named is not a member of this case.",
            "/respondent_person_id",
            "not_a_member_of_case",
            "not a member of this case",
            requirement="SOS-QA-005",
        )
    },
)

_NAMED_STAFF = {
    "given_on": "2025-05-02",
    "team": "Northfield family help team",
    "anonymous": False,
    "respondent": "Sam Okafor, social worker",
    "answers": [{"question_code": "S5", "value": 8}],
}

register(
    "create_staff_feedback",
    valid={
        "anonymous": Example(
            "Anonymous feedback from a team",
            {
                "given_on": "2025-05-02",
                "team": "Northfield family help team",
                "anonymous": True,
                "answers": [
                    {"question_code": "S2", "value": 4, "text": "Supervision is mostly about deadlines."},
                    {"question_code": "S3", "value": 3},
                ],
            },
        ),
        "named": Example("Named feedback", _NAMED_STAFF),
    },
    refused={
        "anonymous_but_named": broken_rule(
            "Refused: anonymous feedback that names its respondent",
            {**_NAMED_STAFF, "anonymous": True, "answers": [{"question_code": "S1", "value": 5}]},
            "Anonymous feedback names no one: leave respondent out.",
            "/respondent",
            "respondent_not_allowed",
            "must be absent when anonymous",
            requirement="SOS-QA-006",
        )
    },
)
