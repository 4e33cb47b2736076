"""The evidence a case's records already hold for each audit item (domain.md 4.2), computed, never typed.

Each item's evidence is a short sentence and a dict of JSON-safe facts (dates as ISO strings, ids as
strings) so it can be stored with an audit as the auditor saw it. ``as_of`` is the date review
periods count back from: the audit date for an audit, today for a look before one.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.kit.dates import add_months
from service.kit.records import ENTERED_IN_ERROR
from service.models import CaseMember, Person, StageTransition
from service.models.assessment import AssessmentMap, DangerStatement, Scale, ScaleRating
from service.models.planning import ChildVoiceRecord, Milestone, NetworkMeeting, WordsAndPictures
from service.planning.rules import current_network, current_plan, informed_status
from service.reference_data.registry import code_lists

TEMPLATE_LIST = "qa_audit_item"
SCALING_PERIOD_MONTHS = 3
VOICE_PERIOD_MONTHS = 6
MAP_CURRENT_MONTHS = 3


@dataclass(frozen=True)
class Evidence:
    summary: str
    facts: dict[str, Any]
    recorded_by_service: bool = True


def template() -> tuple[str, str, list[tuple[str, str]]]:
    """The audit template: list id, version and (code, wording) of its current items in order."""
    code_list = code_lists()[TEMPLATE_LIST]
    items = [(c.code, c.label) for c in code_list.codes.values() if not c.retired()]
    return code_list.id, code_list.version, items


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class CaseRecords:
    """The case's records, loaded once for all items."""

    def __init__(self, session: Session, case_id: uuid.UUID, as_of: date) -> None:
        self.session = session
        self.case_id = case_id
        self.as_of = as_of
        self._load_assessment(session, case_id, as_of)
        self._load_planning(session, case_id, as_of)

    def _load_assessment(self, session: Session, case_id: uuid.UUID, as_of: date) -> None:
        of_case = _Kept(session, case_id, as_of)
        self.maps = of_case(AssessmentMap, AssessmentMap.map_version, by=AssessmentMap.mapped_on)
        self.all_statements = of_case(DangerStatement, DangerStatement.created_at, DangerStatement.id)
        self.statements = [s for s in self.all_statements if s.status == "active"]
        self.scales = of_case(Scale, Scale.created_at, Scale.id)
        self.ratings = of_case(
            ScaleRating, ScaleRating.rated_on, ScaleRating.created_at, ScaleRating.id, by=ScaleRating.rated_on
        )

    def _load_planning(self, session: Session, case_id: uuid.UUID, as_of: date) -> None:
        of_case = _Kept(session, case_id, as_of)
        self.children = list(
            session.execute(
                select(CaseMember.person_id, Person.given_name)
                .join(Person, Person.id == CaseMember.person_id)
                .where(
                    CaseMember.case_id == case_id, CaseMember.role == "CHILD", CaseMember.status == "active"
                )
                .order_by(CaseMember.joined_on, CaseMember.id)
            )
        )
        self.voice = of_case(ChildVoiceRecord, ChildVoiceRecord.recorded_on, by=ChildVoiceRecord.recorded_on)
        self.words = of_case(WordsAndPictures, WordsAndPictures.created_at)
        self.network = current_network(session, case_id)
        self.meetings = of_case(NetworkMeeting, by=NetworkMeeting.held_on)
        self.plan = current_plan(session, case_id)
        self.milestones = of_case(Milestone, Milestone.planned_date)
        moves = StageTransition
        self.transitions = of_case(moves, moves.effective_date, moves.created_at, by=moves.effective_date)


@dataclass(frozen=True)
class _Kept:
    """A case's records of one table, those entered in error left out."""

    session: Session
    case_id: uuid.UUID
    as_of: date

    def __call__(self, model: Any, *order: Any, by: Any = None) -> list[Any]:
        """In ``order``; with ``by`` (a date column), only those dated on or before ``as_of``."""
        query = select(model).where(model.case_id == self.case_id, model.status != ENTERED_IN_ERROR)
        if by is not None:
            query = query.where(by <= self.as_of)
        return list(self.session.scalars(query.order_by(*order)))


