"""Units of work run many to a transaction (group commit), each in its own savepoint: one unit's
refusal or failure never touches another's writes, and nothing is answered before the commit."""

from __future__ import annotations

import asyncio
import threading
import uuid
from datetime import date

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import DBAPIError

from service.db import Job, get_engine, ran_too_long, run_batch
from service.kit.errors import RuleViolation
from service.kit.work import ServiceBusy, UnitRunner
from service.models import Case


def _opens(title: str):
    def work(session):
        session.add(
            Case(
                id=uuid.uuid4(),
                la_code="990",
                title=title,
                opened_on=date(2025, 1, 1),
                created_by="unit-test",
                updated_by="unit-test",
            )
        )
        session.flush()
        return title

    return work


def _opens_then_refuses(title: str):
    def work(session):
        _opens(title)(session)
        raise RuleViolation("refused after writing", requirement="SOS-REC-006")

    return work


def _titles(db, *titles: str) -> set[str]:
    db.expire_all()
    return set(db.scalars(select(Case.title).where(Case.title.in_(titles))))


def test_a_refused_unit_rolls_back_alone(migrated, db):
    tag = uuid.uuid4().hex[:8]
    a, b, c = f"batch-a-{tag}", f"batch-b-{tag}", f"batch-c-{tag}"
    outcomes = run_batch([Job(_opens(a)), Job(_opens_then_refuses(b)), Job(_opens(c))])
    assert [ok for ok, _ in outcomes] == [True, False, True]
    assert isinstance(outcomes[1][1], RuleViolation)
    assert _titles(db, a, b, c) == {a, c}


def test_units_of_a_batch_see_each_other_in_order(migrated, db):
    tag = uuid.uuid4().hex[:8]

    def counts(session):
        return session.scalar(select(Case.id).where(Case.title == f"seen-{tag}")) is not None

    outcomes = run_batch([Job(counts, reads=True), Job(_opens(f"seen-{tag}")), Job(counts, reads=True)])
    assert [value for _, value in outcomes] == [False, f"seen-{tag}", True]


def test_concurrent_requests_share_commits_and_all_get_their_answer(migrated, db):
    """Many requests in flight on one slot: every unit runs once and is committed when answered."""
    runner = UnitRunner(slots=1, queue_limit=1000, queue_seconds=30)
    tag = uuid.uuid4().hex[:8]
    titles = [f"many-{tag}-{i}" for i in range(60)]

    async def all_of_them():
        return await asyncio.gather(*(runner.run(_opens(t)) for t in titles))

    commits = []

    def counted(connection):
        commits.append(connection)

    engine = get_engine()
    event.listen(engine, "commit", counted)
    try:
        assert asyncio.run(all_of_them()) == titles
    finally:
        event.remove(engine, "commit", counted)
    assert _titles(db, *titles) == set(titles)
    assert len(commits) < len(titles) / 2, "units waiting together are committed together"


def _reads_then_refuses(session):
    session.scalar(select(Case.id).limit(1))
    raise RuleViolation("refused while reading", requirement="SOS-REC-006")


def test_a_reading_unit_refused_leaves_the_others_writes(migrated, db):
    """A reading unit runs with no savepoint: its refusal must not roll back the shared transaction."""
    tag = uuid.uuid4().hex[:8]
    a, c = f"read-a-{tag}", f"read-c-{tag}"
    outcomes = run_batch([Job(_opens(a)), Job(_reads_then_refuses, reads=True), Job(_opens(c))])
    assert [ok for ok, _ in outcomes] == [True, False, True]
    assert isinstance(outcomes[1][1], RuleViolation)
    assert _titles(db, a, c) == {a, c}


def test_a_database_error_in_a_reading_unit_runs_each_unit_alone(migrated, db):
    """A statement the database refuses may spoil the shared transaction (PostgreSQL): the batch is
    rolled back and every unit run again alone, so each gets its own true answer."""
    tag = uuid.uuid4().hex[:8]
    a, c = f"spoilt-a-{tag}", f"spoilt-c-{tag}"

    def bad_statement(session):
        session.execute(text("SELECT no_such_column FROM cases"))

    outcomes = run_batch([Job(_opens(a)), Job(bad_statement, reads=True), Job(_opens(c))])
    assert [ok for ok, _ in outcomes] == [True, False, True]
    assert isinstance(outcomes[1][1], DBAPIError)
    assert _titles(db, a, c) == {a, c}


