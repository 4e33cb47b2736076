"""The practice rules of the map, danger statements with safety goals, and scales (no FastAPI).

Also the one place where a case's vocabulary is worked out from its children's stages and turned
into display labels, the carry-forward of these records across stage transitions, and what a case
needs before a child protection plan starts. Each record type's hooks are here (``new_*`` builds,
``*_changes`` amendments, ``*_reads`` derived read fields) and the decisions of a statement's named
steps (:func:`goal_met`, :func:`withdrawal`); kinds.py and endpoints.py wire them.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

import isodate
from pydantic_core import to_jsonable_python
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.assessment.schemas import (
    ACTIVE,
    GOAL_MET,
    WITHDRAWN,
    CaseVocabulary,
    DangerStatementCreate,
    Labels,
    MapCreate,
    RaterSeries,
    RatingCreate,
    SafetyGoalRead,
    ScaleCreate,
    ScaleSeries,
    SeriesPoint,
)
from service.cases.rules import members_of
from service.kit.auth import Caller
from service.kit.errors import Conflict, FieldError, RuleViolation, ValidationFailed, field_error
from service.kit.operations import Change
from service.kit.records import ENTERED_IN_ERROR
from service.models import Case, CaseMember, StageTransition
from service.models.assessment import AssessmentMap, DangerStatement, Scale, ScaleRating
from service.models.planning import NetworkMeeting
from service.models.statutory import ChildProtectionConference, ChildProtectionPlanReview
from service.reference_data.registry import code_lists
from service.stages.moves import TransitionFact, replay
from service.stages.rules import CARRY_FORWARD, facts, transitions_of

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
    """The case's vocabulary now (or on a date), from its children's stage transitions (see
    :func:`vocabulary_of`)."""
    return vocabulary_of(
        [facts(transitions_of(session, m.person_id)) for m in members_of(session, case_id, "CHILD")], on
    )


def vocabulary_of(histories: Sequence[Sequence[TransitionFact]], on: date | None = None) -> str:
    """A case's vocabulary from its children's histories: from their open stages. When every child is
    closed or has no stage, the last vocabulary that was in force; SAFETY if there never was one."""
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


def vocabularies(session: Session, records: Iterable[Any]) -> dict[uuid.UUID, str]:
    """The current vocabulary of each case the records sit in, in two queries whatever the number of
    cases: their child members, and those children's stage transitions."""
    case_ids = {r.case_id for r in records}
    children = session.execute(
        select(CaseMember.case_id, CaseMember.person_id).where(
            CaseMember.case_id.in_(case_ids), CaseMember.role == "CHILD", CaseMember.status == ACTIVE
        )
    ).all()
    moves: dict[uuid.UUID, list[TransitionFact]] = defaultdict(list)
    t = StageTransition
    for move in session.execute(
        select(t.child_id, t.effective_date, t.from_stage, t.to_stage, t.from_stage_continues)
        .where(t.child_id.in_({c.person_id for c in children}), t.status == ACTIVE)
        .order_by(t.effective_date, t.created_at)
    ):
        moves[move.child_id].append(TransitionFact(*move[1:]))
    histories: dict[uuid.UUID, list[list[TransitionFact]]] = {case_id: [] for case_id in case_ids}
    for child in children:
        histories[child.case_id].append(moves[child.person_id])
    return {case_id: vocabulary_of(found) for case_id, found in histories.items()}


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
    of_case = {m.person_id for m in members_of(session, case_id, "CHILD", held=True)}
    errors = [
        field_error(pointer, "not a child of this case", "not_a_child_of_case")
        for pointer, child in children
        if child not in of_case
    ]
    if errors:
        raise RuleViolation(
            "Every child named must be a child member of this case.", errors=errors, requirement=requirement
        )


def check_entries(session: Session, case_id: uuid.UUID, entries: Sequence[Mapping[str, Any]]) -> None:
    """The children an entry is about are children of the case (SOS-MAP-002)."""
    check_children(
        session,
        case_id,
        (
            (f"/entries/{i}/children_affected/{j}", child)
            for i, entry in enumerate(entries)
            for j, child in enumerate(entry["children_affected"])
        ),
        "SOS-MAP-002",
    )


def new_map(session: Session, _caller: Caller, case: Case, body: MapCreate) -> AssessmentMap:
    """The case's next map version; without a vocabulary, the case's on the day it was made."""
    data = body.model_dump()
    check_entries(session, case.id, data["entries"])
    return AssessmentMap(
        **{
            **data,
            "case_id": case.id,
            "map_version": next_map_version(session, case.id),
            "vocabulary": body.vocabulary or case_vocabulary(session, case.id, body.mapped_on),
            "entries": to_jsonable_python(data["entries"]),
        }
    )


