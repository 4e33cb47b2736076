"""Request examples of the case and case member operations (see service/contract/examples.py).

Everyone named is invented.
"""

from __future__ import annotations

from service.contract.examples import PERSON_ID, Example, OperationExamples, Refused, register

register(
    "create_case",
    OperationExamples(
        valid={
            "case": Example(
                "Open a family's case",
                {"title": "Thornbury family", "reference": "EM-C-0001", "opened_on": "2025-01-14"},
            )
        },
        refused={
            "no_date": Refused(
                "Refused: opened_on is required",
                {"title": "Thornbury family"},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/opened_on.",
                "/opened_on",
                "required",
                "Field required",
            )
        },
    ),
)


register(
    "amend_case",
    OperationExamples(
        valid={
            "reference": Example(
                "Add the authority's case reference",
                {
                    "reference": "EM-C-0002",
                    "amendment_reason": "Reference issued by the case-management system.",
                },
            )
        },
        refused={
            "empty_title": Refused(
                "Refused: a case needs a title",
                {"title": ""},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/title.",
                "/title",
                "string_too_short",
                "String should have at least 1 character",
            )
        },
    ),
)


register(
    "create_case_member",
    OperationExamples(
        valid={
            "child": Example(
                "Add a child", {"person_id": PERSON_ID, "role": "CHILD", "joined_on": "2025-01-14"}
            ),
            "grandparent": Example(
                "Add an adult: the children's grandmother",
                {
                    "person_id": PERSON_ID,
                    "role": "ADULT",
                    "relationship_to_children": "GRANDPARENT",
                    "joined_on": "2025-02-03",
                },
            ),
        },
        refused={
            "unknown_role": Refused(
                "Refused: 'UNCLE' is not a code of the list person_role",
                {"person_id": PERSON_ID, "role": "UNCLE", "joined_on": "2025-01-14"},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/role.",
                "/role",
                "code_unknown",
                "'UNCLE' is not a code of the list person_role",
                "person_role",
            )
        },
    ),
)


register(
    "amend_case_member",
    OperationExamples(
        valid={
            "left": Example(
                "Record that the person left the case",
                {
                    "left_on": "2025-06-30",
                    "amendment_reason": "Moved out of the household.",
                },
            )
        },
        refused={
            "role_fixed": Refused(
                "Refused: a member's role cannot be amended (mark the membership entered in error instead)",
                {"role": "ADULT"},
                422,
                "validation_failed",
                "The request has 1 invalid field(s): body/role.",
                "/role",
                "unknown_field",
                "Extra inputs are not permitted",
            )
        },
    ),
)