def test_a_unit_marked_alone_keeps_no_other_request_waiting(migrated, db):
    """A unit that reads an authority's whole history (a return, the measures) is taken by a worker
    together with others but runs in a transaction of its own, after them: a write queued beside it
    has its answer before the long unit even starts. (The events below are guards against a hang.)"""

    runner = UnitRunner(slots=1, queue_limit=10, queue_seconds=30)
    title = f"beside-alone-{uuid.uuid4().hex[:8]}"
    busy, release, writer_answered = threading.Event(), threading.Event(), threading.Event()

    def holds_the_worker(session):
        busy.set()
        return release.wait(timeout=30)

    def long_read(session):
        return writer_answered.wait(timeout=10)

    async def scenario():
        blocker = asyncio.ensure_future(runner.run(holds_the_worker))
        await asyncio.get_running_loop().run_in_executor(None, busy.wait, 30)
        alone = asyncio.ensure_future(runner.run(long_read, alone=True))
        writer = asyncio.ensure_future(runner.run(_opens(title)))
        writer.add_done_callback(lambda _: writer_answered.set())
        await asyncio.sleep(0)  # both are queued while the worker is held: it takes them together
        release.set()
        return await asyncio.gather(blocker, alone, writer)

    held, writer_was_answered_first, written = asyncio.run(scenario())
    assert held and written == title
    assert writer_was_answered_first, "the write waited for the long unit it was taken with"
    assert _titles(db, title) == {title}


def _runaway_statement(url: str) -> str:
    """A statement that runs for half a minute or more on the run's database, reading nothing of it."""
    if url.startswith("sqlite"):
        return (
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000000) "
            "SELECT count(*) FROM n"
        )
    return "SELECT pg_sleep(30)"


@pytest.fixture()
def half_a_second_limit(migrated, monkeypatch):
    """The service's engine with ``statement_seconds`` at 0.5 for the test, then as before."""
    import service.db as service_db
    from service.config import get_settings

    cached = (get_settings, service_db.get_engine, service_db.get_sessionmaker)
    monkeypatch.setenv("SOS_STATEMENT_SECONDS", "0.5")
    for function in cached:
        function.cache_clear()
    yield
    service_db.get_engine().dispose()
    monkeypatch.delenv("SOS_STATEMENT_SECONDS")
    for function in cached:
        function.cache_clear()


def _stopped(outcome) -> None:
    with pytest.raises(ServiceBusy) as stopped:
        asyncio.run(outcome)
    assert stopped.value.status == 503 and stopped.value.headers["Retry-After"] == "1"
    assert "longer than the service allows (0.5 s)" in stopped.value.detail


def test_a_statement_past_the_limit_is_stopped_and_its_unit_answered_503(migrated, db, half_a_second_limit):
    """No statement runs longer than ``statement_seconds``: the database stops it (PostgreSQL's
    statement_timeout, SQLite's progress handler), the unit's writes are rolled back and its request
    is answered 503 with Retry-After, never a 500 or a hang; the next unit on the same connection
    runs as usual."""
    runner = UnitRunner(slots=1, queue_limit=10, queue_seconds=30)
    title = f"runaway-{uuid.uuid4().hex[:8]}"

    def writes_then_runs_away(session):
        _opens(title)(session)
        session.execute(text(_runaway_statement(migrated)))

    _stopped(runner.run(writes_then_runs_away))
    assert _titles(db, title) == set(), "nothing of a stopped unit is saved"
    assert asyncio.run(runner.run(_opens(title))) == title
    assert _titles(db, title) == {title}