def map_reads(_session: Session, maps: Sequence[AssessmentMap]) -> list[dict[str, Any]]:
    """A map is labelled in the vocabulary it was made in."""
    return [{"labels": labels_for(m.vocabulary)} for m in maps]


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


def flatten_goal(data: Mapping[str, Any]) -> dict[str, Any]:
    """A body's shape (statement fields and the nested goal) to the row's columns (goal_*)."""
    flat = {k: v for k, v in data.items() if k != "goal"}
    for name, value in (data.get("goal") or {}).items():
        flat[f"goal_{name}"] = value
    return flat


GOAL_FIELDS = tuple(SafetyGoalRead.model_fields)
GOAL_REQUIRED = tuple(f"goal_{n}" for n in (*GOAL_TEXTS, "sustain_duration"))


def new_statement(
    session: Session, _caller: Caller, case: Case, body: DangerStatementCreate
) -> DangerStatement:
    """A statement and its goal, one row: checked as a pair (SOS-DS-001 to 003, SOS-GOAL-001)."""
    data = flatten_goal(body.model_dump())
    check_statement(session, case.id, data)
    return DangerStatement(**{**data, "case_id": case.id, "children": [str(c) for c in data["children"]]})


def require_active(statement: DangerStatement, doing: str) -> None:
    if statement.status != ACTIVE:
        raise Conflict(
            f"Only an active statement can be {doing}; this one is {statement.status}.",
            requirement="SOS-DS-005",
        )


def statement_changes(
    session: Session, _caller: Caller, statement: DangerStatement, data: dict[str, Any]
) -> dict[str, Any]:
    """A re-wording (the goal's fields sent merged into its columns), checked against the same rules as
    a new statement, on the statement as it will read."""
    require_active(statement, "re-worded")
    changes = flatten_goal(data)
    nulls = [name for name in GOAL_REQUIRED if name in changes and changes[name] is None]
    if nulls:
        raise ValidationFailed(
            f"The request clears {len(nulls)} field(s) the record cannot be without.",
            errors=[
                field_error("/" + n.replace("goal_", "goal/", 1), "cannot be cleared", "null_not_allowed")
                for n in nulls
            ],
        )
    merged = {c.key: getattr(statement, c.key) for c in DangerStatement.__table__.columns} | changes
    merged["children"] = [uuid.UUID(str(c)) for c in merged["children"]]
    check_statement(session, statement.case_id, merged)
    if any(name in changes and changes[name] != getattr(statement, name) for name in WORDING):
        changes["worded_in_version"] = statement.version + 1  # the version this amendment makes
    return changes


WORDING = (
    "statement_kind",
    "who_is_worried",
    "worried_about",
    "impact_on_child",
    "if_nothing_changes",
    "opening_acknowledgement",
    "family_position",
    "dispute_text",
    "goal_parent_actions",
    "goal_child_experience",
    "goal_professional_observation",
    "goal_best_hopes",
    "goal_family_goal_words",
)
"""The columns a network member is told: changing any of them re-words the statement (a new
``worded_in_version``); changing only dates (``written_on``, the goal's ``sustain_from``) does not."""


def statement_reads(session: Session, statements: Sequence[DangerStatement]) -> list[dict[str, Any]]:
    """The goal from its columns, and the words of the case's vocabulary now (SOS-VOCAB-002). A
    warning belongs to the write that caused it (:func:`add_warnings`), so a read has none."""
    words = vocabularies(session, statements)
    return [
        {
            "goal": {name: getattr(s, f"goal_{name}") for name in GOAL_FIELDS},
            "vocabulary": words[s.case_id],
            "labels": labels_for(words[s.case_id], s.statement_kind),
            "warnings": [],
        }
        for s in statements
    ]


def add_warnings(session: Session, statement: DangerStatement, shown: Any) -> None:
    """More than three active statements on the case: recorded, with a warning (SOS-DS-004)."""
    shown.warnings = statement_warnings(session, statement.case_id)


def goal_met(statement: DangerStatement, met_on: date) -> Change:
    """Marking the goal met: only an active pair, once the change has lasted (SOS-GOAL-002)."""
    require_active(statement, "marked met")
    check_goal_met(statement, met_on)
    return Change({"status": GOAL_MET, "goal_met_on": met_on}, "goal_met")


