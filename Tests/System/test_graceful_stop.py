"""A graceful stop (SIGTERM) is not held up by connections: idle ones are closed, a request in progress is answered.

Before the fix, a connection that had not yet sent a request (a browser's preconnect, a load balancer's TCP
check, a webhook sender's pooled connection) kept `parley serve` from ever finishing a graceful stop: the server
waited for the client to close it.
"""

from __future__ import annotations

import os
import signal
import socket
import time

STOP_LIMIT = 10.0


def _connect(server) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    sock.settimeout(10)
    return sock


def _stop(server) -> float:
    started = time.monotonic()
    code = server.stop(timeout=30)
    took = time.monotonic() - started
    assert code == 0 and took < STOP_LIMIT, f"exit {code} after {took:.1f}s\n{server.stderr_tail()}"
    return took


def _read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return received
        received += chunk


def test_a_connection_that_sent_nothing_does_not_hold_up_a_graceful_stop(parley_factory):
    server = parley_factory().start()
    idle = [_connect(server) for _ in range(3)]
    time.sleep(0.3)
    _stop(server)
    for sock in idle:
        assert _read_until_closed(sock) == b"", "closed without an answer: no request had started"
    assert "Error handling upgrade result" not in server.stderr_path.read_text(errors="replace")


def test_a_used_keep_alive_connection_is_closed_at_a_graceful_stop(parley_factory):
    server = parley_factory().start()
    sock = _connect(server)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: parley\r\n\r\n")
    assert sock.recv(65536).startswith(b"HTTP/1.1 200"), "answered, and the connection kept open"
    _stop(server)
    assert _read_until_closed(sock) == b""


def test_a_request_arriving_as_the_stop_begins_is_answered_then_its_connection_closed(parley_factory):
    server = parley_factory().start()
    sock = _connect(server)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: parley\r\n")   # the head is not complete yet
    time.sleep(0.3)
    started = time.monotonic()
    os.kill(server.server_pid, signal.SIGTERM)
    time.sleep(0.5)
    sock.sendall(b"\r\n")
    answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert server.stop(timeout=STOP_LIMIT) == 0 and time.monotonic() - started < STOP_LIMIT, server.stderr_tail()
