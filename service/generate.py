"""Invented case journeys in bulk: ``sos-reference generate --children N --seed S [--la 990]``.

Families of one to four children move along the whole continuum (early help only; early help to
child in need and back; child in need to child protection and back; child protection to care with
child protection continuing; return home; leaving care; closures and re-referrals), with every
record type the service keeps. Everyone is invented, from small lists of made-up names.

Deterministic: the same ``seed`` gives the same rows, ids included (``random.Random(seed)``, and
dates measured from a fixed horizon, never from today).

Valid by construction: every code comes from ``reference_data``; stage moves are planned with
``service.stages.rules.plan_move`` (the same rules the API applies); a goal is met only after its
sustain period; an agreed safety plan has rules with responsible people and linked statements and
is reviewed within three months; transitions carry forward what the case held on that day.

Fast: rows are built in memory and written with SQLAlchemy Core bulk inserts (executemany) in
batches of families, straight to the tables, not through HTTP. Each record also gets its version-1
row in ``record_versions`` (change ``create``, by ``generator``) so journeys and histories work.
No audit events are written: the audit trail records reads and writes made by callers of the API,
and a synthetic bulk load is neither (it is set-up of invented data by an operator, like a
migration).
"""

from __future__ import annotations

import hashlib
import random
import time as clock
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from service.models import Case, CaseMember, Person, RecordVersion, StageTransition
from service.models.assessment import AssessmentMap, DangerStatement, Scale, ScaleRating
from service.models.planning import (
    ChildVoiceRecord,
    Milestone,
    NetworkMeeting,
    NetworkMember,
    SafetyPlan,
    SafetyPlanReview,
    WordsAndPictures,
)
from service.models.qa import Allocation, FamilyFeedback, StaffFeedback
from service.qa.measures import add_months as _add_months
from service.reference_data.registry import code_lists
from service.stages.rules import plan_move

HORIZON = date(2026, 10, 31)  # the generated world's "today": fixed, so a seed always gives the same rows
EARLIEST_START = date(2021, 1, 4)
BY = "generator"
BATCH_FAMILIES = 400
# A version-1 row's id is its record's id with these bits flipped (outside the UUID version and
# variant fields): deterministic, unique, and far cheaper than hashing a name.
VERSION_ID_MASK = 0x5A5A5A5A_5A5A_0A5A_3A5A_5A5A5A5A5A5A

GIVEN_GIRLS = ["Ava", "Bea", "Cleo", "Dot", "Edie", "Fern", "Gwen", "Hattie", "Isla", "Juno", "Kit", "Lyra"]
GIVEN_BOYS = ["Alf", "Bram", "Cal", "Dex", "Eli", "Finn", "Gus", "Huw", "Ivo", "Jem", "Kai", "Lew"]
GIVEN_ADULTS = ["Mara", "Nell", "Opal", "Pru", "Rhea", "Sian", "Tess", "Una", "Vic", "Wren", "Zia"]
GIVEN_MEN = ["Noah", "Olly", "Pip", "Rory", "Seb", "Tam", "Ulf", "Vaughn", "Wyn", "Zeb"]
FAMILY_NAMES = [
    "Ashcombe",
    "Brackley",
    "Corrow",
    "Dunmere",
    "Elsworth",
    "Fenwold",
    "Garside",
    "Holloway",
    "Ingleby",
    "Jarrow",
    "Kettering",
    "Lowther",
    "Marbury",
    "Northby",
    "Oakhurst",
    "Pennock",
    "Quarrie",
    "Redlow",
    "Stennett",
    "Thornal",
    "Upwey",
    "Varley",
    "Whitmore",
    "Yardley",
]
TEAMS = [f"Eastmoor {area} team" for area in ("North", "South", "East", "West", "Central", "Coast")]
WORKERS = ["A. Moor", "B. Ridley", "C. Tarn", "D. Vale", "E. Wick", "F. Yeo", "G. Ash", "H. Birch"]
ETHNICITIES = ["WBRI", "WBRI", "WBRI", "WOTH", "MWBC", "MWBA", "AIND", "APKN", "BAFR", "BCRB", "CHNE", "OOTH"]