def withdrawal(statement: DangerStatement, reason: str) -> Change:
    """Withdrawing a worry that no longer applies: only an active pair (SOS-DS-005)."""
    require_active(statement, "withdrawn")
    return Change({"status": WITHDRAWN, "status_reason": reason}, "withdrawn", reason)


def check_duration(value: str | None, pointer: str = "/goal/sustain_duration") -> None:
    """A goal says how long the change must last: an ISO 8601 duration longer than zero (8.5 rule 3)."""
    if value is None:
        return
    start = date(2000, 1, 1)
    try:
        end = start + isodate.parse_duration(value)
    except (isodate.ISO8601Error, ValueError, TypeError, OverflowError):
        raise RuleViolation(
            f"'{value}' is not an ISO 8601 duration of at most ten years, such as P3M or P6M.",
            errors=[field_error(pointer, "not an ISO 8601 duration", "duration_invalid")],
            requirement="SOS-GOAL-001",
        ) from None
    if end > date(2010, 1, 1):
        raise RuleViolation(
            "How long the change must last can be at most ten years (P10Y).",
            errors=[field_error(pointer, "longer than ten years", "duration_too_long")],
            requirement="SOS-GOAL-001",
        )
    if end <= start:
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
            .where(DangerStatement.case_id == case_id, DangerStatement.status.in_((ACTIVE, GOAL_MET)))
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


def new_scale(session: Session, caller: Caller, case: Case, body: ScaleCreate) -> Scale:
    check_linked_statement(session, caller.la_code, case.id, body.danger_statement_id)
    return Scale(case_id=case.id, **body.model_dump())


def scale_changes(session: Session, caller: Caller, scale: Scale, data: dict[str, Any]) -> dict[str, Any]:
    check_linked_statement(session, caller.la_code, scale.case_id, data.get("danger_statement_id"))
    return data


def scale_reads(session: Session, scales: Sequence[Scale]) -> list[dict[str, Any]]:
    """A scale is named in its case's vocabulary now (SOS-VOCAB-002)."""
    words = vocabularies(session, scales)
    return [
        {"vocabulary": words[s.case_id], "scale_label": scale_label(words[s.case_id], s.kind)} for s in scales
    ]


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


def new_rating(session: Session, _caller: Caller, scale: Scale, body: RatingCreate) -> ScaleRating:
    """One person's number on the scale as it reads now (its version is kept with the rating)."""
    check_rating(body.value, body.reason)
    check_occasion(session, scale.case_id, body.occasion_type, body.occasion_id)
    check_meeting_ref(session, scale.case_id, body.meeting_ref)
    if body.child_id is not None:
        check_children(session, scale.case_id, [("/child_id", body.child_id)], "SOS-SCALE-007")
    return ScaleRating(
        scale_id=scale.id, scale_version=scale.version, case_id=scale.case_id, **body.model_dump()
    )


OCCASIONS: dict[str, Any] = {
    "CP_CONFERENCE": ChildProtectionConference,
    "CP_PLAN_REVIEW": ChildProtectionPlanReview,
    "NETWORK_MEETING": NetworkMeeting,
}


def check_occasion(
    session: Session, case_id: uuid.UUID, occasion_type: str | None, occasion_id: uuid.UUID | None
) -> None:
    """A rating's occasion, when named, is a conference, plan review or network meeting of its case."""
    if occasion_type is None and occasion_id is None:
        return
    if occasion_type is None or occasion_id is None:
        pointer = "/occasion_type" if occasion_type is None else "/occasion_id"
        raise RuleViolation(
            "occasion_type and occasion_id are given together.",
            errors=[field_error(pointer, "given together with the other", "occasion_incomplete")],
            requirement="SOS-SCALE-005",
        )
    found = session.get(OCCASIONS[occasion_type], occasion_id)
    if found is None or found.case_id != case_id or found.status == ENTERED_IN_ERROR:
        raise RuleViolation(
            f"There is no {occasion_type.replace('_', ' ').lower()} with id {occasion_id} "
            "in the rating's case.",
            errors=[field_error("/occasion_id", "no such occasion in this case", "occasion_not_in_case")],
            requirement="SOS-SCALE-005",
        )


