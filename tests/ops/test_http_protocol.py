"""The service's HTTP protocol turns Nagle's algorithm off on every connection, including those a
worker accepts on a socket uvicorn bound itself (protocol number 0), where asyncio leaves it on and
every answer's body waits about 40 ms for the client's delayed acknowledgement."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import httpx
import uvicorn

from service.ops.http_protocol import NoDelayH11Protocol


async def _hello(scope, receive, send):  # type: ignore[no-untyped-def]
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"hello"})


def _serve_on(listener: socket.socket, protocol: type) -> tuple[list[int], uvicorn.Server, threading.Thread]:
    """A real uvicorn server on ``listener``, recording TCP_NODELAY of each connection it serves."""
    seen: list[int] = []

    class Recording(protocol):  # type: ignore[misc, valid-type]
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            super().connection_made(transport)
            sock = transport.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    server = uvicorn.Server(uvicorn.Config(_hello, http=Recording, lifespan="off", log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.01)
    return seen, server, thread


def _served_nodelay(protocol: type) -> list[int]:
    listener = socket.socket(family=socket.AF_INET)  # as uvicorn binds it for --workers: proto 0
    listener.bind(("127.0.0.1", 0))
    seen, server, thread = _serve_on(listener, protocol)
    try:
        port = listener.getsockname()[1]
        response = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert response.text == "hello"
    finally:
        server.should_exit = True
        thread.join(10)
    return seen


def test_uvicorns_own_protocol_leaves_nagle_on_for_a_socket_it_bound():
    """The condition the protocol is for (if uvicorn fixes it, this test says so)."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    assert _served_nodelay(H11Protocol) == [0]


def test_the_services_protocol_turns_nagle_off():
    assert [bool(flag) for flag in _served_nodelay(NoDelayH11Protocol)] == [True]