# (to_stage, from_stage, from_stage_continues, days after the previous step: (low, high))
Step = tuple[str, str | None, bool, tuple[int, int]]
JOURNEYS: dict[str, tuple[int, list[Step]]] = {
    "early_help_only": (18, [("EARLY_HELP", None, False, (0, 0)), ("CLOSED", None, False, (120, 360))]),
    "early_help_up_and_down": (
        12,
        [
            ("EARLY_HELP", None, False, (0, 0)),
            ("CIN", None, False, (40, 200)),
            ("EARLY_HELP", None, False, (120, 300)),
            ("CLOSED", None, False, (90, 240)),
        ],
    ),
    "child_in_need": (12, [("CIN", None, False, (0, 0)), ("CLOSED", None, False, (90, 400))]),
    "child_protection": (
        14,
        [
            ("CIN", None, False, (0, 0)),
            ("CP", None, False, (15, 60)),
            ("CIN", None, False, (180, 700)),
            ("CLOSED", None, False, (90, 300)),
        ],
    ),
    "into_care_with_cp": (
        8,
        [
            ("CIN", None, False, (0, 0)),
            ("CP", None, False, (15, 60)),
            ("LAC", "CP", True, (60, 300)),
            ("LAC", "CP", False, (30, 120)),  # CP ends, LAC continues
            ("CIN", "LAC", False, (120, 500)),  # return home
            ("EARLY_HELP", None, False, (90, 300)),
            ("CLOSED", None, False, (90, 240)),
        ],
    ),
    "care_leaver": (
        5,
        [
            ("CIN", None, False, (0, 0)),
            ("LAC", None, False, (20, 90)),
            ("CARE_LEAVER", None, False, (300, 700)),
            ("CLOSED", None, False, (300, 900)),
        ],
    ),
    "return_home": (
        6,
        [
            ("CIN", None, False, (0, 0)),
            ("LAC", None, False, (20, 120)),
            ("CIN", None, False, (90, 400)),
            ("CLOSED", None, False, (90, 300)),
        ],
    ),
    "closed_then_referred": (
        5,
        [
            ("EARLY_HELP", None, False, (0, 0)),
            ("CLOSED", None, False, (90, 200)),
            ("CIN", None, False, (60, 400)),
            ("CLOSED", None, False, (90, 300)),
        ],
    ),
    "re_referral": (
        6,
        [
            ("CIN", None, False, (0, 0)),
            ("CLOSED", None, False, (60, 180)),
            ("CIN", None, False, (30, 300)),
            ("CLOSED", None, False, (90, 300)),
        ],
    ),
    "repeat_cp": (
        5,
        [
            ("CIN", None, False, (0, 0)),
            ("CP", None, False, (15, 60)),
            ("CIN", None, False, (180, 400)),
            ("CP", None, False, (60, 500)),
            ("CIN", None, False, (180, 500)),
            ("CLOSED", None, False, (60, 200)),
        ],
    ),
    "long_cp": (4, [("CIN", None, False, (0, 0)), ("CP", None, False, (15, 45))]),
}
VOCABULARY = {"EARLY_HELP": "WELLBEING", "CARE_LEAVER": "SUCCESS"}
SECTIONS = {
    "THREE_HOUSES": ["WORRIES", "GOOD_THINGS", "DREAMS"],
    "SAFETY_HOUSE": ["PEOPLE_INSIDE", "SAFETY_RULES"],
}
CHILD_WORDS = ["shouting at night", "nana's pancakes", "a dog of my own", "mum not tired", "my big sister"]

ORDER: list[Any] = [
    Person,
    Case,
    CaseMember,
    Allocation,
    AssessmentMap,
    DangerStatement,
    Scale,
    ScaleRating,
    NetworkMember,
    NetworkMeeting,
    SafetyPlan,
    SafetyPlanReview,
    ChildVoiceRecord,
    WordsAndPictures,
    Milestone,
    StageTransition,
    FamilyFeedback,
    StaffFeedback,
]


def _codes(list_id: str) -> set[str]:
    return set(code_lists()[list_id].codes)


@dataclass
class Summary:
    la_code: str
    seed: int
    children: int = 0
    families: int = 0
    records: Counter[str] = field(default_factory=Counter)
    digest: str = ""
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.records.values())


class Sink:
    """Rows per table, written in foreign-key order in batches; a digest of every row."""

    def __init__(self, session: Session | None, la_code: str) -> None:
        self.session = session
        self.la_code = la_code
        self.rows: dict[Any, list[dict[str, Any]]] = {m: [] for m in [*ORDER, RecordVersion]}
        self.columns = {m: [c.key for c in m.__table__.columns] for m in self.rows}
        self.hash = hashlib.sha256()
        self.counts: Counter[str] = Counter()
        self.checked: set[Any] = set()

    def add(self, model: Any, row: dict[str, Any]) -> None:
        if model not in self.checked:
            required = {
                c.key
                for c in model.__table__.columns
                if not c.nullable and c.default is None and c.key not in row
            }
            if required:
                raise RuntimeError(f"generator gives no {sorted(required)} for {model.__tablename__}")
            self.checked.add(model)
        full = dict.fromkeys(self.columns[model])
        full.update(row)
        self.rows[model].append(full)
        if model is not RecordVersion:  # versions are derived from the records: hashing them adds nothing
            self.hash.update(repr(tuple(full.values())).encode())

    def record(
        self,
        model: Any,
        on: date,
        what: str,
        /,
        *,
        effective: date | None = None,
        status: str = "active",
        **fields: Any,
    ) -> uuid.UUID:
        record_id = fields.pop("id")
        case_id, child_id = _subject(model, record_id, fields)
        by = "anonymous" if fields.get("anonymous") else BY  # as the API records anonymous feedback
        at = datetime.combine(on, time(9), tzinfo=UTC) + timedelta(seconds=len(self.rows[model]) % 3600)
        self.add(
            model,
            {
                "id": record_id,
                "la_code": self.la_code,
                "version": 1,
                "status": status,
                "created_at": at,
                "updated_at": at,
                "created_by": by,
                "updated_by": by,
                **fields,
            },
        )
        self.add(
            RecordVersion,
            {
                "id": uuid.UUID(int=record_id.int ^ VERSION_ID_MASK),
                "la_code": self.la_code,
                "record_type": model.__record_type__,
                "record_id": record_id,
                "version": 1,
                "change": "create",
                "recorded_at": at,
                "recorded_by": BY,
                "case_id": case_id,
                "child_id": child_id,
                "effective_date": effective,
                "summary": what[:300],
                "data": {},
            },
        )
        self.counts[model.__record_type__] += 1
        return record_id

    def flush(self) -> None:
        for model, rows in self.rows.items():
            if rows and self.session is not None:
                table: Table = model.__table__
                for start in range(0, len(rows), 5000):
                    self.session.execute(insert(table), rows[start : start + 5000])
            rows.clear()