def _a1_map(r: CaseRecords) -> Evidence:
    categories = list(code_lists()["map_entry_category"].codes)
    if not r.maps:
        return Evidence("No map recorded.", {"map_version": None, "entries_by_category": {}})
    latest = r.maps[-1]
    counts = Counter(e["category"] for e in latest.entries)
    by_category = {c: counts.get(c, 0) for c in categories}
    considered = sum(1 for n in by_category.values() if n)
    months_old = (r.as_of.year - latest.mapped_on.year) * 12 + r.as_of.month - latest.mapped_on.month
    facts = {
        "map_id": str(latest.id),
        "map_version": latest.map_version,
        "mapped_on": _iso(latest.mapped_on),
        "within_3_months": latest.mapped_on >= add_months(r.as_of, -MAP_CURRENT_MONTHS),
        "entries_by_category": by_category,
        "categories_with_entries": considered,
    }
    return Evidence(
        f"Map version {latest.map_version} of {latest.mapped_on.isoformat()} ({months_old} months before); "
        f"{considered} of {len(categories)} parts have entries.",
        facts,
    )


def _a2_harm(r: CaseRecords) -> Evidence:
    entries = [e for e in (r.maps[-1].entries if r.maps else []) if e["category"] == "HARM"]
    harm = [
        {
            "text": e["text"],
            "event_date": e.get("event_date"),
            "event_date_precision": e.get("event_date_precision"),
            "reported_by": e.get("reported_by"),
        }
        for e in entries
    ]
    dated = sum(1 for e in harm if e["event_date"])
    reported = sum(1 for e in harm if e["reported_by"])
    facts = {"harm_entries": harm, "count": len(harm), "with_event_date": dated, "with_reported_by": reported}
    if not harm:
        return Evidence("No harm entries on the latest map.", facts)
    return Evidence(
        f"{len(harm)} harm {'entry' if len(harm) == 1 else 'entries'}: {dated} dated, "
        f"{reported} saying who reported it.",
        facts,
    )


def _complete(s: DangerStatement) -> bool:
    texts = (s.worried_about, s.impact_on_child, s.if_nothing_changes)
    return bool([w for w in s.who_is_worried if str(w).strip()]) and all((t or "").strip() for t in texts)


def _a3_statements(r: CaseRecords) -> Evidence:
    complete = sum(1 for s in r.statements if _complete(s))
    by_status = Counter(s.status for s in r.all_statements)
    facts = {
        "active_statements": len(r.statements),
        "with_all_structured_fields": complete,
        "statement_ids": [str(s.id) for s in r.statements],
        "statements_recorded": len(r.all_statements),
        "goal_met": by_status.get("goal_met", 0),
        "withdrawn": by_status.get("withdrawn", 0),
    }
    return Evidence(
        f"{_plural(len(r.statements), 'active statement')}, {complete} with who is worried, about what, "
        f"the impact and what happens if nothing changes; {facts['goal_met']} with the goal met.",
        facts,
    )


def _a4_family_view(r: CaseRecords) -> Evidence:
    positions = Counter(s.family_position for s in r.statements)
    disputed = [s for s in r.statements if s.family_position in ("DISPUTES", "PARTLY_AGREES")]
    with_view = sum(1 for s in disputed if (s.dispute_text or "").strip())
    facts = {
        "by_family_position": dict(sorted(positions.items())),
        "disputed_or_partly_agreed": len(disputed),
        "disputes_with_family_view": with_view,
    }
    return Evidence(
        f"{len(disputed)} of {len(r.statements)} active statements disputed or partly agreed; "
        f"{with_view} with the family's view in their words.",
        facts,
    )


def _a5_goals(r: CaseRecords) -> Evidence:
    paired = sum(1 for s in r.statements if s.goal_sustain_duration and s.goal_parent_actions)
    facts = {"active_statements": len(r.statements), "with_goal_and_sustain_duration": paired}
    return Evidence(
        f"{paired} of {len(r.statements)} active statements have a safety goal with a sustain duration "
        "(statement and goal are kept as one pair).",
        facts,
    )


def _a6_perspectives(r: CaseRecords) -> Evidence:
    since = add_months(r.as_of, -SCALING_PERIOD_MONTHS)
    recent = [x for x in r.ratings if x.rated_on > since]
    roles = sorted({x.rater_role for x in recent})
    facts = {
        "period_from": _iso(since),
        "period_to": _iso(r.as_of),
        "ratings_in_period": len(recent),
        "distinct_rater_roles": len(roles),
        "rater_roles": roles,
    }
    return Evidence(
        f"{_plural(len(recent), 'rating')} in the 3 months to {r.as_of.isoformat()} from "
        f"{_plural(len(roles), 'rater role')}" + (f": {', '.join(roles)}." if roles else "."),
        facts,
    )


