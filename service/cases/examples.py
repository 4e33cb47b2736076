"""Request examples of the case and case member operations (see service/contract/examples.py).

Everyone named is invented.
"""

from __future__ import annotations

from service.examples import (
    PERSON_ID,
    Example,
    amendment,
    invalid,
    missing,
    not_sent_by_clients,
    register,
    unknown_code,
)

_CASE = {"title": "Thornbury family", "reference": "EM-C-0001", "opened_on": "2025-01-14"}
_CHILD = {"person_id": PERSON_ID, "role": "CHILD", "joined_on": "2025-01-14"}

register(
    "create_case",
    valid={"case": Example("Open a family's case", _CASE)},
    refused={"no_date": missing("Refused: opened_on is required", _CASE, "opened_on")},
)


register(
    "amend_case",
    valid={
        "reference": amendment(
            "Add the authority's case reference",
            "2025-04-02",
            reference="EM-C-0002",
            reason="Reference issued by the case-management system.",
        )
    },
    refused={
        "empty_title": invalid(
            "Refused: a case needs a title",
            {"title": "", "effective_on": "2025-04-02"},
            "/title",
            "string_too_short",
            "String should have at least 1 character",
        )
    },
)


register(
    "create_case_member",
    valid={
        "child": Example("Add a child", _CHILD),
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
        "unknown_role": unknown_code(
            "Refused: 'UNCLE' is not a code of the list person_role",
            _CHILD,
            "role",
            "UNCLE",
            "person_role",
        )
    },
)


register(
    "amend_case_member",
    valid={
        "left": amendment(
            "Record that the person left the case",
            "2025-06-30",
            left_on="2025-06-30",
            reason="Moved out of the household.",
        )
    },
    refused={
        "role_fixed": not_sent_by_clients(
            "Refused: a member's role cannot be amended (mark the membership entered in error instead)",
            {"role": "ADULT", "effective_on": "2025-04-02"},
        )
    },
)
