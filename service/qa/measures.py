"""The meaningful measures M1-M15 (domain.md 4.4), computed from the records already kept.

Each measure is a :class:`MeasureDefinition`: its numerator, denominator, period and inclusions in
plain words (the same words as ``reference_data/qa_measure.csv``; a test keeps the two in step)
and the function computing it.

How they are computed:

* Every query is set-based: a handful of SQLAlchemy Core selects per measure, each filtered by the
  authority, leaving out test data (records made with ``X-Test-Data: true``) and rows entered in
  error, and (with a team) restricted to the cases that team held in the period (an allocation
  overlapping the period). Nothing is queried per case or per child.
* Stages are not stored: a child's stages on a date are replayed in Python from the child's
  transitions, all fetched in ONE query for the authority and grouped by child (linear).
* "As at" dates are the period's last day (``period.end``). A danger statement counts from the
  practice date its current version was written (``written_on``) until its goal was met
  (``goal_met_on``) or it was withdrawn (the practice date of the withdrawal, ``effective_on`` of its
  history version); a safety plan is in force until the practice date of the amendment that ended it.
  Rows are versioned in place, so a re-worded statement counts from its latest wording's date: a
  period before the re-wording sees it as not yet written (a known limit; the history rows hold
  the older dates, but reading them would be one more query per measure for a rare case).
* M9-M11 are computed from the statutory records (service/statutory): referrals by their date,
  child protection plans by their start and end. M13 (placement stability) is computed from the
  SSDA903 episodes (service/care), in service/qa/placements.py.
"""

from __future__ import annotations

import bisect
import calendar
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import isodate
from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    String,
    and_,
    bindparam,
    cast,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from service.kit.dates import add_months
from service.models import CaseMember, Person, RecordVersion, StageTransition
from service.models.assessment import AssessmentMap, DangerStatement, ScaleRating
from service.models.planning import ChildVoiceRecord, NetworkMember, SafetyPlan
from service.models.qa import Allocation, FamilyFeedback, StaffFeedback
from service.models.statutory import ChildProtectionPlan, Referral
from service.planning.rules import told_wording
from service.qa import placements
from service.stages.moves import TransitionRefused, plan_move

ENTERED_IN_ERROR = "entered_in_error"
OPEN_WORK_STAGES = frozenset({"EARLY_HELP", "CIN", "CP", "LAC"})
WORKER_ROLES = ("SOCIAL_WORKER", "EARLY_HELP_PRACTITIONER")
PLAN_IN_FORCE = ("AGREED", "ACTIVE", "SUPERSEDED")
STEP_UP_KINDS = frozenset({"STEP_UP", "INTO_CARE"})


# Ids are only compared with each other here, never returned: they are read as plain text (the
# database's own spelling of the uuid) instead of being turned into UUID objects, which is most of
# the cost of reading tens of thousands of rows.
Key = Any


def key(column: Any) -> Any:
    return cast(column, String)


# --- periods ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A whole month (``2026-03``) or a date range; both ends inclusive."""

    start: date
    end: date
    label: str

    @classmethod
    def month(cls, text: str) -> Period:
        if not re.fullmatch(r"\d{4}-\d{2}", text):
            raise ValueError("a month is written YYYY-MM, e.g. 2026-03")
        year, month = int(text[:4]), int(text[5:])
        if not 1 <= month <= 12:
            raise ValueError("the month must be 01 to 12")
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), text)

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        if end < start:
            raise ValueError("'to' is before 'from'")
        return cls(start, end, f"{start.isoformat()}/{end.isoformat()}")

    def shifted(self, months: int) -> Period:
        return Period(add_months(self.start, months), add_months(self.end, months), self.label)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def practice_day_of(record_id: Any, *which: ColumnElement[bool]) -> ScalarSelect[date]:
    """The practice date of a record's first history version that ``which`` picks (its withdrawal,
    the amendment that ended it): the day it happened, not the day it was typed."""
    v = RecordVersion
    return select(func.min(v.effective_on)).where(v.record_id == record_id, *which).scalar_subquery()


_ENDED_PLAN = RecordVersion.data["plan_status"].as_string() == "ENDED"


# --- results and definitions -------------------------------------------------------------------


