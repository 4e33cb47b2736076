"""The practice rules of the map, danger statements with safety goals, and scales.

Also the one place where a case's vocabulary is worked out from its children's stages and turned
into display labels, and the carry-forward of these records across stage transitions.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import isodate
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.cases.rules import members_of
from service.kit.errors import Conflict, FieldError, RuleViolation, ValidationFailed, field_error
from service.models.assessment import AssessmentMap, DangerStatement, Scale, ScaleRating
from service.reference_data.registry import code_lists
from service.stages.moves import replay
from service.stages.rules import CARRY_FORWARD, ENTRY_CHECKS, facts, transitions_of

ACTIVE = "active"
GOAL_MET = "goal_met"
WITHDRAWN = "withdrawn"
ACTIVE_STATEMENTS_ADVISED = 3

# --- vocabulary ---------------------------------------------------------------------------------

# What each vocabulary calls the records, in our own words (domain.md 8.4). The record is the same
# record whatever it is called; only these words change when the children's stages change.
LABELS: dict[str, dict[str, str]] = {
    "SAFETY": {"statement": "danger statement", "goal": "safety goal", "scale": "safety scale"},
    "WELLBEING": {"statement": "worry statement", "goal": "wellbeing goal", "scale": "wellbeing scale"},
    "SUCCESS": {"statement": "worry statement", "goal": "success goal", "scale": "success scale"},
    "STABILITY": {"statement": "worry statement", "goal": "stability goal", "scale": "stability scale"},
}
HARM_STATEMENT_LABEL = "harm statement"
DEFAULT_VOCABULARY = "SAFETY"


def labels_for(vocabulary: str, statement_kind: str | None = None) -> dict[str, str]:
    labels = dict(LABELS[vocabulary])
    if statement_kind == "HARM":
        labels["statement"] = HARM_STATEMENT_LABEL
    return labels


def scale_label(vocabulary: str, kind: str) -> str:
    """Safety, wellbeing, success and stability scales follow the case's vocabulary; the others keep
    their own name (a confidence scale stays a confidence scale)."""
    if kind in LABELS:
        return LABELS[vocabulary]["scale"]
    entry = code_lists()["scale_kind"].codes.get(kind)
    return entry.label.lower() if entry else f"{kind.lower()} scale"


def vocabulary_of_stages(stages: Iterable[str]) -> str | None:
    """Which vocabulary the children's open stages call for; None when no child has an open stage."""
    present = set(stages)
    if present & {"CP", "CIN"}:
        return "SAFETY"
    if present & {"LAC", "CARE_LEAVER"}:
        return "SUCCESS"
    if "EARLY_HELP" in present:
        return "WELLBEING"
    return None


def child_stages(
    session: Session, case_id: uuid.UUID, on: date | None = None
) -> dict[uuid.UUID, frozenset[str]]:
    return {
        m.person_id: replay(facts(transitions_of(session, m.person_id)), on)
        for m in members_of(session, case_id, "CHILD")
    }


def case_vocabulary(session: Session, case_id: uuid.UUID, on: date | None = None) -> str:
    """The case's vocabulary now (or on a date): from its children's open stages. When every child is
    closed or has no stage, the last vocabulary that was in force; SAFETY if there never was one."""
    histories = [facts(transitions_of(session, m.person_id)) for m in members_of(session, case_id, "CHILD")]
    found = vocabulary_of_stages(s for h in histories for s in replay(h, on))
    if found is not None:
        return found
    dates = sorted(
        {f.effective_date for h in histories for f in h if on is None or f.effective_date <= on}, reverse=True
    )
    for day in dates:
        # The stages as they stood just before that day's moves (before everyone closed, say).
        before = date.fromordinal(day.toordinal() - 1)
        found = vocabulary_of_stages(s for h in histories for s in replay(h, before))
        if found is not None:
            return found
    return DEFAULT_VOCABULARY


# --- the map ------------------------------------------------------------------------------------