def test_a_reading_unit_past_the_limit_is_not_run_again(migrated, db, half_a_second_limit):
    """A reading unit shares the batch's transaction, so a statement of it stopped rolls the batch
    back: the other units run again alone and are saved, and the stopped one is answered, not run a
    second time only to be stopped again."""
    tag = uuid.uuid4().hex[:8]
    a, c = f"beside-runaway-a-{tag}", f"beside-runaway-c-{tag}"
    runs = []

    def runs_away(session):
        runs.append(1)
        session.execute(text(_runaway_statement(migrated)))

    outcomes = run_batch([Job(_opens(a)), Job(runs_away, reads=True), Job(_opens(c))])
    assert [ok for ok, _ in outcomes] == [True, False, True]
    assert ran_too_long(outcomes[1]) and len(runs) == 1
    assert _titles(db, a, c) == {a, c}


def test_a_unit_waits_for_a_lock_no_longer_than_the_limit(migrated, db, half_a_second_limit):
    """Another transaction holds what the units need (PostgreSQL: the case's row, locked FOR UPDATE;
    SQLite: the database's one write lock, as another process would): each unit waiting is answered 503
    with Retry-After once the limit has passed, nothing saved, and runs as usual once the lock is gone."""
    from sqlalchemy.orm import Session

    from service.db import make_engine

    tag = uuid.uuid4().hex[:8]
    held = asyncio.run(UnitRunner(slots=1, queue_limit=10, queue_seconds=30).run(_opens(f"held-{tag}")))
    case_id = db.scalar(select(Case.id).where(Case.title == held))
    titles = [f"waiting-{tag}-{i}" for i in range(3)]

    def locks_then_writes(title):
        def work(session):
            session.get(Case, case_id, with_for_update=True)
            return _opens(title)(session)

        return work

    async def all_of_them(runner):
        return await asyncio.gather(
            *(runner.run(locks_then_writes(t)) for t in titles), return_exceptions=True
        )

    other = make_engine(migrated, statement_seconds=60)
    locked, answered = threading.Event(), threading.Event()

    def holds_the_lock():
        with Session(other) as holder, holder.begin():
            holder.get(Case, case_id, with_for_update=True)
            locked.set()
            answered.wait(timeout=20)  # a guard: with no limit the units would wait here, then pass

    holder = threading.Thread(target=holds_the_lock)
    try:
        holder.start()
        assert locked.wait(timeout=30)
        answers = asyncio.run(all_of_them(UnitRunner(slots=1, queue_limit=10, queue_seconds=30)))
        answered.set()
        holder.join()
        for answer in answers:
            assert isinstance(answer, ServiceBusy) and answer.headers["Retry-After"] == "1", answer
        assert _titles(db, *titles) == set()
        again = asyncio.run(all_of_them(UnitRunner(slots=1, queue_limit=10, queue_seconds=30)))
        assert again == titles and _titles(db, *titles) == set(titles)
    finally:
        answered.set()
        holder.join()
        other.dispose()


class _Deadlock(Exception):
    """What psycopg raises when PostgreSQL ends a transaction to break a deadlock (SQLSTATE 40P01)."""

    sqlstate = "40P01"


def test_a_unit_that_keeps_losing_lock_races_is_tried_again_then_answered_503(migrated, db):
    """A unit refused only because another transaction held its rows is run again; one that still loses
    is answered 503 with Retry-After (nothing was saved, the same request may succeed), never a 500."""
    runner = UnitRunner(slots=1, queue_limit=10, queue_seconds=30)
    tries = []

    def deadlocks(session):
        tries.append(1)
        raise DBAPIError("UPDATE ...", {}, _Deadlock("deadlock detected"))

    def deadlocks_once(session):
        tries.append(1)
        if len(tries) == 1:
            raise DBAPIError("UPDATE ...", {}, _Deadlock("deadlock detected"))
        return "done"

    with pytest.raises(ServiceBusy) as refused:
        asyncio.run(runner.run(deadlocks))
    assert len(tries) == 5
    assert refused.value.status == 503 and refused.value.headers["Retry-After"] == "1"
    tries.clear()
    assert asyncio.run(runner.run(deadlocks_once)) == "done"
    assert len(tries) == 2