def check_meeting_ref(session: Session, case_id: uuid.UUID, meeting_ref: str | None) -> None:
    """A meeting reference that is an id names a conference, plan review or network meeting of the
    rating's case (SOS-SCALE-005); a reference in words (``ICPC 2025-03-20``) is kept as given."""
    try:
        meeting_id = uuid.UUID(meeting_ref or "")
    except ValueError:
        return
    for model in OCCASIONS.values():
        found = session.get(model, meeting_id)
        if found is not None and found.case_id == case_id and found.status != ENTERED_IN_ERROR:
            return
    raise RuleViolation(
        f"meeting_ref {meeting_id} is an id, but no conference, plan review or network meeting of the "
        "rating's case has it: give the meeting's id, or a reference in words.",
        errors=[field_error("/meeting_ref", "no such meeting in this case", "meeting_not_in_case")],
        requirement="SOS-SCALE-005",
    )


LOW_RATING = 1
"""A rating at or below this is recorded with a warning (SOS-SCALE-006)."""


def rating_reads(_session: Session, ratings: Sequence[ScaleRating]) -> list[dict[str, Any]]:
    """A warning belongs to the write that caused it (:func:`rating_warnings`), so a read has none."""
    return [{"warnings": []} for _ in ratings]


def rating_warnings(_session: Session, rating: ScaleRating, shown: Any) -> None:
    """A rating of 1 or below is recorded, with a warning to consider escalating (SOS-SCALE-006)."""
    if rating.value <= LOW_RATING:
        shown.warnings = [
            f"A rating of {rating.value} says the child is seen as very unsafe: talk it through with a "
            "manager today and consider whether the case needs to step up (strategy discussion, "
            "conference or immediate protection)."
        ]


def series_of(
    session: Session, scale: Scale, rater_role: str | None
) -> tuple[list[ScaleRating], ScaleSeries]:
    """Each rater's ratings in date order, side by side, entered-in-error ones left out. Never an
    average: the spread between people and the movement over time are the evidence (SOS-SCALE-004)."""
    query = select(ScaleRating).where(
        ScaleRating.scale_id == scale.id, ScaleRating.status != ENTERED_IN_ERROR
    )
    if rater_role is not None:
        query = query.where(ScaleRating.rater_role == rater_role)
    ratings = list(
        session.scalars(query.order_by(ScaleRating.rated_on, ScaleRating.created_at, ScaleRating.id))
    )
    series: dict[tuple[str, str], RaterSeries] = {}
    for r in ratings:
        rater = series.setdefault(
            (r.rater_name, r.rater_role),
            RaterSeries(rater_name=r.rater_name, rater_role=r.rater_role, points=[]),
        )
        rater.points.append(
            SeriesPoint(
                rating_id=r.id, rated_on=r.rated_on, value=r.value, context=r.context, reason=r.reason
            )
        )
    shown = ScaleSeries(
        scale_id=scale.id,
        scale_label=scale_label(case_vocabulary(session, scale.case_id), scale.kind),
        anchor_0=scale.anchor_0,
        anchor_10=scale.anchor_10,
        raters=list(series.values()),
    )
    return ratings, shown


def vocabulary_now(session: Session, case: Case) -> CaseVocabulary:
    """The words the case's records are shown in now, from its children's open stages (SOS-VOCAB-001)."""
    case_id = case.id
    vocabulary = case_vocabulary(session, case_id)
    return CaseVocabulary(
        case_id=case_id,
        vocabulary=vocabulary,
        labels=Labels(**labels_for(vocabulary)),
        child_stages={str(k): sorted(v) for k, v in child_stages(session, case_id).items()},
    )


# --- continuity ---------------------------------------------------------------------------------


def carry_forward(session: Session, case_id: uuid.UUID) -> dict[str, Any]:
    """What a stage transition carries on unchanged: the latest map version, the active statements
    (with the version carried) and the scales. Reads only: a transition never makes new records."""
    latest = session.scalars(
        select(AssessmentMap)
        .where(AssessmentMap.case_id == case_id, AssessmentMap.status != ENTERED_IN_ERROR)
        .order_by(AssessmentMap.map_version.desc())
        .limit(1)
    ).first()
    scales = session.scalars(
        select(Scale.id)
        .where(Scale.case_id == case_id, Scale.status != ENTERED_IN_ERROR)
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
        .where(AssessmentMap.case_id == case_id, AssessmentMap.status != ENTERED_IN_ERROR)
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
            Scale.status != ENTERED_IN_ERROR,
        )
    )
    if not has_rating:
        missing.append("a rating on one of the case's scales")
    return missing


# The check is made when an initial conference starts a plan (service/statutory/rules.py), no longer
# on the move into CP: the move rests on that conference (SOS-STAGE-006).