@dataclass
class MeasureResult:
    code: str
    label: str
    period_start: date
    period_end: date
    team: str | None
    value_kind: str
    numerator: int | None = None
    denominator: int | None = None
    value: float | None = None
    details: dict[str, float | int | None] = field(default_factory=dict)
    not_computable: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class MeasureDefinition:
    """One measure: what it counts, in words, and the function that counts it."""

    code: str
    label: str
    numerator: str
    denominator: str
    period: str
    inclusions: str
    value_kind: str  # ratio | median_days | mean | not_computable
    compute: Callable[[MeasureContext, MeasureResult], None]
    note: str | None = None

    @property
    def definition(self) -> str:
        """The definition as one plain-words paragraph, as in reference_data/qa_measure.csv."""
        return (
            f"Numerator: {self.numerator} Denominator: {self.denominator} "
            f"Period: {self.period} Inclusions: {self.inclusions}"
        )


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def median(values: Iterable[float]) -> float | None:
    items = list(values)
    return float(statistics.median(items)) if items else None


# --- what every measure reads: scope and stages ------------------------------------------------


@dataclass(slots=True)
class Move:
    case_id: Key
    effective_date: date
    from_stage: str | None
    to_stage: str
    kind: str
    before: frozenset[str]
    after: frozenset[str]


@dataclass
class Timeline:
    """One child's moves, replayed once; ``stages_on`` answers by bisection."""

    moves: list[Move] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)

    def stages_on(self, day: date) -> frozenset[str]:
        index = bisect.bisect_right(self.dates, day)
        return self.moves[index - 1].after if index else frozenset()


@dataclass(frozen=True)
class CpSpan:
    child_id: Key
    case_id: Key
    start: date
    end: date | None


class MeasureContext:
    """The authority, period and team the measures are computed for, and what they share."""

    def __init__(self, session: Session, la_code: str, period: Period, team: str | None = None) -> None:
        self.session = session
        # Core, not the ORM: plain rows, no entity loading; the same transaction as the session.
        self.db = session.connection()
        self.la_code = la_code
        self.period = period
        self.team = team
        self.as_at = period.end

    # Scope: every case of the authority, or the cases the team held at some time in the period.
    @cached_property
    def scope_query(self) -> Select[Any] | None:
        if self.team is None:
            return None
        return select(Allocation.case_id).where(
            self.ours(Allocation),
            Allocation.status != ENTERED_IN_ERROR,
            Allocation.team == self.team,
            Allocation.allocated_on <= self.period.end,
            or_(Allocation.ended_on.is_(None), Allocation.ended_on >= self.period.start),
        )

    @cached_property
    def scope_ids(self) -> set[Key] | None:
        if self.scope_query is None:
            return None
        raw = self.scope_query.with_only_columns(key(Allocation.case_id))
        return set(self.db.scalars(raw.distinct()))

    def in_scope(self, column: Any) -> ColumnElement[bool]:
        """The rows of in-scope cases: matched to the team's case ids, read once, written into the
        statement as values (no bound parameter each, so no limit on how many). Not a subquery of the
        allocations: a planner without statistics ran that as a nested loop, every row against every
        allocation of the authority."""
        if self.scope_ids is None:
            return true()
        ids = sorted(self.scope_ids)
        return key(column).in_(bindparam("scope_ids", ids, expanding=True, literal_execute=True))

    def case_in_scope(self, case_id: Key) -> bool:
        return self.scope_ids is None or case_id in self.scope_ids

    def during(self, day: Any) -> ColumnElement[bool]:
        """A date column within the period (both ends included)."""
        return and_(day >= self.period.start, day <= self.period.end)

    def ours(self, model: Any) -> ColumnElement[bool]:
        """The authority's own records, test data left out (records made with ``X-Test-Data: true``,
        by a conformance run say, never count)."""
        return and_(model.la_code == self.la_code, model.test_data.is_(False))

    def live(self, model: Any) -> ColumnElement[bool]:
        return and_(self.ours(model), model.status != ENTERED_IN_ERROR, self.in_scope(model.case_id))

    # Stages: one query for the authority's transitions, replayed per child.
    @cached_property
    def timelines(self) -> dict[Key, Timeline]:
        rows = self.db.execute(
            select(
                key(StageTransition.child_id),
                key(StageTransition.case_id),
                StageTransition.effective_date,
                StageTransition.from_stage,
                StageTransition.to_stage,
                StageTransition.kind,
                StageTransition.from_stage_continues,
            )
            .where(self.ours(StageTransition), StageTransition.status == "active")
            .order_by(StageTransition.child_id, StageTransition.effective_date, StageTransition.created_at)
        )
        timelines: dict[Key, Timeline] = defaultdict(Timeline)
        current: dict[Key, frozenset[str]] = {}
        planned: dict[tuple[frozenset[str], str, str | None, bool], frozenset[str] | None] = {}
        for child_id, case_id, day, from_stage, to_stage, kind, continues in rows:
            before = current.get(child_id, frozenset())
            step = (before, to_stage, from_stage, continues)
            if step not in planned:  # the rules are pure: a few dozen distinct steps, planned once each
                try:
                    planned[step] = plan_move(*step).stages_after
                except TransitionRefused:  # not possible through the API; skip rather than fail
                    planned[step] = None
            after = planned[step]
            if after is None:
                continue
            current[child_id] = after
            timeline = timelines[child_id]
            timeline.moves.append(Move(case_id, day, from_stage, to_stage, kind, before, after))
            timeline.dates.append(day)
        return dict(timelines)

    def moves(self) -> Iterable[tuple[Key, Move]]:
        for child_id, timeline in self.timelines.items():
            for move in timeline.moves:
                yield child_id, move

    @cached_property
    def child_members(self) -> list[tuple[Key, Key]]:
        """(case, child) for children who were members of an in-scope case on the as-at date."""
        rows = self.db.execute(
            select(key(CaseMember.case_id), key(CaseMember.person_id)).where(
                self.live(CaseMember),
                CaseMember.role == "CHILD",
                CaseMember.joined_on <= self.as_at,
                or_(CaseMember.left_on.is_(None), CaseMember.left_on > self.as_at),
            )
        )
        return [(case_id, child_id) for case_id, child_id in rows]

    def stages_on(self, child_id: Key, day: date) -> frozenset[str]:
        timeline = self.timelines.get(child_id)
        return timeline.stages_on(day) - {"CLOSED"} if timeline else frozenset()

    @cached_property
    def case_stages(self) -> dict[Key, frozenset[str]]:
        """In-scope cases open on the as-at date, with their children's open stages."""
        stages: dict[Key, frozenset[str]] = {}
        for case_id, child_id in self.child_members:
            open_now = self.stages_on(child_id, self.as_at)
            if open_now:
                stages[case_id] = stages.get(case_id, frozenset()) | open_now
        return stages

    @cached_property
    def cp_spans(self) -> dict[Key, list[CpSpan]]:
        spans: dict[Key, list[CpSpan]] = {}
        for child_id, timeline in self.timelines.items():
            open_span: tuple[Key, date] | None = None
            for move in timeline.moves:
                if "CP" in move.after and "CP" not in move.before:
                    open_span = (move.case_id, move.effective_date)
                elif "CP" in move.before and "CP" not in move.after and open_span is not None:
                    spans.setdefault(child_id, []).append(
                        CpSpan(child_id, open_span[0], open_span[1], move.effective_date)
                    )
                    open_span = None
            if open_span is not None:
                spans.setdefault(child_id, []).append(CpSpan(child_id, open_span[0], open_span[1], None))
        return spans

    # Danger statements current on a date (see the module docstring).
    def statement_current_on(self, day: date) -> ColumnElement[bool]:
        s = DangerStatement
        return and_(
            self.live(s),
            s.written_on <= day,
            or_(
                s.status == "active",
                and_(s.status == "goal_met", or_(s.goal_met_on.is_(None), s.goal_met_on > day)),
                and_(
                    s.status == "withdrawn", practice_day_of(s.id, RecordVersion.change == "withdrawn") > day
                ),
            ),
        )