def next_map_version(session: Session, case_id: uuid.UUID) -> int:
    current = session.scalar(
        select(func.max(AssessmentMap.map_version)).where(AssessmentMap.case_id == case_id)
    )
    return int(current or 0) + 1


def check_children(
    session: Session, case_id: uuid.UUID, children: Iterable[tuple[str, uuid.UUID]], requirement: str
) -> None:
    """Each (pointer, child id) must be a child member of the case."""
    of_case = {m.person_id for m in members_of(session, case_id, "CHILD")}
    errors = [
        field_error(pointer, "not a child of this case", "not_a_child_of_case")
        for pointer, child in children
        if child not in of_case
    ]
    if errors:
        raise RuleViolation(
            "Every child named must be a child member of this case.", errors=errors, requirement=requirement
        )


def map_entries_json(session: Session, case_id: uuid.UUID, entries: list[Any]) -> list[dict[str, Any]]:
    from service.assessment.schemas import MapEntry

    parsed = [e if isinstance(e, MapEntry) else MapEntry.model_validate(e) for e in entries]
    check_children(
        session,
        case_id,
        (
            (f"/entries/{i}/children_affected/{j}", child)
            for i, e in enumerate(parsed)
            for j, child in enumerate(e.children_affected)
        ),
        "SOS-MAP-002",
    )
    return [e.model_dump(mode="json") for e in parsed]


# --- danger statements and safety goals ---------------------------------------------------------

STATEMENT_TEXTS = ("worried_about", "impact_on_child", "if_nothing_changes")
GOAL_TEXTS = ("parent_actions", "child_experience", "professional_observation")


def check_statement(session: Session, case_id: uuid.UUID, s: Mapping[str, Any]) -> None:
    """Rules 2 of domain.md 8.5 on the statement as it will read after this write (flat goal_* names)."""
    errors: list[FieldError] = []
    if not s.get("children"):
        errors.append(field_error("/children", "name at least one child of the case", "children_required"))
    if not [w for w in s.get("who_is_worried") or [] if w and w.strip()]:
        errors.append(
            field_error("/who_is_worried", "name at least one person or agency", "who_is_worried_required")
        )
    for name in STATEMENT_TEXTS:
        if not (s.get(name) or "").strip():
            errors.append(field_error(f"/{name}", "must not be empty", "text_required"))
    for name in GOAL_TEXTS:
        if not (s.get(f"goal_{name}") or "").strip():
            errors.append(field_error(f"/goal/{name}", "must not be empty", "text_required"))
    if errors:
        raise RuleViolation(
            "A statement says who is worried, what about, the impact on the child and what happens if "
            "nothing changes; its goal says what parents, child and professionals will see.",
            errors=errors,
            requirement="SOS-DS-002",
        )
    check_duration(s.get("goal_sustain_duration"))
    check_children(
        session, case_id, ((f"/children/{i}", c) for i, c in enumerate(s["children"])), "SOS-DS-002"
    )
    if s.get("family_position") == "DISPUTES" and not (s.get("dispute_text") or "").strip():
        raise RuleViolation(
            "The family disputes this statement: record their view, in their words, in dispute_text.",
            errors=[
                field_error(
                    "/dispute_text", "required when family_position is DISPUTES", "dispute_text_required"
                )
            ],
            requirement="SOS-DS-003",
        )


def flatten_goal(data: dict[str, Any]) -> dict[str, Any]:
    """Request shape (statement fields + nested goal) to the row's column names."""
    flat = {k: v for k, v in data.items() if k != "goal"}
    for name, value in (data.get("goal") or {}).items():
        flat[f"goal_{name}"] = value
    return flat


REQUIRED_ON_AMEND = (
    "children",
    "statement_kind",
    "who_is_worried",
    "family_position",
    *STATEMENT_TEXTS,
    *(f"goal_{n}" for n in (*GOAL_TEXTS, "sustain_duration")),
)