def _a7_voice(r: CaseRecords) -> Evidence:
    latest: dict[uuid.UUID, ChildVoiceRecord] = {}
    for v in r.voice:
        latest[v.child_id] = v
    since = add_months(r.as_of, -VOICE_PERIOD_MONTHS)
    children = [
        {
            "child_id": str(child_id),
            "given_name": name,
            "latest_recorded_on": _iso(latest[child_id].recorded_on) if child_id in latest else None,
            "tool": latest[child_id].tool if child_id in latest else None,
            "within_6_months": child_id in latest and latest[child_id].recorded_on > since,
        }
        for child_id, name in r.children
    ]
    heard = sum(1 for c in children if c["latest_recorded_on"])
    parts = [f"{c['given_name']} {c['latest_recorded_on'] or 'never'}" for c in children]
    return Evidence(
        f"{heard} of {len(children)} children have a child's voice record"
        + (f" (latest: {'; '.join(parts)})." if parts else "."),
        {"children": children, "children_heard": heard},
    )


def _a8_words(r: CaseRecords) -> Evidence:
    shared = [w for w in r.words if w.document_status == "SHARED"]
    latest = max((w.shared_on for w in shared if w.shared_on), default=None)
    facts = {"explanations": len(r.words), "shared": len(shared), "latest_shared_on": _iso(latest)}
    return Evidence(
        f"{_plural(len(r.words), 'words-and-pictures explanation')}, {len(shared)} shared with the children"
        + (f" (latest {latest.isoformat()})." if latest else "."),
        facts,
    )


def _a9_network(r: CaseRecords) -> Evidence:
    natural = sum(1 for m in r.network if m.naturally_connected)
    informed = sum(1 for m in r.network if informed_status(r.session, m)[1])
    facts = {
        "network_size": len(r.network),
        "naturally_connected": natural,
        "informed_of_all_current_statements": informed,
        "meetings": len(r.meetings),
    }
    return Evidence(
        f"{_plural(len(r.network), 'current network member')}, {natural} naturally connected; "
        f"{informed} told the current version of every active statement; "
        f"{_plural(len(r.meetings), 'meeting')}.",
        facts,
    )


def _a10_plan(r: CaseRecords) -> Evidence:
    plan = r.plan
    if plan is None:
        return Evidence("No current safety plan.", {"plan_status": None})
    facts = {
        "safety_plan_id": str(plan.id),
        "plan_version": plan.plan_version,
        "plan_status": plan.plan_status,
        "rules": len(plan.rules),
        "rules_with_responsible_people": sum(1 for x in plan.rules if x.get("responsible_person_ids")),
        "bottom_lines": len(plan.bottom_lines),
        "child_friendly_version": plan.child_friendly_version is not None,
        "review_by": _iso(plan.review_by),
    }
    return Evidence(
        f"Safety plan version {plan.plan_version} ({plan.plan_status}): {_plural(len(plan.rules), 'rule')}, "
        f"{_plural(len(plan.bottom_lines), 'bottom line')}, "
        + ("a child-friendly version." if plan.child_friendly_version else "no child-friendly version."),
        facts,
    )


def milestones_in_words(facts: dict[str, Any]) -> str:
    """The milestones said so that each number means one thing: done, still ahead, past their date but
    not yet marked done or slipped (their status wants updating), slipped (late, still intended),
    dropped."""
    done, planned, slipped, dropped = (
        int(facts.get(k, 0)) for k in ("done", "planned", "slipped", "dropped")
    )
    overdue = int(facts.get("planned_past_due", 0))
    total = done + planned + slipped
    parts = [f"{done} of {_plural(total, 'milestone')} done"]
    if planned - overdue:
        parts.append(f"{planned - overdue} still ahead")
    if overdue:
        parts.append(f"{overdue} past the planned date, not yet marked done or slipped")
    if slipped:
        parts.append(f"{slipped} slipped (late, still intended)")
    if dropped:
        parts.append(f"{dropped} dropped")
    return "; ".join(parts) + "."


def _a11_trajectory(r: CaseRecords) -> Evidence:
    counts = Counter(m.milestone_status for m in r.milestones)
    overdue = sum(1 for m in r.milestones if m.milestone_status == "PLANNED" and m.planned_date < r.as_of)
    facts = {
        "done": counts.get("DONE", 0),
        "planned": counts.get("PLANNED", 0),
        "slipped": counts.get("SLIPPED", 0),
        "dropped": counts.get("DROPPED", 0),
        "planned_past_due": overdue,
    }
    return Evidence(f"Milestones: {milestones_in_words(facts)}", facts)