# --- the measures -------------------------------------------------------------------------------


def _m1(ctx: MeasureContext, r: MeasureResult) -> None:
    cases = {c for c, stages in ctx.case_stages.items() if stages & OPEN_WORK_STAGES}
    with_statement = set(
        ctx.db.scalars(
            select(key(DangerStatement.case_id)).where(ctx.statement_current_on(ctx.as_at)).distinct()
        )
    )
    r.denominator, r.numerator = len(cases), len(cases & with_statement)


def _valid_duration(text: str | None) -> bool:
    if not text:
        return False
    try:
        return date(2000, 1, 1) + isodate.parse_duration(text) > date(2000, 1, 1)
    except (isodate.ISO8601Error, ValueError, TypeError):
        return False


def _m2(ctx: MeasureContext, r: MeasureResult) -> None:
    rows = ctx.db.execute(
        select(DangerStatement.goal_sustain_duration, func.count())
        .where(ctx.statement_current_on(ctx.as_at))
        .group_by(DangerStatement.goal_sustain_duration)
    ).all()
    r.denominator = sum(n for _, n in rows)
    r.numerator = sum(n for duration, n in rows if _valid_duration(duration))


def _m3(ctx: MeasureContext, r: MeasureResult) -> None:
    rows = ctx.db.execute(
        select(key(ScaleRating.case_id), func.count(ScaleRating.rater_role.distinct()))
        .where(
            ctx.live(ScaleRating),
            ScaleRating.rated_on > add_months(ctx.as_at, -3),
            ScaleRating.rated_on <= ctx.as_at,
        )
        .group_by(ScaleRating.case_id)
    ).all()
    roles = {case_id: n for case_id, n in rows}
    cases = set(ctx.case_stages)
    rated = cases & set(roles)
    r.denominator, r.numerator = len(cases), len(rated)
    r.details["median_distinct_rater_roles"] = median(roles[c] for c in rated)