def statement_changes(session: Session, statement: DangerStatement, data: dict[str, Any]) -> dict[str, Any]:
    """Check a re-wording against the same rules as a new statement, on the merged result."""
    if statement.status != ACTIVE:
        raise Conflict(
            f"Only an active statement can be re-worded; this one is {statement.status}.",
            requirement="SOS-DS-005",
        )
    changes = flatten_goal(data)
    nulls = [name for name in REQUIRED_ON_AMEND if name in changes and changes[name] is None]
    if nulls:
        raise ValidationFailed(
            "These fields cannot be emptied: " + ", ".join(nulls) + ".",
            errors=[
                field_error("/" + n.replace("goal_", "goal/", 1), "cannot be null", "required") for n in nulls
            ],
        )
    if "children" in changes:
        changes["children"] = [str(c) for c in changes["children"]]
    merged = {c.key: getattr(statement, c.key) for c in DangerStatement.__table__.columns}
    merged.update(changes)
    merged["children"] = [uuid.UUID(str(c)) for c in merged["children"]]
    check_statement(session, statement.case_id, merged)
    return changes


def check_duration(value: str | None, pointer: str = "/goal/sustain_duration") -> None:
    """A goal says how long the change must last: an ISO 8601 duration longer than zero (8.5 rule 3)."""
    if value is None:
        return
    try:
        duration = isodate.parse_duration(value)
        positive = date(2000, 1, 1) + duration > date(2000, 1, 1)
    except (isodate.ISO8601Error, ValueError, TypeError):
        raise RuleViolation(
            f"'{value}' is not an ISO 8601 duration such as P3M or P6M.",
            errors=[field_error(pointer, "not an ISO 8601 duration", "duration_invalid")],
            requirement="SOS-GOAL-001",
        ) from None
    if not positive:
        raise RuleViolation(
            "How long the change must last has to be longer than zero.",
            errors=[field_error(pointer, "must be longer than zero", "duration_not_positive")],
            requirement="SOS-GOAL-001",
        )


def goal_due(sustain_from: date, sustain_duration: str) -> date:
    due: date = sustain_from + isodate.parse_duration(sustain_duration)
    return due


def check_goal_met(statement: DangerStatement, met_on: date) -> None:
    if statement.goal_sustain_from is None:
        raise RuleViolation(
            "The goal has no sustain_from date: record from when the change has been seen, then mark it met.",
            errors=[
                field_error(
                    "/goal/sustain_from", "required before the goal can be met", "sustain_from_required"
                )
            ],
            requirement="SOS-GOAL-002",
        )
    due = goal_due(statement.goal_sustain_from, statement.goal_sustain_duration)
    if due > met_on:
        raise RuleViolation(
            f"The change has to be seen for {statement.goal_sustain_duration} from "
            f"{statement.goal_sustain_from}: the goal can be marked met on {due} at the earliest.",
            errors=[field_error("/met_on", f"earliest {due}", "goal_not_sustained_long_enough")],
            requirement="SOS-GOAL-002",
        )


def active_statements(session: Session, case_id: uuid.UUID) -> list[DangerStatement]:
    return list(
        session.scalars(
            select(DangerStatement)
            .where(DangerStatement.case_id == case_id, DangerStatement.status == ACTIVE)
            .order_by(DangerStatement.created_at, DangerStatement.id)
        )
    )


def carried_statements(session: Session, case_id: uuid.UUID) -> list[DangerStatement]:
    """Statements that stay part of the continuous record: active ones and those whose goal was met
    (a met goal is evidence the next stage needs); withdrawn and entered-in-error ones are not."""
    return list(
        session.scalars(
            select(DangerStatement)
            .where(DangerStatement.case_id == case_id, DangerStatement.status.in_((ACTIVE, "goal_met")))
            .order_by(DangerStatement.created_at, DangerStatement.id)
        )
    )


