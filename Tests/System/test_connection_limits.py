"""Connections that hold a file and do nothing cannot take the server down.

Found by probing: 20,000 idle TCP connections used up the process's open files and the server died (SIGILL in
libdispatch, out of file descriptors); a first request the HTTP parser refused was neither answered nor closed;
a connection that never sent a whole request was kept for ever. Now the server keeps `ConnectionLimits`: at most
(open-file limit − 256) connections, the first request whole within 30 s, no more than 75 s with nothing going
either way. Here the server runs with an open-file limit of 512 (so at most 256 connections).
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import time

import requests

from conftest import ADMIN_PASSWORD, free_port, parley_bin


def closed_by_server(connection: socket.socket) -> bool:
    connection.setblocking(False)
    try:
        return connection.recv(1) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True


def open_after(connections: list[socket.socket], deadline: float) -> list[socket.socket]:
    """The connections the server has not closed by `deadline` (time.monotonic())."""
    remaining = list(connections)
    while remaining and time.monotonic() < deadline:
        remaining = [c for c in remaining if not closed_by_server(c)]
        time.sleep(0.5)
    return remaining


def healthy_by(port: int, deadline: float, pause: float) -> None:
    """Returns once `/healthz` answers, or at `deadline` (time.monotonic())."""
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return
        except requests.RequestException:
            time.sleep(pause)


def test_idle_connections_beyond_the_limit_are_refused_and_the_rest_expire(tmp_path):
    port = free_port()

    def small_file_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (512, 512))

    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([os.path.abspath(parley_bin()), "serve", "--port", str(port), "--data", str(tmp_path / "data")],
                              stdout=log, stderr=subprocess.STDOUT, preexec_fn=small_file_limit,
                              env={**os.environ, "PARLEY_ADMIN_PASSWORD": ADMIN_PASSWORD})
    held: list[socket.socket] = []
    try:
        healthy_by(port, time.monotonic() + 60, pause=0.2)
        opened = time.monotonic()
        for _ in range(300):
            held.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        # A first request the parser refuses, and a head that never ends.
        garbage = socket.create_connection(("127.0.0.1", port), timeout=5)
        garbage.sendall(b"\x00\x01 not http at all\r\n\r\n")
        slow = socket.create_connection(("127.0.0.1", port), timeout=5)
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: parley\r\nX-Slow: ")
        time.sleep(2)
        refused = sum(closed_by_server(c) for c in held)
        assert server.poll() is None, "the server died"
        assert 40 <= refused <= 50, f"{refused} of 300 idle connections were closed at once (the limit is 256, with /healthz's)"

        # Past the first-request deadline the idle connections are closed, and the server serves again. Each
        # connection is looked at every 7.5 s (a quarter of the deadline), so the last closes by ~38 s after it
        # opened; the margin is for a loaded machine.
        healthy_by(port, opened + 45, pause=1)
        waited = time.monotonic() - opened
        assert requests.get(f"http://127.0.0.1:{port}/healthz", timeout=5).ok
        assert 25 <= waited <= 45, waited
        still_open = open_after(held + [garbage, slow], deadline=opened + 60)
        assert not still_open, f"{len(still_open)} idle connections were still open 60 s after they opened"
        assert server.poll() is None
    finally:
        for connection in held:
            connection.close()
        server.terminate()
        server.wait(30)
        log.close()
    text = (tmp_path / "serve.log").read_text()
    assert "connection limit reached" in text
    assert " error " not in text, text[-3000:]