def _m4(ctx: MeasureContext, r: MeasureResult) -> None:
    order = (ScaleRating.rated_on, ScaleRating.created_at, ScaleRating.id)
    ranked = (
        select(
            key(ScaleRating.scale_id).label("scale_id"),
            key(ScaleRating.case_id).label("case_id"),
            ScaleRating.value,
            ScaleRating.rated_on,
            func.row_number().over(partition_by=ScaleRating.scale_id, order_by=order).label("first"),
            func.row_number()
            .over(partition_by=ScaleRating.scale_id, order_by=[c.desc() for c in order])
            .label("last"),
            func.count().over(partition_by=ScaleRating.scale_id).label("n"),
        )
        .where(
            ctx.live(ScaleRating),
            ScaleRating.rater_role.in_(WORKER_ROLES),
            ScaleRating.rated_on <= ctx.period.end,
            ScaleRating.scale_id.in_(  # only scales with a worker rating in the period
                select(ScaleRating.scale_id).where(
                    ctx.ours(ScaleRating),
                    ScaleRating.rater_role.in_(WORKER_ROLES),
                    ctx.during(ScaleRating.rated_on),
                )
            ),
        )
        .subquery()
    )
    rows = ctx.db.execute(
        select(ranked.c.scale_id, ranked.c.case_id, ranked.c.value, ranked.c.rated_on, ranked.c.first).where(
            ranked.c.n >= 2, or_(ranked.c.first == 1, ranked.c.last == 1)
        )
    ).all()
    first: dict[Key, int] = {}
    last: dict[Key, tuple[Key, int, date]] = {}
    for scale_id, case_id, value, rated_on, rank in rows:
        if rank == 1:
            first[scale_id] = value
        else:
            last[scale_id] = (case_id, value, rated_on)
    changes: dict[Key, list[int]] = defaultdict(list)
    for scale_id, (case_id, value, rated_on) in last.items():
        if rated_on in ctx.period and scale_id in first:
            changes[case_id].append(value - first[scale_id])
    r.denominator = len(changes)
    r.numerator = sum(1 for moved in changes.values() if max(moved) >= 2)
    r.details["median_change_per_scale"] = median(c for moved in changes.values() for c in moved)


def _m5(ctx: MeasureContext, r: MeasureResult) -> None:
    born_by = add_months(ctx.as_at, -48)
    # The children of in-scope cases on the as-at date are known already (ctx.child_members): the
    # people are matched to them here, not by a subquery of the members (and the team's allocations)
    # in the database, which a planner without statistics ran as nested loops over all three tables.
    member_children = {child for _, child in ctx.child_members}
    rows = ctx.db.execute(
        select(key(Person.id)).where(
            ctx.ours(Person),
            Person.status != ENTERED_IN_ERROR,
            Person.date_of_birth.is_not(None),
            Person.date_of_birth <= born_by,
        )
    ).all()
    eligible = {pid for (pid,) in rows if pid in member_children and ctx.stages_on(pid, ctx.as_at)}
    heard = set(
        ctx.db.scalars(
            select(key(ChildVoiceRecord.child_id))
            .where(
                ctx.live(ChildVoiceRecord),
                ChildVoiceRecord.recorded_on > add_months(ctx.as_at, -6),
                ChildVoiceRecord.recorded_on <= ctx.as_at,
            )
            .distinct()
        )
    )
    r.denominator, r.numerator = len(eligible), len(eligible & heard)


def _m6(ctx: MeasureContext, r: MeasureResult) -> None:
    members = ctx.db.execute(
        select(key(NetworkMember.case_id), NetworkMember.naturally_connected, NetworkMember.informed).where(
            ctx.live(NetworkMember),
            NetworkMember.joined_on <= ctx.as_at,
            or_(NetworkMember.left_on.is_(None), NetworkMember.left_on > ctx.as_at),
        )
    ).all()
    statements: dict[Key, list[tuple[str, int, int]]] = defaultdict(list)
    for case_id, statement_id, worded_in, version in ctx.db.execute(
        select(
            key(DangerStatement.case_id),
            DangerStatement.id,
            DangerStatement.worded_in_version,
            DangerStatement.version,
        ).where(ctx.statement_current_on(ctx.as_at))
    ):
        statements[case_id].append((str(statement_id), worded_in, version))
    cases = set(ctx.case_stages)
    size: dict[Key, int] = dict.fromkeys(cases, 0)
    connected: set[Key] = set()
    to_inform = informed = 0
    for case_id, natural, told in members:
        if case_id not in size:
            continue
        size[case_id] += 1
        if natural:
            connected.add(case_id)
        if statements.get(case_id):
            to_inform += 1
            known: dict[str, set[int]] = defaultdict(set)
            for e in told or []:
                known[str(e["danger_statement_id"])].add(int(e["version"]))
            informed += all(told_wording(known[s], worded_in, v) for s, worded_in, v in statements[case_id])
    r.denominator, r.numerator = len(cases), len(connected)
    r.details["median_network_size"] = median(size.values())
    r.details["members_to_inform"] = to_inform
    r.details["members_informed_of_current_statements"] = informed
    r.details["share_informed"] = ratio(informed, to_inform)