@dataclass
class Child:
    id: uuid.UUID
    dob: date
    moves: list[tuple[date, str, str | None, bool, str, frozenset[str]]] = field(default_factory=list)


class Family:
    """One invented family and everything recorded about it."""

    def __init__(self, gen: Generator, n_children: int) -> None:
        self.gen, self.rng, self.sink = gen, gen.rng, gen.sink
        rng = self.rng
        self.surname = rng.choice(FAMILY_NAMES)
        name, (_, steps) = self._journey()
        self.journey = name
        span = (HORIZON - EARLIEST_START).days
        self.start = EARLIEST_START + timedelta(days=rng.randrange(span - 60))
        self.case_id = gen.uuid()
        oldest = 15 if name == "care_leaver" else 13
        self.children = [
            Child(gen.uuid(), self.start - timedelta(days=rng.randrange(200, 365 * oldest + 200)))
            for _ in range(n_children)
        ]
        if name == "care_leaver":
            self.children[0].dob = self.start - timedelta(days=365 * 16 + rng.randrange(200))
        dates = self._dates(steps)
        for i, child in enumerate(self.children):
            own = steps[: len(dates)]
            if i and name == "care_leaver":
                own = own[:2]  # younger siblings stay looked after
            elif i and len(own) > 2 and rng.random() < 0.15:
                own = own[:-1]  # a sibling whose journey stops a step earlier
            stages: frozenset[str] = frozenset()
            for day, (to, frm, cont, _) in zip(dates, own, strict=False):
                move = plan_move(stages, to, frm, cont)
                child.moves.append((day, to, move.from_stage, cont, move.kind, move.stages_after))
                stages = move.stages_after
        self.end = max(c.moves[-1][0] for c in self.children)
        self.closed = all("CLOSED" in c.moves[-1][5] for c in self.children)
        self.last = self.end if self.closed else HORIZON

    def _journey(self) -> tuple[str, tuple[int, list[Step]]]:
        names = list(JOURNEYS)
        name = self.rng.choices(names, weights=[JOURNEYS[n][0] for n in names])[0]
        return name, JOURNEYS[name]

    def _dates(self, steps: list[Step]) -> list[date]:
        dates: list[date] = []
        day = self.start
        for _, _, _, (low, high) in steps:
            day = day + timedelta(days=self.rng.randint(low, high))
            if day > HORIZON:
                break
            dates.append(day)
        return dates

    def stages_on(self, day: date) -> frozenset[str]:
        found: set[str] = set()
        for child in self.children:
            current: frozenset[str] = frozenset()
            for when, *_, after in child.moves:
                if when > day:
                    break
                current = after
            found |= current - {"CLOSED"}
        return frozenset(found)

    def ever(self, stage: str) -> bool:
        return any(stage in m[5] for c in self.children for m in c.moves)

    def between(self, low: date, high: date) -> date:
        high = max(low, min(high, self.last))
        return low + timedelta(days=self.rng.randrange((high - low).days + 1))

    # -- records ----------------------------------------------------------------------------
    def write(self) -> None:
        g, rng, sink, cid = self.gen, self.rng, self.sink, self.case_id
        for child in self.children:
            gender = rng.choice("12")
            given = rng.choice(GIVEN_BOYS if gender == "1" else GIVEN_GIRLS)
            sink.record(
                Person,
                self.start,
                f"{given} {self.surname}",
                effective=child.dob,
                id=child.id,
                given_name=given,
                family_name=self.surname,
                date_of_birth=child.dob,
                sex=gender,
                ethnicity=rng.choice(ETHNICITIES),
                la_child_id=f"GEN-{child.id.hex[:10]}",
            )
        adults = [("MOTHER", rng.choice(GIVEN_ADULTS), "2")]
        if rng.random() < 0.6:
            adults.append(
                (rng.choice(["FATHER", "PARENT_PARTNER", "STEP_PARENT"]), rng.choice(GIVEN_MEN), "1")
            )
        adult_ids = []
        for _relation, given, sex in adults:
            pid = g.uuid()
            adult_ids.append(pid)
            dob = self.start - timedelta(days=rng.randrange(365 * 20, 365 * 45))
            sink.record(
                Person,
                self.start,
                f"{given} {self.surname}",
                effective=dob,
                id=pid,
                given_name=given,
                family_name=self.surname,
                date_of_birth=dob,
                sex=sex,
                ethnicity=rng.choice(ETHNICITIES),
            )
        sink.record(
            Case,
            self.start,
            f"{self.surname} family",
            effective=self.start,
            id=cid,
            reference=f"GEN-{cid.hex[:8].upper()}",
            title=f"{self.surname} family",
            opened_on=self.start,
        )
        for child in self.children:
            sink.record(
                CaseMember,
                self.start,
                "Child joined the case",
                effective=self.start,
                id=g.uuid(),
                case_id=cid,
                person_id=child.id,
                role="CHILD",
                joined_on=self.start,
            )
        for pid, (relation, _, _) in zip(adult_ids, adults, strict=True):
            sink.record(
                CaseMember,
                self.start,
                "Adult joined the case",
                effective=self.start,
                id=g.uuid(),
                case_id=cid,
                person_id=pid,
                role="ADULT",
                relationship_to_children=relation,
                joined_on=self.start,
            )
        self._allocations()
        maps = self._maps()
        statements = self._statements()
        scales = self._scales(statements)
        self._ratings(scales)
        members = self._network(statements)
        plans = self._plans(adult_ids, members, statements)
        self._voice()
        words = self._words(adults)
        milestones = self._milestones()
        self._transitions(maps, statements, scales, members, plans, words, milestones)
        self._feedback(adult_ids)

    def _feedback(self, adults: list[uuid.UUID]) -> None:
        rng = self.rng
        if rng.random() < 0.35:
            given = self.between(self.start + timedelta(days=60), self.last)
            self.sink.record(
                FamilyFeedback,
                given,
                "Family feedback",
                effective=given,
                id=self.gen.uuid(),
                case_id=self.case_id,
                given_on=given,
                respondent_role="PARENT",
                respondent_person_id=adults[0],
                answers=[
                    {"question_code": q, "value": max(0, min(10, rng.randint(3, 10))), "text": None}
                    for q in self.gen.family_questions
                ],
            )
        if rng.random() < 0.1:
            given = self.between(self.start, self.last)
            self.sink.record(
                StaffFeedback,
                given,
                "Staff feedback",
                effective=given,
                id=self.gen.uuid(),
                given_on=given,
                team=rng.choice(TEAMS),
                anonymous=True,
                respondent=None,
                answers=[
                    {"question_code": q, "value": rng.randint(2, 10), "text": None}
                    for q in self.gen.staff_questions
                ],
            )

    def _allocations(self) -> None:
        rng, team = self.rng, self.rng.choice(TEAMS)
        starts = [self.start]
        if self.last - self.start > timedelta(days=200) and rng.random() < 0.3:
            starts.append(self.between(self.start + timedelta(days=90), self.last))
        for i, began in enumerate(starts):
            ended = starts[i + 1] if i + 1 < len(starts) else (self.end if self.closed else None)
            self.sink.record(
                Allocation,
                began,
                f"Allocated to {team}",
                effective=began,
                id=self.gen.uuid(),
                case_id=self.case_id,
                team=team,
                worker=rng.choice(WORKERS),
                allocated_on=began,
                ended_on=ended,
            )
            team = rng.choice([t for t in TEAMS if t != team])

    def _maps(self) -> list[tuple[date, uuid.UUID]]:
        days = [self.start + timedelta(days=7)]
        for child in self.children[:1]:
            days += [m[0] + timedelta(days=5) for m in child.moves[1:] if m[1] != "CLOSED"]
        maps = []
        for version, day in enumerate(d for d in days if d <= self.last):
            stages = self.stages_on(day)
            vocabulary = next((VOCABULARY[s] for s in stages if s in VOCABULARY), "SAFETY")
            context = (
                ["REUNIFICATION"]
                if "LAC" in stages and self.rng.random() < 0.5
                else ["CONFERENCE"]
                if "CP" in stages
                else ["ASSESSMENT"]
                if version == 0
                else ["REVIEW"]
            )
            affected = [str(c.id) for c in self.children]
            entries = [
                {
                    "category": "HARM",
                    "text": "Arrived at school hungry several times last month.",
                    "event_date": (day - timedelta(days=30)).isoformat(),
                    "event_date_precision": "MONTH",
                    "reported_by": "School",
                    "alternative_account": None,
                    "children_affected": affected,
                },
                {
                    "category": "EXISTING_STRENGTH",
                    "text": "Grandparent collects the children on Fridays.",
                    "event_date": None,
                    "event_date_precision": None,
                    "reported_by": None,
                    "alternative_account": None,
                    "children_affected": [],
                },
                {
                    "category": "NEXT_STEP",
                    "text": "Meet the wider family to build a network.",
                    "event_date": None,
                    "event_date_precision": None,
                    "reported_by": None,
                    "alternative_account": None,
                    "children_affected": [],
                },
            ]
            map_id = self.sink.record(
                AssessmentMap,
                day,
                f"Map version {version + 1}",
                effective=day,
                id=self.gen.uuid(),
                case_id=self.case_id,
                map_version=version + 1,
                context=context,
                vocabulary=vocabulary,
                mapped_on=day,
                participants=["Parent", "Worker"],
                entries=entries,
            )
            maps.append((day, map_id))
        return maps

    def _statements(self) -> list[tuple[uuid.UUID, date, str, date | None]]:
        rng, made = self.rng, self.start + timedelta(days=7)
        if made > self.last:
            return []
        found = []
        for _ in range(rng.choice([1, 1, 2, 2, 3])):
            duration = rng.choice(["P3M", "P6M"])
            months = 3 if duration == "P3M" else 6
            sustain_from = made + timedelta(days=rng.randrange(20, 120))
            met_on: date | None = _add_months(sustain_from, months) + timedelta(days=rng.randrange(1, 30))
            status = "goal_met"
            if met_on is None or met_on > self.last or rng.random() < 0.2:
                met_on, status = None, "active"
            if status == "active" and self.closed and rng.random() < 0.3:
                status = "withdrawn"
            position = rng.choice(["AGREES", "PARTLY_AGREES", "DISPUTES", "NOT_YET_ASKED"])
            sid = self.sink.record(
                DangerStatement,
                made,
                "Danger statement with its safety goal",
                effective=met_on,
                status=status,
                id=self.gen.uuid(),
                case_id=self.case_id,
                children=[str(c.id) for c in self.children],
                statement_kind="DANGER",
                who_is_worried=["School", "Social worker"],
                worried_about="When the adults argue after drinking, the children are in the room.",
                impact_on_child="The children hide and cannot sleep, and could be hurt.",
                if_nothing_changes="The children could be badly hurt and keep living in fear.",
                family_position=position,
                dispute_text="The parent says it was one argument." if position == "DISPUTES" else None,
                written_on=made,
                goal_parent_actions="The parent and two relatives keep the children away from arguments.",
                goal_child_experience="The children say they feel safe at home.",
                goal_professional_observation="School sees the children rested and on time.",
                goal_sustain_duration=duration,
                goal_sustain_from=sustain_from if sustain_from <= self.last else None,
                goal_met_on=met_on,
            )
            found.append((sid, made, status, met_on))
        return found

    def _scales(self, statements: list[tuple[uuid.UUID, date, str, date | None]]) -> list[uuid.UUID]:
        if not statements:
            return []
        scales = []
        for n in range(1 if self.rng.random() < 0.6 else 2):
            kind = "SAFETY" if n == 0 else "WELLBEING"
            scales.append(
                self.sink.record(
                    Scale,
                    statements[0][1],
                    f"{kind.title()} scale",
                    id=self.gen.uuid(),
                    case_id=self.case_id,
                    kind=kind,
                    defined_on=statements[0][1],
                    question="How safe are the children at home?",
                    anchor_0="The children cannot live at home.",
                    anchor_10="Safe enough to close the case.",
                    danger_statement_id=statements[0][0] if n == 0 else None,
                )
            )
        return scales

    def _ratings(self, scales: list[uuid.UUID]) -> None:
        rng = self.rng
        for scale_id in scales:
            day, value = self.start + timedelta(days=7), rng.randint(1, 5)
            for _ in range(rng.randint(2, 8)):
                if day > self.last:
                    break
                stages = self.stages_on(day) or frozenset({"EARLY_HELP"})
                worker = "EARLY_HELP_PRACTITIONER" if stages == {"EARLY_HELP"} else "SOCIAL_WORKER"
                others = [
                    "PARENT",
                    "OTHER_AGENCY_EDUCATION",
                    "NETWORK_MEMBER",
                    "CHILD",
                    "OTHER_AGENCY_HEALTH",
                ]
                if "CP" in stages:
                    others.append("CONFERENCE_CHAIR")
                if "LAC" in stages:
                    others.append("IRO")
                for role in [worker, *rng.sample(others, rng.randint(1, 3))]:
                    rated = max(0, min(10, value + rng.randint(-1, 2) + (2 if role == "PARENT" else 0)))
                    self.sink.record(
                        ScaleRating,
                        day,
                        f"{role.replace('_', ' ').lower()} rated {rated}",
                        effective=day,
                        id=self.gen.uuid(),
                        scale_id=scale_id,
                        scale_version=1,
                        case_id=self.case_id,
                        value=rated,
                        rater_name=f"{role.title()} rater",
                        rater_role=role,
                        rated_on=day,
                        context=rng.choice(["MAPPING", "HOME_VISIT", "REVIEW"]),
                        reason="Some safety is in place but not yet tested over time.",
                    )
                value = max(0, min(10, value + rng.choice([-1, 0, 1, 1, 2])))
                day += timedelta(days=rng.randint(30, 90))

    def _network(self, statements: list[tuple[uuid.UUID, date, str, date | None]]) -> list[Any]:
        rng, members = self.rng, []
        people = [
            ("GRANDPARENT", True),
            ("AUNT_UNCLE", True),
            ("FAMILY_FRIEND", True),
            ("NEIGHBOUR", True),
            ("TEACHER", False),
        ]
        if rng.random() < 0.1:
            return []
        for relation, natural in rng.sample(people, rng.randint(1, 4)):
            joined = self.start + timedelta(days=rng.randrange(14, 60))
            if joined > self.last:
                continue
            pid = self.gen.uuid()
            given = rng.choice(GIVEN_ADULTS + GIVEN_MEN)
            dob = joined - timedelta(days=rng.randrange(365 * 25, 365 * 70))
            self.sink.record(
                Person,
                joined,
                f"{given} {self.surname}",
                effective=dob,
                id=pid,
                given_name=given,
                family_name=self.surname if natural else "Teacher",
                date_of_birth=dob,
                sex=rng.choice("12"),
                ethnicity=rng.choice(ETHNICITIES),
            )
            told = []
            if rng.random() < 0.65:
                told = [
                    {"danger_statement_id": str(s[0]), "version": 1, "informed_on": joined.isoformat()}
                    for s in statements
                    if s[1] <= joined
                ]
            left = self.between(joined + timedelta(days=60), self.last) if rng.random() < 0.1 else None
            mid = self.sink.record(
                NetworkMember,
                joined,
                f"{relation.replace('_', ' ').lower()} joined the network",
                effective=joined,
                id=self.gen.uuid(),
                case_id=self.case_id,
                person_id=pid,
                relationship_to_child=relation,
                roles=rng.sample(
                    ["DAILY_CHECK_IN", "RESPITE_CARER", "SAFETY_PERSON_FOR_CHILD", "MONITOR"], 2
                ),
                naturally_connected=natural,
                joined_on=joined,
                left_on=left,
                informed=told,
            )
            members.append((mid, pid, joined, left))
        for _ in range(rng.randint(0, 3) if members else 0):
            held = self.between(min(m[2] for m in members), self.last)
            self.sink.record(
                NetworkMeeting,
                held,
                "Network meeting",
                effective=held,
                id=self.gen.uuid(),
                case_id=self.case_id,
                held_on=held,
                attendees=[{"network_member_id": str(m[0]), "name": None} for m in members if m[2] <= held]
                + [{"network_member_id": None, "name": "Social worker"}],
                purpose="Build and check the safety plan.",
                decisions="Daily check-ins agreed.",
            )
        return members

    def _plans(self, adults: list[uuid.UUID], members: list[Any], statements: list[Any]) -> list[Any]:
        rng = self.rng
        needs = self.ever("CP") or self.ever("LAC") or (self.ever("CIN") and rng.random() < 0.4)
        if not statements or not needs:
            return []
        plans: list[tuple[uuid.UUID, date]] = []
        agreed = statements[0][1] + timedelta(days=rng.randrange(14, 60))
        previous: uuid.UUID | None = None
        for version in range(1, rng.choice([2, 2, 3]) + 1):
            if agreed > self.last:
                break
            responsible = [m[1] for m in members if m[2] <= agreed and not m[3]] + adults
            rules = [
                {
                    "text": text,
                    "trigger": trigger,
                    "responsible_person_ids": [str(rng.choice(responsible))],
                    "monitor_person_ids": [],
                    "addresses_statement_ids": [str(statements[0][0])],
                }
                for text, trigger in (
                    ("The visitor does not stay when the children are home.", None),
                    (
                        "If the parent has had a drink, a relative takes the children.",
                        "If the parent has had a drink",
                    ),
                )
            ]
            review_by = _add_months(agreed, 3) - timedelta(days=rng.randrange(0, 14))
            later = _add_months(agreed, rng.randint(4, 9))
            superseded = version < 3 and later <= self.last and rng.random() < 0.5
            pid = self.sink.record(
                SafetyPlan,
                agreed,
                f"Safety plan version {version}",
                effective=agreed,
                id=self.gen.uuid(),
                case_id=self.case_id,
                plan_version=version,
                plan_status="SUPERSEDED" if superseded else "AGREED",
                title="Safety plan",
                rules=rules,
                bottom_lines=[
                    {
                        "text": "No unsupervised contact.",
                        "set_by": "Social worker",
                        "rationale": "Violence in the home.",
                    }
                ]
                if self.ever("CP")
                else [],
                review_by=review_by,
                agreed_on=agreed,
                child_friendly_version={
                    "format": "WORDS_AND_PICTURES",
                    "summary": "Mum keeps us safe with Nana's help.",
                    "document_ref": None,
                }
                if rng.random() < 0.6
                else None,
                supersedes_id=previous,
            )
            plans.append((pid, agreed))
            for n in range(rng.randint(0, 2)):
                reviewed = agreed + timedelta(days=30 * (n + 1))
                if reviewed > min(review_by, self.last):
                    break
                self.sink.record(
                    SafetyPlanReview,
                    reviewed,
                    "Safety plan reviewed",
                    effective=reviewed,
                    id=self.gen.uuid(),
                    safety_plan_id=pid,
                    case_id=self.case_id,
                    reviewed_on=reviewed,
                    rule_results=[
                        {
                            "rule_index": i + 1,
                            "kept": rng.choice(["YES", "YES", "PARTLY", "NO"]),
                            "note": None,
                        }
                        for i in range(len(rules))
                    ],
                    summary="Rules mostly kept.",
                )
            if not superseded:
                break
            previous, agreed = pid, later
        return plans

    def _voice(self) -> None:
        rng = self.rng
        for child in self.children:
            day = self.start + timedelta(days=rng.randrange(10, 40))
            while day <= self.last:
                if (day - child.dob).days >= 4 * 365 and rng.random() < 0.8:
                    tool = rng.choice(["THREE_HOUSES", "THREE_HOUSES", "SAFETY_HOUSE"])
                    self.sink.record(
                        ChildVoiceRecord,
                        day,
                        "The child's own words",
                        effective=day,
                        id=self.gen.uuid(),
                        case_id=self.case_id,
                        child_id=child.id,
                        tool=tool,
                        recorded_on=day,
                        worker=rng.choice(WORKERS),
                        items=[
                            {"section": s, "child_words": rng.choice(CHILD_WORDS), "drawing_ref": None}
                            for s in SECTIONS[tool]
                        ],
                        read_back_to_child=True,
                        safety_path_position=rng.randint(2, 9) if tool == "SAFETY_HOUSE" else None,
                        child_agreed_sharing_with=[{"person_id": None, "name": "My teacher"}],
                    )
                day += timedelta(days=rng.randint(90, 240))

    def _words(self, adults: list[tuple[str, str, str]]) -> list[tuple[uuid.UUID, date]]:
        rng = self.rng
        if not (self.ever("CIN") and rng.random() < 0.6):
            return []
        made = self.between(self.start + timedelta(days=20), self.start + timedelta(days=120))
        shared = made + timedelta(days=rng.randrange(3, 20))
        is_shared = shared <= self.last and rng.random() < 0.7
        wid = self.sink.record(
            WordsAndPictures,
            made,
            "Words and pictures",
            effective=shared if is_shared else None,
            id=self.gen.uuid(),
            case_id=self.case_id,
            purpose="WHY_IN_CARE" if self.ever("LAC") else "WHY_INVOLVED",
            audience_children=[str(c.id) for c in self.children],
            co_authors=[f"{adults[0][1]} {self.surname} (mother)"],
            document_status="SHARED" if is_shared else "DRAFT",
            shared_on=shared if is_shared else None,
            document_ref=None,
            summary="Why workers are visiting, told with Mum's drawings.",
        )
        return [(wid, made)]

    def _milestones(self) -> list[tuple[uuid.UUID, date]]:
        rng, found = self.rng, []
        for n in range(rng.randint(1, 3)):
            planned = self.start + timedelta(days=30 * (n + 1) + rng.randrange(20))
            status = (
                "PLANNED" if planned > HORIZON else rng.choice(["DONE", "DONE", "DONE", "SLIPPED", "DROPPED"])
            )
            actual = planned + timedelta(days=rng.randrange(0, 10)) if status == "DONE" else None
            if actual is not None and actual > HORIZON:
                status, actual = "PLANNED", None
            mid = self.sink.record(
                Milestone,
                self.start,
                "Trajectory milestone",
                effective=actual or planned,
                id=self.gen.uuid(),
                case_id=self.case_id,
                description="Network meeting held",
                planned_date=planned,
                actual_date=actual,
                milestone_status=status,
            )
            found.append((mid, self.start))
        return found

    def _transitions(
        self, maps: Any, statements: Any, scales: Any, members: Any, plans: Any, words: Any, milestones: Any
    ) -> None:
        for child in self.children:
            for day, to, frm, cont, kind, _ in child.moves:
                latest_map = [m for d, m in maps if d <= day]
                carried = {
                    "map_version_id": str(latest_map[-1]) if latest_map else None,
                    "danger_statements": [
                        {"id": str(s[0]), "version": 1}
                        for s in statements
                        if s[1] <= day and (s[2] == "active" or (s[3] is not None and s[3] > day))
                    ],
                    "scales": [str(s) for s in scales] if statements and statements[0][1] <= day else [],
                    "network_member_ids": [
                        str(m[0]) for m in members if m[2] <= day and (m[3] is None or m[3] > day)
                    ],
                    "safety_plan_id": next((str(p) for p, d in reversed(plans) if d <= day), None),
                    "milestone_ids": [str(m) for m, d in milestones if d <= day],
                    "words_and_pictures_ids": [str(w) for w, d in words if d <= day],
                }
                self.sink.record(
                    StageTransition,
                    day,
                    f"{kind.replace('_', ' ').title()}: {frm or 'front door'} -> {to}",
                    case_id=self.case_id,
                    effective=day,
                    id=self.gen.uuid(),
                    child_id=child.id,
                    from_stage=frm,
                    to_stage=to,
                    kind=kind,
                    from_stage_continues=cont,
                    effective_date=day,
                    reason="Decision at the weekly allocation meeting.",
                    decided_by="Team manager",
                    carried_forward=carried,
                )