def statement_warnings(session: Session, case_id: uuid.UUID) -> list[str]:
    active = len(active_statements(session, case_id))
    if active > ACTIVE_STATEMENTS_ADVISED:
        return [
            f"The case now has {active} active statements. Aim for one statement per worry and no more than "
            f"{ACTIVE_STATEMENTS_ADVISED}, so everyone can hold them in mind (SOS-DS-004)."
        ]
    return []


# --- scales -------------------------------------------------------------------------------------


def check_linked_statement(
    session: Session, la_code: str, case_id: uuid.UUID, statement_id: uuid.UUID | None
) -> None:
    if statement_id is None:
        return
    statement = session.get(DangerStatement, statement_id)
    if statement is None or statement.la_code != la_code or statement.case_id != case_id:
        raise RuleViolation(
            "A scale can be tied only to a danger statement of the same case.",
            errors=[
                field_error("/danger_statement_id", "no such statement on this case", "reference_not_found")
            ],
            requirement="SOS-SCALE-001",
        )


def check_rating(value: int, reason: str) -> None:
    errors = []
    if not 0 <= value <= 10:
        errors.append(field_error("/value", "a whole number from 0 to 10", "rating_out_of_range"))
    if not reason.strip():
        errors.append(field_error("/reason", "say why that number", "text_required"))
    if errors:
        raise RuleViolation(
            "A rating is a whole number from 0 to 10 with the rater's reason.",
            errors=errors,
            requirement="SOS-SCALE-002",
        )


# --- continuity ---------------------------------------------------------------------------------


def carry_forward(session: Session, case_id: uuid.UUID) -> dict[str, Any]:
    """What a stage transition carries on unchanged: the latest map version, the active statements
    (with the version carried) and the scales. Reads only: a transition never makes new records."""
    latest = session.scalars(
        select(AssessmentMap)
        .where(AssessmentMap.case_id == case_id, AssessmentMap.status != "entered_in_error")
        .order_by(AssessmentMap.map_version.desc())
        .limit(1)
    ).first()
    scales = session.scalars(
        select(Scale.id)
        .where(Scale.case_id == case_id, Scale.status != "entered_in_error")
        .order_by(Scale.created_at, Scale.id)
    )
    return {
        "map_version_id": str(latest.id) if latest else None,
        "danger_statements": [
            {"id": str(s.id), "version": s.version, "status": s.status}
            for s in carried_statements(session, case_id)
        ],
        "scales": [str(i) for i in scales],
    }


if carry_forward not in CARRY_FORWARD:
    CARRY_FORWARD.append(carry_forward)


# --- readiness for a child protection plan (SOS-MAP-003) ----------------------------------------


def cp_map_missing(session: Session, case_id: uuid.UUID) -> list[str]:
    """What the case lacks before a child protection plan starts: a current map version, an active
    danger (or harm) statement and a rating on one of its scales (domain.md 8.5 rule 5)."""
    missing: list[str] = []
    has_map = session.scalar(
        select(func.count())
        .select_from(AssessmentMap)
        .where(AssessmentMap.case_id == case_id, AssessmentMap.status != "entered_in_error")
    )
    if not has_map:
        missing.append("a current map version")
    has_statement = session.scalar(
        select(func.count())
        .select_from(DangerStatement)
        .where(
            DangerStatement.case_id == case_id,
            DangerStatement.status == ACTIVE,
            DangerStatement.statement_kind.in_(("DANGER", "HARM")),
        )
    )
    if not has_statement:
        missing.append("an active danger (or harm) statement")
    has_rating = session.scalar(
        select(func.count())
        .select_from(ScaleRating)
        .join(Scale, Scale.id == ScaleRating.scale_id)
        .where(
            ScaleRating.case_id == case_id,
            ScaleRating.status == ACTIVE,
            Scale.case_id == case_id,
            Scale.status != "entered_in_error",
        )
    )
    if not has_rating:
        missing.append("a rating on one of the case's scales")
    return missing


if cp_map_missing not in ENTRY_CHECKS.setdefault("CP", []):
    ENTRY_CHECKS["CP"].append(cp_map_missing)