def _m7(ctx: MeasureContext, r: MeasureResult) -> None:
    m, p = AssessmentMap, SafetyPlan
    latest_map = (
        select(m.case_id.label("case_id"), func.max(m.map_version).label("v"))
        .where(ctx.live(m), m.mapped_on <= ctx.as_at)
        .group_by(m.case_id)
        .subquery()
    )
    reunification = set(
        ctx.db.scalars(
            select(key(m.case_id))
            .join(latest_map, and_(m.case_id == latest_map.c.case_id, m.map_version == latest_map.c.v))
            .where(ctx.ours(m), cast(m.context, String).like('%"REUNIFICATION"%'))
        )
    )
    cases = {
        c
        for c, stages in ctx.case_stages.items()
        if "CP" in stages or ("LAC" in stages and c in reunification)
    }
    in_force = and_(
        ctx.live(p),
        p.agreed_on.is_not(None),
        p.agreed_on <= ctx.as_at,
        or_(
            p.plan_status.in_(PLAN_IN_FORCE),
            and_(p.plan_status == "ENDED", practice_day_of(p.id, _ENDED_PLAN) > ctx.as_at),
        ),
    )
    latest_plan = (
        select(p.case_id.label("case_id"), func.max(p.plan_version).label("v"))
        .where(in_force)
        .group_by(p.case_id)
        .subquery()
    )
    plans: dict[Key, tuple[list[Any], Any]] = {
        case_id: (rules or [], friendly)
        for case_id, rules, friendly in ctx.db.execute(
            select(key(p.case_id), p.rules, p.child_friendly_version)
            .join(latest_plan, and_(p.case_id == latest_plan.c.case_id, p.plan_version == latest_plan.c.v))
            .where(in_force)
        )
    }
    named = {
        c
        for c in cases
        if c in plans and plans[c][0] and all(rule.get("responsible_person_ids") for rule in plans[c][0])
    }
    r.denominator, r.numerator = len(cases), len(named)
    friendly = sum(1 for c in named if plans[c][1])
    r.details["with_child_friendly_version"] = friendly
    r.details["share_with_child_friendly_version"] = ratio(friendly, len(cases))


def _m8(ctx: MeasureContext, r: MeasureResult) -> None:
    rows = ctx.db.scalars(
        select(StageTransition.carried_forward).where(
            ctx.live(StageTransition),
            ctx.during(StageTransition.effective_date),
            StageTransition.from_stage.is_not(None),
            StageTransition.from_stage != "CLOSED",
            StageTransition.to_stage != "CLOSED",
        )
    ).all()
    carried = [
        bool(c.get("map_version_id") or c.get("danger_statements") or c.get("network_member_ids"))
        for c in (row or {} for row in rows)
    ]
    r.denominator, r.numerator = len(carried), sum(carried)


def _authority_rows(ctx: MeasureContext, *columns: Any, model: Any) -> list[Any]:
    """Rows of a statutory table for the whole authority (entered in error left out): an earlier
    referral or plan of the child counts wherever it was recorded, whatever the team."""
    return list(ctx.db.execute(select(*columns).where(ctx.ours(model), model.status != ENTERED_IN_ERROR)))


def _m9(ctx: MeasureContext, r: MeasureResult) -> None:
    referrals: dict[Key, list[tuple[date, Key]]] = defaultdict(list)
    for child, case_id, day in _authority_rows(
        ctx, key(Referral.child_id), key(Referral.case_id), Referral.referral_date, model=Referral
    ):
        referrals[child].append((day, case_id))
    total = repeat = 0
    for dated in referrals.values():
        dated.sort()
        for i, (day, case_id) in enumerate(dated):
            if day not in ctx.period or not ctx.case_in_scope(case_id):
                continue
            total += 1
            since = add_months(day, -12)
            repeat += any(since <= earlier for earlier, _ in dated[:i])
    r.denominator, r.numerator = total, repeat


