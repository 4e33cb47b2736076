"""How long a child's record is kept, as the API shows it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel

from service.kit.fields import required

RetentionRuleName = Literal["ADOPTED", "LOOKED_AFTER", "LOCAL_POLICY"]


class RetentionRule(BaseModel):
    """One rule of how long a record is kept, as it stands for the child."""

    rule: RetentionRuleName = required(
        "ADOPTED: 100 years from an adoption order; LOOKED_AFTER: to the 75th anniversary of the birth, or "
        "15 years from a death before 18; LOCAL_POLICY: the authority's own policy.",
        "LOOKED_AFTER",
    )
    applies: bool = required("Whether the rule applies to this child.", True)
    until: date | None = required(
        "The date the rule keeps the record until; null when it does not apply or cannot be worked out yet.",
        "2093-03-09",
    )
    because: str = required(
        "Why, in plain words, from the records.", "Looked after: kept to the 75th anniversary of the birth."
    )


class Retention(BaseModel):
    """How long the child's record is kept, worked out from the records on every read (never typed)."""

    child_id: uuid.UUID = required("The child.")
    retain_until: date | None = required(
        "The date until which the child's records are kept: the latest date of the rules that apply. Null "
        "while a rule that applies cannot be worked out (a looked-after child with no date of birth): keep "
        "the records.",
        "2093-03-09",
    )
    rule: RetentionRuleName | None = required("The rule giving retain_until.", "LOOKED_AFTER")
    rules: list[RetentionRule] = required("Every rule, whether it applies, and why.")
    last_change_on: date | None = required(
        "The practice date of the last change to the child's records (their chronology's last entry).",
        "2026-10-01",
    )
    inactive_years: int = required(
        "The authority's policy: years with no change to a child's records, after 18, before they may go.", 3
    )
