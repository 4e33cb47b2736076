"""Request examples of the person operations, valid and refused (see service/contract/examples.py).

Everyone named is invented.
"""

from __future__ import annotations

from service.examples import Example, amendment, not_sent_by_clients, register, unknown_code

_ADULT = {"given_name": "Dana", "family_name": "Thornbury", "sex": "2"}

register(
    "create_person",
    valid={
        "child": Example(
            "A child",
            {
                "given_name": "Leo",
                "family_name": "Thornbury",
                "date_of_birth": "2018-03-09",
                "sex": "1",
                "ethnicity": "WBRI",
                "la_child_id": "EM000123",
                "upn_unknown_reason": "UN6",
                "disabilities": ["NONE"],
            },
        ),
        "unborn": Example(
            "An unborn child (expected date of birth, sex not yet recorded)",
            {
                "given_name": "Baby",
                "family_name": "Thornbury",
                "expected_date_of_birth": "2026-02-01",
                "sex": "0",
            },
        ),
        "adult": Example("An adult around the child", _ADULT),
    },
    refused={
        "unknown_code": unknown_code("Refused: 'M' is not a code of the list sex", _ADULT, "sex", "M", "sex")
    },
)


register(
    "amend_person",
    valid={
        "la_child_id": amendment(
            "Correct the authority's child id",
            "2025-04-02",
            la_child_id="EM000124",
            reason="Duplicate id found when merging records.",
        )
    },
    refused={
        "server_owned": not_sent_by_clients(
            "Refused: version is set by the server, never by the client",
            {"version": 5, "effective_on": "2025-04-02"},
        )
    },
)
