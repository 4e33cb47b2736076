"""How long a child's records are kept, and a subject access export of a person's records, as the API
shows them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from service.kit.fields import required
from service.stages.schemas import ChronologyEntry

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


# --- Subject access export -----------------------------------------------------------------------

RedactionCategory = Literal["STAFF", "THIRD_PARTY", "FREE_TEXT", "CORRECTED", "HEALTH", "RESTRICTED"]


class Redaction(BaseModel):
    """A place in an entry to review before disclosure; the service marks it, it withholds nothing."""

    pointer: str = required(
        "Where, as a JSON pointer into the entry (`/who`, `/reason`, `/record/attendees/0/name`); empty for "
        "the whole entry.",
        "/record/worried_about",
    )
    category: RedactionCategory = required(
        "STAFF: names staff or a partner agency; THIRD_PARTY: another person, by id or in words; FREE_TEXT: "
        "text that may speak of others or give an opinion; CORRECTED: entered in error, or an amendment's "
        "reason; HEALTH: a health record; RESTRICTED: a restricted person other than the subject, or a "
        "record kept for one.",
        "FREE_TEXT",
    )
    note: str = required(
        "Why, in plain words.", "Free text: it may speak of other people or give someone's opinion."
    )


class ExportEntry(ChronologyEntry):
    """One change to a record about the person: the chronology's entry, the record as it then read,
    and what to review."""

    reason: str | None = required("The reason given for the change (an amendment's, or an entry in error's).")
    reason_code: str | None = required(
        "What kind of amendment it was, when it said (code list `amendment_reason`): RECTIFICATION_REQUEST "
        "marks what was put right at the person's own request.",
        "RECTIFICATION_REQUEST",
    )
    record: dict[str, Any] = required("The record as the API showed it at this version.")
    redactions: list[Redaction] = required("The places in this entry to review before disclosure.")


class NamedPerson(BaseModel):
    """Someone the entries refer to by id."""

    id: uuid.UUID = required(
        "The id as the entries give it: a person's, a case member's or a network member's."
    )
    person_id: uuid.UUID = required("The person it is.")
    name: str = required("Their name.", "Maya Thornbury")
    known_as: str = required("What the id is.", "a member of a case")
    restricted: bool = required(
        "Whether the person is marked restricted: in anyone else's export, the places referring to them "
        "are marked RESTRICTED (not in their own).",
        False,
    )


class SubjectAccessExport(BaseModel):
    """Every record about the person (a child or an adult), version by version, in the order of their
    chronology, with the places to review before disclosure."""

    about: str = required("The person's name.", "Leo Thornbury")
    person_id: uuid.UUID = required("The person.")
    case_ids: list[uuid.UUID] = required("The cases the person is a member of.")
    entries: list[ExportEntry] = required(
        "Every version of every record about the person, in practice-date order: their own and those kept "
        "for them; the family's records of the cases they are a child of, or a parent of the children in "
        "(for a child, not those naming only other children); and any record of their cases, or of a case "
        "whose safety network they are in, that refers to them by id (a record kept for another child is "
        "then marked as a whole, THIRD_PARTY)."
    )
    people: list[NamedPerson] = required("Everyone the entries refer to by id, the person first.")