def _cp_plans(ctx: MeasureContext) -> dict[Key, list[tuple[date, date | None, Key]]]:
    plans: dict[Key, list[tuple[date, date | None, Key]]] = defaultdict(list)
    for child, case_id, start, end in _authority_rows(
        ctx,
        key(ChildProtectionPlan.child_id),
        key(ChildProtectionPlan.case_id),
        ChildProtectionPlan.start_date,
        ChildProtectionPlan.end_date,
        model=ChildProtectionPlan,
    ):
        plans[child].append((start, end, case_id))
    for dated in plans.values():
        dated.sort(key=lambda plan: plan[0])
    return plans


def _m10(ctx: MeasureContext, r: MeasureResult) -> None:
    total = repeat = within = 0
    for plans in _cp_plans(ctx).values():
        for i, (start, _end, case_id) in enumerate(plans):
            if start not in ctx.period or not ctx.case_in_scope(case_id):
                continue
            total += 1
            if i:  # the plan's number of previous plans is at least one
                repeat += 1
                previous_end = plans[i - 1][1]
                within += previous_end is not None and previous_end >= add_months(start, -24)
    r.denominator, r.numerator = total, repeat
    r.details["repeat_within_2_years"] = within
    r.details["share_of_repeats_within_2_years"] = ratio(within, repeat)


def _m11(ctx: MeasureContext, r: MeasureResult) -> None:
    open_days: list[int] = []
    ended_days: list[int] = []
    long_open = 0
    for plans in _cp_plans(ctx).values():
        for start, end, case_id in plans:
            if not ctx.case_in_scope(case_id):
                continue
            if start <= ctx.as_at and (end is None or end > ctx.as_at):
                open_days.append((ctx.as_at - start).days)
                long_open += add_months(start, 24) <= ctx.as_at
            elif end is not None and end in ctx.period:
                ended_days.append((end - start).days)
    r.denominator, r.numerator = len(open_days), long_open
    r.value = median(open_days)
    r.details["share_open_2_years_or_more"] = ratio(long_open, len(open_days))
    r.details["plans_ended_in_period"] = len(ended_days)
    r.details["median_days_of_plans_ended_in_period"] = median(ended_days)


def _is_step_down(move: Move) -> bool:
    return (move.kind == "STEP_DOWN" and move.to_stage in ("EARLY_HELP", "CIN")) or (
        move.kind == "CLOSE" and move.from_stage in ("CIN", "CP")
    )


def _m12(ctx: MeasureContext, r: MeasureResult) -> None:
    stepped: dict[Key, date] = {}
    for _, move in ctx.moves():
        wanted = _is_step_down(move) and move.effective_date in ctx.period and ctx.case_in_scope(move.case_id)
        if wanted and (move.case_id not in stepped or move.effective_date < stepped[move.case_id]):
            stepped[move.case_id] = move.effective_date
    statements: dict[Key, list[tuple[date, str, date | None]]] = defaultdict(list)
    if stepped:
        for case_id, written_on, status, met_on in ctx.db.execute(
            select(
                key(DangerStatement.case_id),
                DangerStatement.written_on,
                DangerStatement.status,
                DangerStatement.goal_met_on,
            ).where(ctx.live(DangerStatement), DangerStatement.status.in_(("active", "goal_met")))
        ):  # matched to the stepped-down cases here, not by a subquery (see _m5)
            if case_id in stepped:
                statements[case_id].append((written_on, status, met_on))
    days: list[int] = []
    for case_id, on in stepped.items():
        found = statements.get(case_id)
        if found and all(s == "goal_met" and met is not None and met <= on for _, s, met in found):
            days.append(max(0, (on - min(w for w, _, _ in found)).days))
    r.denominator, r.numerator = len(stepped), len(days)
    r.value = median(days)


def _durable(ctx: MeasureContext, months: int) -> tuple[int, int]:
    cohort = ctx.period.shifted(-months)
    total = durable = 0
    for timeline in ctx.timelines.values():
        for i, move in enumerate(timeline.moves):
            if not (move.kind == "STEP_DOWN" and move.to_stage in ("EARLY_HELP", "CIN")):
                continue
            if move.effective_date not in cohort or not ctx.case_in_scope(move.case_id):
                continue
            total += 1
            until = add_months(move.effective_date, months)
            durable += not any(
                later.effective_date <= until
                and (later.kind in STEP_UP_KINDS or (later.kind == "OPEN" and later.to_stage == "CIN"))
                for later in timeline.moves[i + 1 :]
            )
    return total, durable


