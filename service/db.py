"""Engine, sessions and the one place where a transaction ends (:func:`unit_of_work`).

The pool has exactly as many connections as the process has slots for units of work
(:mod:`service.kit.work`), so a unit never waits for a connection. SQLite has one slot: it allows
one writer, and every request writes (at least its audit event), so its units take the write lock
at ``BEGIN IMMEDIATE`` and run one after another in the process, with no spinning on SQLite's busy
handler. Several processes on one SQLite file wait for each other through ``busy_timeout``.

No statement runs longer than ``statement_seconds`` (settings; 15 s unless set): PostgreSQL cancels
it (``statement_timeout``, waits for locks included), SQLite interrupts it (a progress handler that
looks at the statement's deadline) and waits no longer than that for another process's write lock
(``busy_timeout``). The unit is refused, nothing of it is saved, and its request is
answered 503 with ``Retry-After`` (:mod:`service.kit.work`): a query that runs away, on a planner
without statistics say, holds a worker for seconds, not for good.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from service.config import get_settings

T = TypeVar("T")
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
"""Alembic's scripts: the only way a schema is made (see service/ops/migrate.py)."""


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def db_slots(url: str) -> int:
    """How many units of work a process runs at once: SQLite's one writer, or the pool size."""
    return 1 if is_sqlite(url) else get_settings().db_pool_size


def make_engine(url: str, *, immediate: bool = True, statement_seconds: float | None = None) -> Engine:
    """The service's engine. ``immediate=False`` gives a SQLite engine for looking only (tests, tools):
    the driver's default transactions, which never hold the write lock while reading.
    ``statement_seconds``: the longest a statement may run (the settings' unless given)."""
    limit = get_settings().statement_seconds if statement_seconds is None else statement_seconds
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"timeout": limit, "check_same_thread": False},
            pool_size=1,
            max_overflow=0,
            pool_timeout=30,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
            if immediate:  # the driver's own transactions off, so BEGIN IMMEDIATE can be sent
                dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={max(1, round(limit * 1000))}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
            info = record.info  # the dict a Connection on this driver connection sees as .info
            dbapi_connection.set_progress_handler(
                lambda: time.monotonic() > info.get(DEADLINE, math.inf), SQLITE_STEPS_BETWEEN_LOOKS
            )

        @event.listens_for(engine, "before_cursor_execute")
        def _statement_deadline(connection: Any, *_: Any) -> None:
            connection.info[DEADLINE] = time.monotonic() + limit

        if immediate:

            @event.listens_for(engine, "begin")
            def _begin_immediate(connection: Any) -> None:
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return _plain_savepoints(engine)
    size = get_settings().db_pool_size
    return _plain_savepoints(
        create_engine(
            url,
            pool_size=size,
            max_overflow=2,
            pool_timeout=30,
            pool_pre_ping=True,
            connect_args={"options": f"-c statement_timeout={max(1, round(limit * 1000))}"},
        )
    )


DEADLINE = "statement_deadline"
SQLITE_STEPS_BETWEEN_LOOKS = 100_000
"""SQLite calls the progress handler every this many virtual machine steps (well under a
millisecond): a short statement is never looked at, a long one is stopped soon after its deadline."""


def _plain_savepoints(engine: Engine) -> Engine:
    """Savepoints sent as SQL text. SQLAlchemy compiles each savepoint statement afresh (their names
    vary, so its statement cache cannot keep them), and every writing unit in a batch takes a
    savepoint and releases it: about a seventh of a create's time in the worker. The statements and
    their names are SQLAlchemy's own; only the compiling is skipped."""
    quote = engine.dialect.identifier_preparer.quote

    def savepoint(connection: Connection, name: str) -> None:
        connection.exec_driver_sql(f"SAVEPOINT {quote(name)}")

    def release(connection: Connection, name: str) -> None:
        connection.exec_driver_sql(f"RELEASE SAVEPOINT {quote(name)}")

    def rollback_to(connection: Connection, name: str) -> None:
        connection.exec_driver_sql(f"ROLLBACK TO SAVEPOINT {quote(name)}")

    setattr(engine.dialect, "do_savepoint", savepoint)  # noqa: B010 (this engine's dialect only)
    setattr(engine.dialect, "do_release_savepoint", release)  # noqa: B010
    setattr(engine.dialect, "do_rollback_to_savepoint", rollback_to)  # noqa: B010
    return engine


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def get_sessionmaker() -> sessionmaker[Session]:
    return sessionmaker(bind=get_engine(), expire_on_commit=False, autoflush=True)


Outcome = tuple[bool, Any]
"""``(True, result)`` of a unit that committed, or ``(False, exception)`` of one that was refused."""


@dataclass(frozen=True)
class Job:
    """A unit of work as :func:`run_batch` runs it.

    ``reads`` marks a unit that writes nothing but its audit events, as its last statement
    (:func:`service.kit.records.read`): a refusal it raises comes before any write, so in a shared
    transaction it needs no savepoint of its own. Every other unit runs in a savepoint.

    ``alone`` marks a unit that reads an authority's whole history: it is given a batch of its own
    (:class:`service.kit.work.UnitRunner`), never one whose other units would wait on it."""

    work: Callable[[Session], Any]
    reads: bool = False
    alone: bool = False


