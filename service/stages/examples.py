"""Request examples of the stage operations (see service/contract/examples.py).

Everyone named is invented.
"""

from __future__ import annotations

from service.contract.examples import CHILD_ID, Example, OperationExamples, Refused, register

register(
    "record_stage_transition",
    OperationExamples(
        valid={
            "early_help": Example(
                "Front door to early help",
                {
                    "child_id": CHILD_ID,
                    "to_stage": "EARLY_HELP",
                    "effective_date": "2025-01-20",
                    "reason": "School and health visitor worried about home conditions; family agreed.",
                    "decided_by": "Early help team manager",
                },
            )
        },
        refused={
            "not_allowed": Refused(
                "Refused: a child cannot come through the front door straight into child protection",
                {
                    "child_id": CHILD_ID,
                    "to_stage": "CP",
                    "effective_date": "2025-01-20",
                    "reason": "Strategy discussion held.",
                    "decided_by": "Team manager",
                },
                422,
                "rule_violated",
                "A child cannot move from (no stage) to CP.",
                "/to_stage",
                "transition_not_allowed",
                "A child cannot move from (no stage) to CP.",
                requirement="SOS-STAGE-001",
                extra={"allowed": ["(none) -> EARLY_HELP", "(none) -> CIN"]},
            )
        },
    ),
)
