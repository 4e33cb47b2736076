"""Per-client rate limits: a token bucket per client, answered with 429 and ``Retry-After``.

A client is its bearer token when it sends one (a hash of it), else its network address. Each
process keeps its own buckets, in memory: the counter of a limit lives in the process on purpose, so
checking it costs no database round trip and a shared store cannot become the bottleneck or the
single point of failure. Behind a load balancer of N processes a client may therefore get up to N
times the per-process rate; set ``SOS_RATE_LIMIT_PER_SECOND`` to the total allowed divided by N (the
default is generous enough for any one integration to sync without hitting it). ``0`` turns limits
off (the benchmark does, to measure the request path itself).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """``rate`` requests a second per client, with bursts of up to ``burst``."""

    MAX_CLIENTS = 10_000

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = max(burst, 1)
        self._buckets: dict[str, _Bucket] = {}

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    def wait_for(self, client: str) -> int:
        """Take one request from the client's bucket: 0 when allowed, else the seconds to wait."""
        now = time.monotonic()
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= self.MAX_CLIENTS:
                self._forget_idle(now)
            bucket = self._buckets[client] = _Bucket(float(self.burst), now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) * self.rate)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0
        return max(1, math.ceil((1 - bucket.tokens) / self.rate))

    def _forget_idle(self, now: float) -> None:
        """Drop the buckets that have refilled (their clients are idle); all of them if none has."""
        full = [k for k, b in self._buckets.items() if b.tokens + (now - b.at) * self.rate >= self.burst]
        for key in full or list(self._buckets):
            del self._buckets[key]


def client_key(authorization: str | None, address: str | None) -> str:
    """Who a request is from, for its limit: its token if it has one, else its address."""
    if authorization:
        return "token:" + hashlib.blake2b(authorization.encode(), digest_size=16).hexdigest()
    return f"address:{address or 'unknown'}"