def _subject(model: Any, record_id: uuid.UUID, fields: dict[str, Any]) -> tuple[Any, Any]:
    """Whose record it is, exactly as the API's record kinds say (service/*/endpoints.py)."""
    if model is Person:
        return None, record_id
    if model is Case:
        return record_id, None
    if model is CaseMember:
        return fields["case_id"], fields["person_id"] if fields["role"] == "CHILD" else None
    return fields.get("case_id"), fields.get("child_id")


class Generator:
    def __init__(self, session: Session | None, la_code: str, seed: int) -> None:
        self.rng = random.Random(seed)
        self.sink = Sink(session, la_code)
        self.family_questions = sorted(_codes("family_feedback_question"))
        self.staff_questions = sorted(_codes("staff_feedback_question"))

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def family_sizes(self, children: int) -> Iterator[int]:
        left = children
        while left > 0:
            size = min(left, self.rng.choices([1, 2, 3, 4], weights=[40, 35, 17, 8])[0])
            left -= size
            yield size


def generate(session: Session | None, children: int, seed: int, la_code: str = "990") -> Summary:
    """Generate ``children`` children in families for ``la_code``; with no session, only the digest.

    The caller commits. Generating the same seed twice into one database is refused (same ids).
    """
    started = clock.perf_counter()
    _check_codes()
    gen = Generator(session, la_code, seed)
    summary = Summary(la_code=la_code, seed=seed)
    for n, size in enumerate(gen.family_sizes(children)):
        family = Family(gen, size)
        if n == 0 and session is not None and session.get(Case, family.case_id) is not None:
            raise ValueError(f"Seed {seed} was already generated into this database for some authority.")
        family.write()
        summary.families += 1
        summary.children += size
        if summary.families % BATCH_FAMILIES == 0:
            gen.sink.flush()
    gen.sink.flush()
    summary.records = gen.sink.counts
    summary.digest = gen.sink.hash.hexdigest()
    summary.seconds = clock.perf_counter() - started
    return summary