def run_batch(jobs: Sequence[Job]) -> list[Outcome]:
    """Run units of work in one transaction and commit once (group commit); the one place a request's
    transaction ends.

    A writing unit runs in its own savepoint and its own session: one that raises is rolled back to
    its savepoint alone and its exception returned; the others are unaffected. A reading unit runs in
    the shared transaction itself; if the database refuses one of its statements (which may spoil the
    whole transaction on PostgreSQL), the batch is rolled back and every unit run again alone. A unit
    that lost a lock race to another transaction (PostgreSQL reports a deadlock or a serialisation
    failure) is run again alone after the batch. If the commit itself fails, nothing of the batch was
    saved, and each unit is run again alone, so each gets its own true answer. Past the statement
    limit (:func:`ran_too_long`), nothing is run again that would only meet it again: a reading unit
    stopped so is answered so (the others run again alone), and a batch that could not begin (SQLite:
    another process held the write lock that long) answers every unit so.
    """
    if len(jobs) == 1:  # nothing to share a commit with: the unit's own transaction, no savepoint
        return [_alone(jobs[0].work)]
    began, outcomes = False, []
    try:
        with get_engine().connect() as connection, connection.begin():
            began = True
            for job in jobs:
                outcomes.append(_in_batch(connection, job))
    except Exception as exc:
        if not ran_too_long((False, exc)):
            return [_alone(job.work) for job in jobs]
        if not began:
            return [(False, exc) for _ in jobs]
        stopped = len(outcomes)  # the unit that raised (outside any unit: the commit, and none)
        return [(False, exc) if i == stopped else _alone(job.work) for i, job in enumerate(jobs)]
    return [
        _alone(job.work) if lost_a_race(outcome) else outcome
        for job, outcome in zip(jobs, outcomes, strict=True)
    ]


def _in_batch(connection: Connection, job: Job) -> Outcome:
    if not job.reads:
        return _in_savepoint(connection, job.work)
    session = Session(bind=connection, join_transaction_mode="rollback_only", expire_on_commit=False)
    try:
        return True, job.work(session)
    except DBAPIError:
        raise  # the shared transaction may be spoiled: run_batch rolls it back and runs each alone
    except Exception as exc:
        return False, exc
    finally:
        session.close()


def _in_savepoint(connection: Connection, work: Callable[[Session], Any]) -> Outcome:
    """Run a writing unit in its own savepoint of the batch's transaction, with a session of its own
    that joins that savepoint (``rollback_only``: a failed flush rolls back the savepoint, never the
    batch). The savepoint is taken on the connection, not by the session: the session's own
    savepoint handling made a bare unit about a fifth dearer."""
    savepoint = connection.begin_nested()
    session = Session(bind=connection, join_transaction_mode="rollback_only", expire_on_commit=False)
    try:
        result = work(session)
        session.flush()
    except Exception as exc:
        if savepoint.is_active:
            savepoint.rollback()
        return False, exc
    finally:
        session.close()
    savepoint.commit()
    return True, result


RETRYABLE = {"40001", "40P01"}  # serialization_failure, deadlock_detected (PostgreSQL SQLSTATE)
QUERY_CANCELED = "57014"  # PostgreSQL's statement_timeout


SQLITE_STOPPED = {"interrupted", "database is locked"}  # past the deadline; another's lock held too long


def ran_too_long(outcome: Outcome) -> bool:
    """Whether a unit was stopped because a statement of it ran, or waited for a lock, past
    ``statement_seconds`` (nothing of it was saved)."""
    ok, value = outcome
    if ok or not isinstance(value, DBAPIError):
        return False
    if getattr(value.orig, "sqlstate", None) == QUERY_CANCELED:
        return True
    return type(value.orig).__name__ == "OperationalError" and str(value.orig) in SQLITE_STOPPED


def lost_a_race(outcome: Outcome) -> bool:
    """Whether a unit was refused only because another transaction took the same rows at the same
    moment (nothing of it was saved; the same request sent again can succeed)."""
    ok, value = outcome
    return not ok and isinstance(value, DBAPIError) and getattr(value.orig, "sqlstate", None) in RETRYABLE


def _alone(work: Callable[[Session], Any], attempts: int = 5) -> Outcome:
    """Run a unit in its own transaction; one that lost a lock race runs again, after a short random
    pause that grows with each attempt (so two units that deadlocked do not meet again at once)."""
    for attempt in range(attempts):
        if attempt:
            time.sleep(random.uniform(0.005, 0.02) * attempt)
        try:
            return True, unit_of_work(work)
        except Exception as exc:
            outcome: Outcome = (False, exc)
            if not lost_a_race(outcome):
                return outcome
    return outcome


def unit_of_work(work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction: it commits when ``work`` returns and rolls back if it raises.

    The one place a request's transaction ends. Called in a worker thread by
    :func:`service.kit.work.run_unit`; the thread that took the connection is the one that commits it.
    """
    with get_sessionmaker()() as session, session.begin():
        return work(session)


def head_revision() -> str | None:
    """The revision the migrations end at: what a ready database is at."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()
