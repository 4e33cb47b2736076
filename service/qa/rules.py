"""Rules of quality assurance: allocations, collaborative case audits, family and staff feedback, the
evidence, the pictures and the measures (no FastAPI).

Decision on anonymous staff feedback (SOS-QA-006): when ``anonymous`` is true the record names no
one. It stores and returns ``created_by``/``updated_by`` "anonymous", its first history version says
``recorded_by`` "anonymous" (:func:`recorded_by`, the record type's author), and ``respondent`` is
refused. The append-only audit trail still records the token subject that submitted it, because
that trail is readable only with the separate ``audit`` scope and must show every write; the people
who can read staff feedback (``read`` scope) cannot learn who gave it. Feedback is kept as given:
there is no amendment, only entered in error.
"""

from __future__ import annotations

import re
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.cases.rules import members_of
from service.kit.auth import Caller
from service.kit.csv_text import csv_text
from service.kit.errors import FieldError, RuleViolation, ValidationFailed, field_error, refuse
from service.kit.fields import EARLIEST_DAY, LATEST_DAY
from service.kit.records import ENTERED_IN_ERROR, live
from service.models import Case, CaseMember, Person, StageTransition
from service.models.assessment import Scale, ScaleRating
from service.models.qa import Allocation, CaseAudit, FamilyFeedback, StaffFeedback
from service.qa.evidence import evidence_for_case, template
from service.qa.measures import BY_CODE, MeasureResult, Period, compute_measures
from service.qa.pictures import ChartMark, ChartSeries, chart_svg
from service.qa.schemas import (
    AuditEvidence,
    AuditTemplate,
    ItemEvidence,
    MeasureDefinitionRead,
    MeasureRead,
    MeasuresReport,
)
from service.reference_data.registry import code_lists
from service.stages.moves import ENDING_ONE_OF_TWO, replay
from service.stages.rules import facts, transitions_of

ANONYMOUS = "anonymous"

# --- allocations --------------------------------------------------------------------------------


def current_allocations(session: Session, case_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Allocation]:
    """Each case's current allocation: the latest (by allocated_on) that has no ended_on."""
    found: dict[uuid.UUID, Allocation] = {}
    for allocation in session.scalars(
        select(Allocation)
        .where(
            Allocation.case_id.in_(set(case_ids)),
            Allocation.status == "active",
            Allocation.ended_on.is_(None),
        )
        .order_by(Allocation.allocated_on.desc(), Allocation.created_at.desc(), Allocation.id.desc())
    ):
        found.setdefault(allocation.case_id, allocation)
    return found


def current_allocation(session: Session, case_id: uuid.UUID) -> Allocation | None:
    return current_allocations(session, [case_id]).get(case_id)


def allocations_shown(session: Session, allocations: Sequence[Allocation]) -> list[dict[str, Any]]:
    """The derived ``current`` of a page of allocations, in one query."""
    current = current_allocations(session, {a.case_id for a in allocations})
    return [{"current": a.case_id in current and current[a.case_id].id == a.id} for a in allocations]


def check_allocation_dates(allocated_on: date, ended_on: date | None) -> None:
    if ended_on is not None and ended_on < allocated_on:
        raise refuse(
            "/ended_on",
            "not before allocated_on",
            "ended_before_allocated",
            "SOS-QA-001",
            f"An allocation cannot end ({ended_on}) before it started ({allocated_on}).",
        )


# --- collaborative case audits ------------------------------------------------------------------