def _m14(ctx: MeasureContext, r: MeasureResult) -> None:
    r.denominator, r.numerator = _durable(ctx, 6)
    total12, durable12 = _durable(ctx, 12)
    r.details["step_downs_12_months_earlier"] = total12
    r.details["durable_12_months"] = durable12
    r.details["share_durable_12_months"] = ratio(durable12, total12)


def _m15(ctx: MeasureContext, r: MeasureResult) -> None:
    family = ctx.db.scalars(
        select(FamilyFeedback.answers).where(
            ctx.live(FamilyFeedback),
            ctx.during(FamilyFeedback.given_on),
        )
    ).all()
    staff_query = select(StaffFeedback.answers).where(
        ctx.ours(StaffFeedback),
        StaffFeedback.status != ENTERED_IN_ERROR,
        ctx.during(StaffFeedback.given_on),
    )
    if ctx.team is not None:
        staff_query = staff_query.where(StaffFeedback.team == ctx.team)
    staff = ctx.db.scalars(staff_query).all()
    values: dict[str, list[int]] = {"family": [], "staff": []}
    for who, rows in (("family", family), ("staff", staff)):
        for answers in rows:
            values[who] += [int(a["value"]) for a in answers or [] if a.get("value") is not None]
    every = values["family"] + values["staff"]
    r.denominator, r.numerator = len(every), sum(1 for v in every if v >= 7)
    r.value = round(statistics.fmean(every), 2) if every else None
    for who, found in values.items():
        r.details[f"{who}_answers"] = len(found)
        r.details[f"{who}_mean"] = round(statistics.fmean(found), 2) if found else None
    for low, high in ((0, 3), (4, 6), (7, 10)):
        r.details[f"answers_{low}_to_{high}"] = sum(1 for v in every if low <= v <= high)