def _check_codes() -> None:
    """Every code this module writes is a current code of its list (fails loudly if a list changes)."""
    used = {
        "stage": {s for _, steps in JOURNEYS.values() for s, *_ in steps},
        "relationship_type": {
            "MOTHER",
            "FATHER",
            "PARENT_PARTNER",
            "STEP_PARENT",
            "GRANDPARENT",
            "AUNT_UNCLE",
            "FAMILY_FRIEND",
            "NEIGHBOUR",
            "TEACHER",
        },
        "ethnicity": set(ETHNICITIES),
        "vocabulary": {"SAFETY", *VOCABULARY.values()},
        "map_context": {"REUNIFICATION", "CONFERENCE", "ASSESSMENT", "REVIEW"},
        "family_position": {"AGREES", "PARTLY_AGREES", "DISPUTES", "NOT_YET_ASKED"},
        "rater_role": {
            "SOCIAL_WORKER",
            "EARLY_HELP_PRACTITIONER",
            "PARENT",
            "OTHER_AGENCY_EDUCATION",
            "NETWORK_MEMBER",
            "CHILD",
            "OTHER_AGENCY_HEALTH",
            "CONFERENCE_CHAIR",
            "IRO",
        },
        "rating_context": {"MAPPING", "HOME_VISIT", "REVIEW"},
        "network_role": {"DAILY_CHECK_IN", "RESPITE_CARER", "SAFETY_PERSON_FOR_CHILD", "MONITOR"},
        "child_voice_tool": set(SECTIONS),
        "child_voice_section": {s for v in SECTIONS.values() for s in v},
        "milestone_status": {"PLANNED", "DONE", "SLIPPED", "DROPPED"},
        "rule_kept": {"YES", "PARTLY", "NO"},
        "safety_plan_status": {"AGREED", "SUPERSEDED"},
        "words_pictures_purpose": {"WHY_IN_CARE", "WHY_INVOLVED"},
        "words_pictures_status": {"SHARED", "DRAFT"},
        "scale_kind": {"SAFETY", "WELLBEING"},
        "statement_kind": {"DANGER"},
        "map_entry_category": {"HARM", "EXISTING_STRENGTH", "NEXT_STEP"},
        "date_precision": {"MONTH"},
        "sex": {"1", "2"},
        "person_role": {"CHILD", "ADULT"},
    }
    for list_id, codes in used.items():
        unknown = codes - _codes(list_id)
        if unknown:
            raise RuntimeError(f"generator uses codes not in {list_id}: {sorted(unknown)}")


def existing(session: Session, la_code: str) -> int:
    """How many generated cases the authority already has."""
    return len(
        session.scalars(select(Case.id).where(Case.la_code == la_code, Case.reference.like("GEN-%"))).all()
    )
