"""How a request does its database work: one unit, run by a worker thread, committed before the answer.

Every endpoint is ``async``: parsing, the token check and serialising run on the event loop, and
the database work of a request is **one unit** (:func:`run_unit`), a function of a session. Units
are run by a fixed set of worker threads, ``slots`` of them (the pool has exactly that many
connections; SQLite has one slot, its one writer). A worker takes the units waiting when it is free
(at most ``batch_max``) and runs them **in one transaction, each in its own savepoint and its own
session** (:func:`service.db.run_batch`): a unit that fails rolls back to its savepoint alone, the
others go on, and one commit makes them all durable (group commit). Only then are the answers
released to their requests. So under load a commit and a thread hop serve many requests; with one
request in flight a batch is that one unit, exactly as if it ran alone. A unit that reads an
authority's whole history (a statutory return, the measures: seconds, not milliseconds) is marked
``alone``: it runs after the others the worker took, in a transaction of its own, so no request that
would have shared its commit waits for it.

Why it cannot stall: a worker takes its connection, runs, commits and gives it back within one call,
so no connection is ever held by a thread that waits for another thread (the classic FastAPI
deadlock of sync dependencies holding pooled connections cannot arise), the event loop never
waits on the database, and no statement runs longer than ``statement_seconds`` (a unit stopped so is
answered 503 with ``Retry-After``, nothing saved; :mod:`service.db`).

Back-pressure: a request waits on the event loop, where waiting costs nothing, for at most
``queue_seconds`` before its unit starts; when ``queue_limit`` units already wait, or the wait runs
out before a worker starts it, the answer is 503 with ``Retry-After`` (:class:`ServiceBusy`) at
once, and the unit never runs. A unit that has started is always waited for: its answer says what
was committed. All of this is per process: behind a load balancer each process admits its own share.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from queue import Empty, SimpleQueue
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy.orm import Session

from service.config import get_settings
from service.db import Job, lost_a_race, ran_too_long, run_batch
from service.kit.errors import ProblemError

T = TypeVar("T")

QUEUED, STARTED, ABANDONED = "queued", "started", "abandoned"


class ServiceBusy(ProblemError):
    status, code, title = 503, "service_busy", "The service is busy"


@dataclass(eq=False)
class _Unit:
    job: Job
    future: asyncio.Future[Any]
    loop: asyncio.AbstractEventLoop
    state: str = field(default=QUEUED)


class UnitRunner:
    """Runs units of work on ``slots`` worker threads, many at a time in one transaction."""

    def __init__(self, slots: int, queue_limit: int, queue_seconds: float, batch_max: int = 32) -> None:
        self.slots = slots
        self.queue_limit = queue_limit
        self.queue_seconds = queue_seconds
        self.batch_max = batch_max
        self._pending: SimpleQueue[_Unit] = SimpleQueue()
        self._claims = threading.Lock()
        self._workers: list[threading.Thread] = []

    def _busy(self) -> ServiceBusy:
        return ServiceBusy(
            "The service is answering as many requests as it can; try again shortly.",
            headers={"Retry-After": str(max(1, math.ceil(self.queue_seconds)))},
        )

    def _contended(self) -> ServiceBusy:
        return ServiceBusy(
            "Other requests changed the same records at the same moment, and this one could not finish "
            "after several tries. Nothing was saved; send the same request again.",
            headers={"Retry-After": "1"},
        )

    def _too_long(self) -> ServiceBusy:
        seconds = get_settings().statement_seconds
        return ServiceBusy(
            f"The request needed a database statement longer than the service allows ({seconds:g} s), "
            "and it was stopped. Nothing was saved; try again later.",
            headers={"Retry-After": str(max(1, math.ceil(seconds)))},
        )

    async def run(self, work: Callable[[Session], T], *, reads: bool = False, alone: bool = False) -> T:
        """Run ``work(session)`` in a worker thread; it is committed before this returns its result.
        ``reads``: the unit writes only its audit events, last; ``alone``: it gets a transaction of its
        own (see :class:`service.db.Job`)."""
        if self._pending.qsize() >= self.queue_limit:
            raise self._busy()
        self._start_workers()
        loop = asyncio.get_running_loop()
        unit = _Unit(Job(work, reads, alone), loop.create_future(), loop)
        self._pending.put(unit)
        timer = loop.call_later(self.queue_seconds, self._give_up, unit)
        try:
            return await unit.future
        finally:
            timer.cancel()

    def _give_up(self, unit: _Unit) -> None:
        """The unit's wait has run out: unless a worker has started it, it never runs, and its request
        is answered 503. A started unit is waited for to the end."""
        if self._claim(unit, ABANDONED) and not unit.future.done():
            unit.future.set_exception(self._busy())

    def _claim(self, unit: _Unit, state: str) -> bool:
        """Move a queued unit to ``state`` (started by a worker, or abandoned by its request): once."""
        with self._claims:
            if unit.state != QUEUED:
                return False
            unit.state = state
            return True

    def _start_workers(self) -> None:
        if len(self._workers) < self.slots:
            with self._claims:
                while len(self._workers) < self.slots:
                    worker = threading.Thread(
                        target=self._serve, name=f"unit-worker-{len(self._workers)}", daemon=True
                    )
                    self._workers.append(worker)
                    worker.start()

    def _serve(self) -> None:
        while True:
            batch = [self._pending.get()]
            while len(batch) < self.batch_max:
                try:
                    batch.append(self._pending.get_nowait())
                except Empty:
                    break
            live = [unit for unit in batch if self._claim(unit, STARTED)]
            shared = [unit for unit in live if not unit.job.alone]
            for group in (shared, *([unit] for unit in live if unit.job.alone)):
                if group:
                    self._finish(group)

    def _finish(self, live: list[_Unit]) -> None:
        """Run ``live`` as one batch and hand each request its answer."""
        outcomes = run_batch([unit.job for unit in live])
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], bool, Any]]] = {}
        for unit, outcome in zip(live, outcomes, strict=True):
            ok, value = outcome
            if lost_a_race(outcome):  # still, after its retries: nothing saved, worth sending again
                value = self._contended()
            elif ran_too_long(outcome):
                value = self._too_long()
            by_loop.setdefault(unit.loop, []).append((unit.future, ok, value))
        for loop, settled in by_loop.items():  # one wake-up of each event loop per batch
            loop.call_soon_threadsafe(_settle, settled)


def _settle(settled: list[tuple[asyncio.Future[Any], bool, Any]]) -> None:
    for future, ok, value in settled:
        if future.done():  # the request went away (cancelled); its unit ran and committed regardless
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)


async def run_unit(
    request: Request, work: Callable[[Session], T], *, reads: bool = False, alone: bool = False
) -> T:
    """Run one unit of database work for ``request`` on its app's runner. ``reads=True`` only for a
    unit whose one write is its audit events, written last (:func:`service.kit.records.read`);
    ``alone=True`` for one that reads an authority's whole history (a return, the measures)."""
    runner: UnitRunner = request.app.state.units
    return await runner.run(work, reads=reads, alone=alone)
