"""Request examples of the stage operations (see service/contract/examples.py).

Everyone named is invented.
"""

from __future__ import annotations

from service.examples import CHILD_ID, Example, broken_rule, register

_EARLY_HELP = {
    "child_id": CHILD_ID,
    "to_stage": "EARLY_HELP",
    "effective_date": "2025-01-20",
    "reason": "School and health visitor worried about home conditions; family agreed.",
    "decided_by": "Early help team manager",
}
_NOT_ALLOWED = "A child cannot move from (no stage) to CP."

register(
    "record_stage_transition",
    valid={"early_help": Example("Front door to early help", _EARLY_HELP)},
    refused={
        "not_allowed": broken_rule(
            "Refused: a child cannot come through the front door straight into child protection",
            {
                **_EARLY_HELP,
                "to_stage": "CP",
                "reason": "Strategy discussion held.",
                "decided_by": "Team manager",
            },
            _NOT_ALLOWED,
            "/to_stage",
            "transition_not_allowed",
            _NOT_ALLOWED,
            requirement="SOS-STAGE-001",
            extra={"allowed": ["(none) -> EARLY_HELP", "(none) -> CIN"]},
        )
    },
)