def check_audit_items(items: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Every current item of the template answered exactly once (SOS-QA-002). Returns the template
    version and the answers in template order."""
    _list_id, version, template_items = template()
    order = {code: i for i, (code, _) in enumerate(template_items)}
    seen: Counter[str] = Counter()
    errors: list[FieldError] = []
    duplicates: list[str] = []
    for i, item in enumerate(items):
        code = item["item_code"]
        seen[code] += 1
        if code not in order:
            errors.append(
                field_error(f"/items/{i}/item_code", "not an item of the template", "audit_item_unknown")
            )
        elif seen[code] == 2:
            duplicates.append(code)
            errors.append(
                field_error(
                    f"/items/{i}/item_code", f"{code} answered more than once", "audit_item_duplicate"
                )
            )
    missing = [code for code in order if code not in seen]
    errors[:0] = [field_error("/items", f"{code} not answered", "audit_item_missing") for code in missing]
    if errors:
        said = []
        if missing:
            said.append("missing " + ", ".join(missing))
        if duplicates:
            said.append("answered more than once " + ", ".join(duplicates))
        raise RuleViolation(
            f"Answer every item of the audit template (qa_audit_item {version}) exactly once: "
            + ("; ".join(said) or "unknown items")
            + ".",
            errors=errors,
            requirement="SOS-QA-002",
        )
    ordered = sorted(items, key=lambda item: order[item["item_code"]])
    return version, [
        {"item_code": i["item_code"], "rating": i["rating"], "comment": i.get("comment")} for i in ordered
    ]


def new_case_audit(session: Session, _caller: Caller, case: Case, body: Any) -> CaseAudit:
    """An audit answering every template item, its worker (by default the case's current allocation)
    and the evidence the case's records held on the audit date, kept with it."""
    worker = body.worker
    if worker is None:
        allocation = current_allocation(session, case.id)
        if allocation is None:
            raise RuleViolation(
                "The case has no current allocation: name the worker who audited with you.",
                errors=[
                    field_error("/worker", "required when the case has no allocation", "worker_required")
                ],
                requirement="SOS-QA-003",
            )
        worker = allocation.worker
    version, items = check_audit_items([i.model_dump() for i in body.items])
    list_id, _, _ = template()
    return CaseAudit(
        case_id=case.id,
        audited_on=body.audited_on,
        auditor=body.auditor,
        worker=worker,
        template_list=list_id,
        template_version=version,
        items=items,
        overall=body.overall,
        learning_actions=body.learning_actions,
        evidence=evidence_for_case(session, case.id, body.audited_on),
        evidence_as_of=body.audited_on,
    )


def audit_changes(
    _session: Session, _caller: Caller, _audit: CaseAudit, data: dict[str, Any]
) -> dict[str, Any]:
    """New answers are checked against the template again; the evidence stays as the auditor saw it."""
    if data.get("items") is not None:
        data["template_version"], data["items"] = check_audit_items(list(data["items"]))
    return data


def audits_shown(_session: Session, audits: Sequence[CaseAudit]) -> list[dict[str, Any]]:
    """Each answer beside its item's wording and the evidence kept with the audit."""
    labels = {c.code: c.label for c in code_lists()["qa_audit_item"].codes.values()}
    shown = []
    for a in audits:
        kept = a.evidence or {}
        items = [
            {**i, "label": labels.get(i["item_code"], i["item_code"]), "evidence": kept.get(i["item_code"])}
            for i in a.items
        ]
        template_used = AuditTemplate(list_id=a.template_list, version=a.template_version)
        shown.append({"template": template_used, "items": items})
    return shown


def case_evidence(session: Session, case_id: uuid.UUID, as_of: date) -> AuditEvidence:
    list_id, version, _ = template()
    return AuditEvidence(
        case_id=case_id,
        as_of=as_of,
        template=AuditTemplate(list_id=list_id, version=version),
        items=[ItemEvidence(**e) for e in evidence_for_case(session, case_id, as_of).values()],
    )


# --- feedback -----------------------------------------------------------------------------------


def _answered_once(answers: list[Any], requirement: str) -> list[dict[str, Any]]:
    seen: set[str] = set()
    errors = []
    for i, a in enumerate(answers):
        if a.question_code in seen:
            errors.append(
                field_error(
                    f"/answers/{i}/question_code", "answered more than once", "question_answered_twice"
                )
            )
        seen.add(a.question_code)
    if errors:
        raise RuleViolation("Answer each question at most once.", errors=errors, requirement=requirement)
    return [a.model_dump() for a in answers]


def new_family_feedback(session: Session, _caller: Caller, case: Case, body: Any) -> FamilyFeedback:
    if body.respondent_person_id is not None and not any(
        m.person_id == body.respondent_person_id for m in members_of(session, case.id, held=True)
    ):
        raise RuleViolation(
            "The respondent named is not a member of this case.",
            errors=[
                field_error("/respondent_person_id", "not a member of this case", "not_a_member_of_case")
            ],
            requirement="SOS-QA-005",
        )
    answers = _answered_once(body.answers, "SOS-QA-005")
    return FamilyFeedback(case_id=case.id, **body.model_dump(exclude={"answers"}), answers=answers)


def new_staff_feedback(_session: Session, _caller: Caller, _parent: None, body: Any) -> StaffFeedback:
    if body.anonymous and body.respondent is not None:
        raise RuleViolation(
            "Anonymous feedback names no one: leave respondent out.",
            errors=[field_error("/respondent", "must be absent when anonymous", "respondent_not_allowed")],
            requirement="SOS-QA-006",
        )
    if not body.anonymous and body.respondent is None:
        raise RuleViolation(
            "Say who gave the feedback, or mark it anonymous.",
            errors=[field_error("/respondent", "required unless anonymous", "respondent_required")],
            requirement="SOS-QA-006",
        )
    answers = _answered_once(body.answers, "SOS-QA-006")
    return StaffFeedback(**body.model_dump(exclude={"answers"}), answers=answers)


def recorded_by(feedback: StaffFeedback, caller: Caller) -> str:
    """Who staff feedback names as recorded by: no one when it is anonymous (SOS-QA-006)."""
    return ANONYMOUS if feedback.anonymous else caller.subject


# --- the scale chart ----------------------------------------------------------------------------


def live_ratings(session: Session, scale: Scale) -> list[ScaleRating]:
    """The scale's ratings in date order, entered-in-error ones left out."""
    return live(
        session, ScaleRating.scale_id, scale.id, ScaleRating.rated_on, ScaleRating.created_at, ScaleRating.id
    )


def scale_chart(session: Session, scale: Scale, ratings: Sequence[ScaleRating]) -> str:
    """One line per rater (name and role in words) through their ratings; nothing averaged. The chart
    is titled by the scale's kind (a safety scale stays a safety scale whatever the case is called now)
    and marks the days the case's children moved between stages."""
    roles = code_lists()["rater_role"].codes
    series: dict[tuple[str, str], ChartSeries] = {}
    for r in ratings:
        key = (r.rater_name, r.rater_role)
        if key not in series:
            role = roles[r.rater_role].label if r.rater_role in roles else r.rater_role
            series[key] = ChartSeries(rater_name=r.rater_name, rater_role=role, points=[])
        series[key].points.append((r.rated_on, r.value))
    kind = code_lists()["scale_kind"].codes.get(scale.kind)
    title = f"{kind.label if kind else scale.kind.title()}: {scale.question}"
    return chart_svg(
        title, scale.anchor_0, scale.anchor_10, list(series.values()), stage_moves(session, scale.case_id)
    )


def case_closed_on(session: Session, case_id: uuid.UUID) -> date | None:
    """The day a case closed: when the last of its children who came to the front door was closed.
    None while any child has an open stage, or before any child came to the front door."""
    closed_on: date | None = None
    for child in members_of(session, case_id, "CHILD"):
        moves = transitions_of(session, child.person_id)
        if not moves:
            continue  # never at the front door: nothing to close
        if replay(facts(moves)) - {"CLOSED"}:
            return None
        day = moves[-1].effective_date
        closed_on = day if closed_on is None or day > closed_on else closed_on
    return closed_on


def stage_moves(session: Session, case_id: uuid.UUID) -> list[ChartMark]:
    """The days the case's children moved between stages, in words (``Into care: Leo``, ``Step up to
    child protection: Leo and Ruby``); arrivals at the front door are not marked. Children making the
    same move on one day share one mark."""
    kinds, stages = code_lists()["transition_kind"].codes, code_lists()["stage"].codes
    names = dict(
        session.execute(
            select(CaseMember.person_id, Person.given_name)
            .join(Person, Person.id == CaseMember.person_id)
            .where(
                CaseMember.case_id == case_id,
                CaseMember.role == "CHILD",
                CaseMember.status != ENTERED_IN_ERROR,
            )
        ).all()
    )
    moved: dict[tuple[date, str], list[str]] = {}
    for t in live(
        session, StageTransition.case_id, case_id, StageTransition.effective_date, StageTransition.created_at
    ):
        if t.kind == "OPEN":
            continue
        what = kinds[t.kind].label if t.kind in kinds else t.kind
        if t.from_stage in stages and ENDING_ONE_OF_TWO.get((t.from_stage, t.to_stage)) == t.kind:
            what = f"{stages[t.from_stage].label} ended"  # the other stage carries on
        elif t.kind in ("STEP_UP", "STEP_DOWN") and t.to_stage in stages:
            what = f"{what} to {stages[t.to_stage].label.lower()}"
        who = moved.setdefault((t.effective_date, what), [])
        name = names.get(t.child_id, "a child")
        if name not in who:
            who.append(name)
    return [ChartMark(day, f"{what}: {' and '.join(who)}") for (day, what), who in moved.items()]


# --- the measures -------------------------------------------------------------------------------

CSV_COLUMNS = [
    "code",
    "label",
    "period",
    "period_start",
    "period_end",
    "team",
    "numerator",
    "denominator",
    "value",
    "value_kind",
    "not_computable",
    "note",
    "definition",
]


def measures_period(period: str | None, start: date | None, end: date | None) -> Period:
    """The period asked for: a month (``period``) or ``from`` and ``to``, never both (SOS-QA-101)."""
    if period is not None and (start is not None or end is not None):
        raise ValidationFailed(
            "Give either period (a month) or from and to, not both.",
            errors=[field_error("/period", "not with from/to", "period_conflict", location="query")],
            requirement="SOS-QA-101",
        )
    year = period[:4] if period is not None and re.fullmatch(r"\d{4}-\d{2}", period) else None
    if year is not None and not str(EARLIEST_DAY.year) <= year <= str(LATEST_DAY.year):
        raise ValidationFailed(
            f"The period {period} is outside the years {EARLIEST_DAY.year} to {LATEST_DAY.year}.",
            errors=[field_error("/period", "out of range", "period_out_of_range", location="query")],
            requirement="SOS-QA-101",
        )
    try:
        if period is not None:
            return Period.month(period)
        if start is None or end is None:
            raise ValidationFailed(
                "Give period=YYYY-MM, or both from and to (dates).",
                errors=[
                    field_error(f"/{name}", "required", "required", location="query")
                    for name, value in (("from", start), ("to", end))
                    if value is None
                ]
                or [field_error("/period", "required", "required", location="query")],
                requirement="SOS-QA-101",
            )
        return Period.between(start, end)
    except ValueError as exc:
        pointer = "/period" if period is not None else "/to"
        raise ValidationFailed(
            f"The period is not valid: {exc}.",
            errors=[field_error(pointer, str(exc), "period_invalid", location="query")],
            requirement="SOS-QA-101",
        ) from exc


def _measure_read(result: MeasureResult, period: str) -> MeasureRead:
    definition = MeasureDefinitionRead.model_validate(BY_CODE[result.code], from_attributes=True)
    return MeasureRead.model_validate({**asdict(result), "period": period, "definition": definition})


def measures_report(session: Session, la_code: str, period: Period, team: str | None) -> MeasuresReport:
    return MeasuresReport(
        la_code=la_code,
        period=period.label,
        period_start=period.start,
        period_end=period.end,
        team=team,
        measures=[_measure_read(r, period.label) for r in compute_measures(session, la_code, period, team)],
    )


def measures_csv(report: MeasuresReport) -> str:
    """The report as CSV: one row per measure, every measure (SOS-QA-103)."""
    rows = []
    for m in report.measures:
        values: dict[str, Any] = {**m.model_dump(mode="json"), "definition": BY_CODE[m.code].definition}
        rows.append([values[c] for c in CSV_COLUMNS])
    return csv_text(CSV_COLUMNS, rows)