def _carried(t: StageTransition) -> dict[str, Any]:
    c = t.carried_forward or {}
    return {
        "map": bool(c.get("map_version_id")),
        "danger_statements": len(c.get("danger_statements") or []),
        "network_members": len(c.get("network_member_ids") or []),
        "safety_plan": bool(c.get("safety_plan_id")),
    }


def _a12_continuity(r: CaseRecords) -> Evidence:
    moves = [t for t in r.transitions if t.from_stage is not None]
    rows: list[dict[str, Any]] = [
        {
            "stage_transition_id": str(t.id),
            "child_id": str(t.child_id),
            "effective_date": _iso(t.effective_date),
            "from_stage": t.from_stage,
            "to_stage": t.to_stage,
            "carried_forward": _carried(t),
        }
        for t in moves
    ]
    if not rows:
        return Evidence("No change of stage yet.", {"transitions": [], "latest": None})
    last = rows[-1]
    c = last["carried_forward"]
    return Evidence(
        f"Last change {last['from_stage']} to {last['to_stage']} on {last['effective_date']} carried "
        f"{'the map' if c['map'] else 'no map'}, {_plural(c['danger_statements'], 'statement')} and "
        f"{_plural(c['network_members'], 'network member')}.",
        {"transitions": rows, "latest": last},
    )


def _a13_oversight(_r: CaseRecords) -> Evidence:
    return Evidence(
        "Not recorded by this service: judge from supervision records kept elsewhere.",
        {"recorded_by_service": False},
        recorded_by_service=False,
    )


def _a14_impact(r: CaseRecords) -> Evidence:
    series: dict[tuple[uuid.UUID, str, str], list[ScaleRating]] = {}
    for x in r.ratings:
        series.setdefault((x.scale_id, x.rater_name, x.rater_role), []).append(x)
    questions = {s.id: s.question for s in r.scales}
    rows: list[dict[str, Any]] = []
    for (scale_id, name, role), points in series.items():
        if scale_id not in questions:
            continue
        first, latest = points[0], points[-1]
        rows.append(
            {
                "scale_id": str(scale_id),
                "question": questions[scale_id],
                "rater_name": name,
                "rater_role": role,
                "ratings": len(points),
                "first": {"rated_on": _iso(first.rated_on), "value": first.value},
                "latest": {"rated_on": _iso(latest.rated_on), "value": latest.value},
                "change": latest.value - first.value,
            }
        )
    moved = sum(1 for x in rows if x["change"] >= 2)
    parts = [f"{x['rater_name']} {x['first']['value']} to {x['latest']['value']}" for x in rows]
    return Evidence(
        f"{_plural(len(rows), 'rater series')} on {_plural(len(questions), 'scale')}, {moved} moved 2 or more"
        + (f" ({'; '.join(parts[:6])})." if parts else "."),
        {"series": rows, "moved_two_or_more": moved},
    )


ITEMS: dict[str, Callable[[CaseRecords], Evidence]] = {
    "A1": _a1_map,
    "A2": _a2_harm,
    "A3": _a3_statements,
    "A4": _a4_family_view,
    "A5": _a5_goals,
    "A6": _a6_perspectives,
    "A7": _a7_voice,
    "A8": _a8_words,
    "A9": _a9_network,
    "A10": _a10_plan,
    "A11": _a11_trajectory,
    "A12": _a12_continuity,
    "A13": _a13_oversight,
    "A14": _a14_impact,
}


def _none(_r: CaseRecords) -> Evidence:
    return Evidence("This service computes no evidence for this item.", {}, recorded_by_service=False)


def evidence_for_case(session: Session, case_id: uuid.UUID, as_of: date) -> dict[str, dict[str, Any]]:
    """Per template item, in template order: {label, summary, recorded_by_service, facts}."""
    records = CaseRecords(session, case_id, as_of)
    _, _, items = template()
    result: dict[str, dict[str, Any]] = {}
    for code, label in items:
        found = ITEMS.get(code, _none)(records)
        result[code] = {
            "item_code": code,
            "label": label,
            "recorded_by_service": found.recorded_by_service,
            "summary": found.summary,
            "facts": found.facts,
        }
    return result
