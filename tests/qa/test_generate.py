"""The generator: invented journeys for authority 991 in the run's database, checked for shape,
validity and determinism, and the measures computed on them.

(10,000 children are for the benchmark, bench/measures.py; here 200 keep the suite fast.)
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from service.fixtures.generate import generate
from service.models import Case, RecordVersion, StageTransition
from service.models.assessment import DangerStatement, ScaleRating
from service.models.planning import NetworkMember, SafetyPlan
from service.qa.measures import MEASURES, Period, compute_measures
from service.stages.moves import TransitionFact, replay

LA = "991"
SEED = 20260301
CHILDREN = 200
RECORD_TYPES = {
    "person",
    "case",
    "case_member",
    "allocation",
    "stage_transition",
    "assessment_map",
    "danger_statement",
    "scale",
    "scale_rating",
    "network_member",
    "network_meeting",
    "safety_plan",
    "safety_plan_review",
    "child_voice_record",
    "words_and_pictures",
    "milestone",
    "family_feedback",
}


@pytest.fixture(scope="module")
def generated(migrated: str) -> Any:
    from service.db import get_sessionmaker

    with get_sessionmaker()() as session, session.begin():
        return generate(session, CHILDREN, SEED, LA)


def test_every_record_type_and_its_version_row(generated: Any, db: Any) -> None:
    assert generated.children == CHILDREN and 50 <= generated.families <= CHILDREN
    assert {t for t, n in generated.records.items() if n > 0} >= RECORD_TYPES
    stored = Counter(
        dict(
            db.execute(
                select(RecordVersion.record_type, func.count())
                .where(RecordVersion.la_code == LA, RecordVersion.recorded_by == "generator")
                .group_by(RecordVersion.record_type)
            ).all()
        )
    )
    assert stored == generated.records  # one version-1 row per generated record
    cases = db.scalar(
        select(func.count()).select_from(Case).where(Case.la_code == LA, Case.created_by == "generator")
    )
    assert cases == generated.families


def test_every_stage_and_move_is_reached_and_valid(generated: Any, db: Any) -> None:
    rows = db.execute(
        select(
            StageTransition.child_id,
            StageTransition.effective_date,
            StageTransition.from_stage,
            StageTransition.to_stage,
            StageTransition.from_stage_continues,
            StageTransition.kind,
        )
        .where(StageTransition.la_code == LA, StageTransition.created_by == "generator")
        .order_by(StageTransition.child_id, StageTransition.effective_date, StageTransition.created_at)
    ).all()
    assert {r.to_stage for r in rows} == {"EARLY_HELP", "CIN", "CP", "LAC", "CARE_LEAVER", "CLOSED"}
    assert {r.kind for r in rows} == {
        "OPEN",
        "STEP_UP",
        "STEP_DOWN",
        "INTO_CARE",
        "RETURN_HOME",
        "LEAVING_CARE",
        "CLOSE",
    }
    assert any(r.from_stage_continues for r in rows)  # CP continuing into care
    by_child: dict[Any, list[TransitionFact]] = {}
    for r in rows:
        by_child.setdefault(r.child_id, []).append(
            TransitionFact(r.effective_date, r.from_stage, r.to_stage, r.from_stage_continues)
        )
    for facts in by_child.values():
        replay(facts)  # raises if any move breaks the rules
    assert len(by_child) == CHILDREN


def test_goals_are_met_only_after_their_sustain_period(generated: Any, db: Any) -> None:
    import isodate

    met = db.execute(
        select(
            DangerStatement.goal_sustain_from,
            DangerStatement.goal_sustain_duration,
            DangerStatement.goal_met_on,
        ).where(DangerStatement.la_code == LA, DangerStatement.status == "goal_met")
    ).all()
    assert met
    assert all(start + isodate.parse_duration(duration) <= on for start, duration, on in met)
    raters = set(db.scalars(select(ScaleRating.rater_role).where(ScaleRating.la_code == LA).distinct()))
    assert len(raters) >= 5
    informed = db.scalars(select(NetworkMember.informed).where(NetworkMember.la_code == LA)).all()
    assert any(informed) and not all(informed)
    assert db.scalar(
        select(func.count())
        .select_from(SafetyPlan)
        .where(SafetyPlan.la_code == LA, SafetyPlan.plan_status == "SUPERSEDED")
    )


def test_the_same_seed_gives_the_same_rows(generated: Any) -> None:
    again = generate(None, CHILDREN, SEED, LA)  # builds the rows, writes nothing
    assert again.digest == generated.digest and again.records == generated.records
    assert generate(None, CHILDREN, SEED + 1, LA).digest != generated.digest


def test_generating_the_same_seed_twice_is_refused(generated: Any) -> None:
    from service.db import get_sessionmaker

    with get_sessionmaker()() as session, pytest.raises(ValueError, match="already generated"):
        generate(session, 5, SEED, LA)


def test_measures_on_generated_data(generated: Any) -> None:
    from service.db import get_sessionmaker

    with get_sessionmaker()() as session:
        results = compute_measures(
            session, LA, Period.between(Period.month("2025-01").start, Period.month("2025-12").end)
        )
    assert [r.code for r in results] == [m.code for m in MEASURES]
    for r in results:
        if r.not_computable:
            assert r.code == "M13" and r.value is None
            continue
        assert r.denominator is not None and r.denominator > 0, r.code
        assert 0 <= (r.numerator or 0) <= r.denominator, r.code
        if r.value_kind == "ratio":
            assert r.value is not None and 0 <= r.value <= 1, r.code
