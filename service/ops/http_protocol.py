"""uvicorn's HTTP/1.1 protocol with Nagle's algorithm off on every connection it serves.

With ``--workers 2`` or more, uvicorn binds the listening socket itself, with protocol number 0,
and asyncio turns TCP_NODELAY on only for sockets that say they are TCP. Every connection a worker
accepted then kept Nagle's algorithm: the second segment of an answer (the body, after the headers)
waited for the client's delayed acknowledgement, about 40 ms. Measured with ``bench/run.py``: the
bare FastAPI app under 2 workers answered 364 requests/s at a median of 44 ms, and 22 requests/s
on one connection. ``sos-reference serve`` uses this protocol whatever the number of workers, and
the benchmark runs its bare app under it too.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