DERIVED = "Derived from stage transitions: the service holds no {what} records."
MEASURES: tuple[MeasureDefinition, ...] = (
    MeasureDefinition(
        "M1",
        "Danger statement coverage",
        "open cases with at least one current danger statement (called a worry statement in early help).",
        "cases with a child at early help, child in need, child protection or looked after on the last "
        "day of the period.",
        "as at the last day of the period.",
        "a statement is current from the day it was written until its goal was met or it was "
        "withdrawn; statements entered in error are left out.",
        "ratio",
        _m1,
    ),
    MeasureDefinition(
        "M2",
        "Goal pairing",
        "current danger statements whose one safety goal states a sustain duration longer than zero.",
        "danger statements current on the last day of the period.",
        "as at the last day of the period.",
        "every case of the authority or team; statements entered in error are left out.",
        "ratio",
        _m2,
    ),
    MeasureDefinition(
        "M3",
        "Scaling currency",
        "open cases with at least one scale rating dated in the three months to the last day of the period.",
        "cases with a child at any open stage on the last day of the period.",
        "the three months ending on the last day of the period.",
        "ratings of any rater role; details give the median number of distinct rater roles among the "
        "rated cases.",
        "ratio",
        _m3,
    ),
    MeasureDefinition(
        "M4",
        "Scaling movement",
        "cases where, on at least one scale, the latest worker rating is at least 2 points above the "
        "first worker rating.",
        "cases with a scale that has two or more worker ratings up to the end of the period, the latest "
        "dated in the period.",
        "latest worker rating dated in the period.",
        "worker ratings are by a social worker or an early help practitioner; details give the median "
        "change per scale.",
        "ratio",
        _m4,
    ),
    MeasureDefinition(
        "M5",
        "Child voice",
        "children with a child's voice record dated in the six months to the last day of the period.",
        "children aged 4 or over, members of an open case and at an open stage on the last day of the "
        "period.",
        "the six months ending on the last day of the period.",
        "children without a date of birth are left out.",
        "ratio",
        _m5,
    ),
    MeasureDefinition(
        "M6",
        "Network presence and size",
        "open cases with at least one naturally connected current network member.",
        "cases with a child at any open stage on the last day of the period.",
        "as at the last day of the period.",
        "details give the median network size (open cases without a network count as 0) and the share "
        "of members told the current version of every current danger statement of their case.",
        "ratio",
        _m6,
    ),
    MeasureDefinition(
        "M7",
        "Safety plan",
        "those cases whose safety plan in force was agreed and names a responsible person for every rule.",
        "cases with a child at child protection, or looked after with a reunification map, on the last "
        "day of the period.",
        "as at the last day of the period.",
        "the plan in force is the highest agreed version agreed by that day; details give how many have "
        "a child-friendly version.",
        "ratio",
        _m7,
    ),
    MeasureDefinition(
        "M8",
        "Continuity",
        "stage transitions that carried forward an existing map, danger statement or network.",
        "stage transitions dated in the period, other than openings from the front door and closures.",
        "transitions dated in the period.",
        "transitions entered in error are left out.",
        "ratio",
        _m8,
    ),
    MeasureDefinition(
        "M9",
        "Re-referral",
        "referrals within 12 months of an earlier referral of the same child.",
        "referrals dated in the period (the referral records, CIN census CINreferralDate).",
        "referrals dated in the period.",
        "an earlier referral counts wherever the child was referred in the authority; referrals entered in "
        "error are left out.",
        "ratio",
        _m9,
    ),
    MeasureDefinition(
        "M10",
        "Repeat child protection plan",
        "child protection plans starting for a child who had an earlier plan (number of previous plans one "
        "or more).",
        "child protection plans starting in the period (the plan records, CPPstartDate).",
        "plans starting in the period.",
        "details give how many repeats began within two years of the end of the previous plan; plans "
        "entered in error are left out.",
        "ratio",
        _m10,
    ),
    MeasureDefinition(
        "M11",
        "Child protection plan duration",
        "child protection plans open for two years or more on the last day of the period.",
        "child protection plans open on the last day of the period (started by then, not ended by then); the "
        "value is their median days on plan.",
        "as at the last day of the period, and plans ended in the period.",
        "details give the median length of plans ended in the period; plans entered in error are left out.",
        "median_days",
        _m11,
    ),
    MeasureDefinition(
        "M12",
        "Time to goal",
        "cases that stepped down in the period with every danger statement's goal met by then; the value "
        "is their median days from the first statement being written to the step-down.",
        "cases stepping down in the period (child protection to child in need, child in need to early "
        "help, or child in need or child protection closed).",
        "step-downs dated in the period.",
        "the first statement is dated by when it was written; withdrawn statements and statements "
        "entered in error are left out.",
        "median_days",
        _m12,
    ),
    MeasureDefinition(
        "M13",
        "Placement stability",
        "looked-after children with three or more placements in the period.",
        "children looked after at some time in the period (an SSDA903 episode of theirs overlaps it).",
        "the period.",
        "a placement is a run of episodes in one place (a new episode for a change of legal status only, "
        "reason L, keeps the placement); temporary placements (T0 to T4) and episodes entered in error "
        "are left out; details give the placements, placements per child, and the children starting and "
        "ceasing care in the period.",
        "ratio",
        placements.m13,
    ),
    MeasureDefinition(
        "M14",
        "Step-down durability",
        "step-downs with no step-up of the same child in the following six months.",
        "step-downs (child protection to child in need, child in need to early help) dated six months "
        "before the period.",
        "the period moved back six months; details give the same for twelve months.",
        "a step-up is a move up to child in need, child protection or care, or a new referral to child in "
        "need.",
        "ratio",
        _m14,
    ),
    MeasureDefinition(
        "M15",
        "Family and staff feedback",
        "feedback answers of 7 or more; the value is the mean of all the answers (0 to 10).",
        "answers to family and staff feedback questions given in the period.",
        "feedback given in the period.",
        "family feedback of the authority's (or team's) cases and staff feedback of the authority (or "
        "team); details give each mean and the spread of answers (0-3, 4-6, 7-10).",
        "mean",
        _m15,
    ),
)
BY_CODE = {m.code: m for m in MEASURES}


def compute_measure(ctx: MeasureContext, measure: MeasureDefinition) -> MeasureResult:
    result = MeasureResult(
        code=measure.code,
        label=measure.label,
        period_start=ctx.period.start,
        period_end=ctx.period.end,
        team=ctx.team,
        value_kind=measure.value_kind,
        note=measure.note,
    )
    measure.compute(ctx, result)
    if result.value is None and measure.value_kind == "ratio" and result.denominator is not None:
        result.value = ratio(result.numerator or 0, result.denominator)
    return result


def compute_measures(
    session: Session,
    la_code: str,
    period: Period,
    team: str | None = None,
    codes: Iterable[str] | None = None,
) -> list[MeasureResult]:
    """Compute the measures (all, or the given codes) for an authority, a period and maybe a team."""
    ctx = MeasureContext(session, la_code, period, team)
    wanted = [BY_CODE[c] for c in codes] if codes is not None else list(MEASURES)
    return [compute_measure(ctx, m) for m in wanted]


def csv_rows() -> list[dict[str, str]]:
    """The rows reference_data/qa_measure.csv must hold (code, label, definition, validity)."""
    return [
        {"code": m.code, "label": m.label, "definition": m.definition, "valid_from": "", "valid_to": ""}
        for m in MEASURES
    ]


__all__ = [
    "MEASURES",
    "MeasureContext",
    "MeasureDefinition",
    "MeasureResult",
    "Period",
    "compute_measures",
    "csv_rows",
]
