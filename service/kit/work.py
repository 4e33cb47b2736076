"""How a request does its database work: one unit, one thread, one connection, one commit.

Every endpoint is ``async``: parsing, the token check and serialising run on the event loop, and
the database work of the request runs as **one unit** (:func:`run_unit`) in one worker thread. That
thread opens the session, does the reads and writes, commits and closes before it returns, so a
connection is never held by a thread that waits for another thread. This is what makes a stall
impossible: the classic FastAPI deadlock (sync dependencies holding pooled connections while the
commit waits for a free thread) cannot arise.

Admission control sits in front of the units. A process runs at most ``slots`` units at once (the
pool has exactly that many connections; SQLite has one slot, its one writer). Others wait on the
event loop, where waiting costs nothing, for at most ``queue_seconds``; when ``queue_limit``
requests already wait, or the wait runs out, the request is answered at once with 503 and
``Retry-After`` (:class:`ServiceBusy`) instead of queueing into a timeout. All of this is per
process: several processes behind a load balancer each admit their own share.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TypeVar

import anyio
from fastapi import Request
from sqlalchemy.orm import Session

from service.db import unit_of_work
from service.kit.errors import ProblemError

T = TypeVar("T")


class ServiceBusy(ProblemError):
    status, code, title = 503, "service_busy", "The service is busy"


class UnitRunner:
    """Admits units of work to a fixed number of slots, each running in its own worker thread."""

    def __init__(self, slots: int, queue_limit: int, queue_seconds: float) -> None:
        self.slots = slots
        self.queue_limit = queue_limit
        self.queue_seconds = queue_seconds
        self.waiting = 0
        self._admission = anyio.Semaphore(slots)
        self._threads = anyio.CapacityLimiter(slots)

    def _busy(self) -> ServiceBusy:
        retry = max(1, math.ceil(self.queue_seconds))
        return ServiceBusy(
            "The service is answering as many requests as it can; try again shortly.",
            headers={"Retry-After": str(retry)},
        )

    async def run(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` as one transaction in a worker thread; it commits before this returns."""
        if self.waiting >= self.queue_limit:
            raise self._busy()
        self.waiting += 1
        admitted = False
        try:
            with anyio.move_on_after(self.queue_seconds):
                await self._admission.acquire()
                admitted = True
        finally:
            self.waiting -= 1
        if not admitted:
            raise self._busy()
        try:
            return await anyio.to_thread.run_sync(unit_of_work, work, limiter=self._threads)
        finally:
            self._admission.release()


async def run_unit(request: Request, work: Callable[[Session], T]) -> T:
    """Run one unit of database work for ``request`` on its app's runner."""
    runner: UnitRunner = request.app.state.units
    return await runner.run(work)
