#!/usr/bin/env python3
"""Live-stream fan-out: how long from a customer message's acknowledgement to its event on N supervisor streams.

Starts `parley serve` (release build by default) on a temporary directory, opens N supervisor WebSockets (each
receives every interaction and message event), then sends M web-visitor messages one after another and records,
for each stream, the time from the 202 to the `message.received` frame. Prints p50/p95/p99/max over all
(message, stream) pairs and the server's CPU time.

    scripts/bench-stream.py --streams 100 --messages 200 [--bin .build-release/release/parley] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests
import websocket

CONFIG = """\
workgroups: [{id: support, name: Support}]
channels: [{id: web, kind: web_messaging, account_id: bench-web, name: Bench chat, workgroup: support}]
"""
PASSWORD = "bench-admin-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=".build-release/release/parley")
    parser.add_argument("--streams", type=int, default=100)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="10 streams, 20 messages (CI smoke)")
    args = parser.parse_args()
    if args.quick:
        args.streams, args.messages = 10, 20

    work = Path(tempfile.mkdtemp(prefix="parley-bench-stream-"))
    (work / "parley.yml").write_text(CONFIG)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PARLEY_ADMIN_PASSWORD": PASSWORD}
    server = subprocess.Popen([args.bin, "serve", "--port", str(port), "--data", str(work / "data"), "--config", str(work / "parley.yml"),
                               "--log-level", "warning"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in server.stdout:
            if line.startswith("Parley is listening"):
                break
        session = requests.Session()
        assert session.post(f"{url}/api/v1/auth/login", json={"username": "admin", "password": PASSWORD}, timeout=30).status_code == 200
        csrf = session.get(f"{url}/api/v1/me", timeout=10).json()["csrfToken"]
        token = session.post(f"{url}/api/v1/tokens", json={"name": "bench"}, headers={"X-CSRF-Token": csrf}, timeout=10).json()["token"]

        received: dict[str, list[float]] = {}
        lock = threading.Lock()
        ready = threading.Barrier(args.streams + 1)

        def listen() -> None:
            ws = websocket.create_connection(url.replace("http", "ws") + "/api/v1/stream", header=[f"Authorization: Bearer {token}"])
            assert json.loads(ws.recv())["kind"] == "caught_up"
            ready.wait()
            seen = 0
            while seen < args.messages:
                frame = json.loads(ws.recv())
                if frame.get("type") == "message.received":
                    now = time.perf_counter()
                    with lock:
                        received.setdefault(frame["data"]["messageID"], []).append(now)
                    seen += 1
            ws.close()

        listeners = [threading.Thread(target=listen, daemon=True) for _ in range(args.streams)]
        for listener in listeners:
            listener.start()
        ready.wait()

        # A visitor may send 30 messages a minute: a new visitor every 20 messages stays under the limit.
        sent_at: list[float] = []
        http = requests.Session()
        for i in range(args.messages):
            if i % 20 == 0:
                visitor = http.post(f"{url}/messenger/v1/bench-web/visitors", json={}, timeout=10).json()["token"]
            response = http.post(f"{url}/messenger/v1/bench-web/messages", json={"text": f"message {i}"}, timeout=10,
                                 headers={"X-Visitor-Token": visitor, "Idempotency-Key": str(uuid.uuid4())})
            assert response.status_code == 202, response.text
            sent_at.append(time.perf_counter())
            time.sleep(0.01)
        deadline = time.monotonic() + 60
        for listener in listeners:
            listener.join(max(0.1, deadline - time.monotonic()))

        # Messages are delivered in order: match the k-th message.received to the k-th acknowledgement.
        arrivals = sorted(received.values(), key=lambda times: min(times))
        latencies = [(t - sent) * 1000 for sent, times in zip(sent_at, arrivals) for t in times]
        cpu = sum(float(x) for x in Path(f"/proc/{server.pid}/stat").read_text().split()[13:15]) / os.sysconf("SC_CLK_TCK")
        print(f"streams={args.streams} messages={len(sent_at)} deliveries={len(latencies)} "
              f"p50={percentile(latencies, 50):.1f}ms p95={percentile(latencies, 95):.1f}ms p99={percentile(latencies, 99):.1f}ms "
              f"max={max(latencies):.1f}ms server_cpu={cpu:.2f}s")
        expected = args.streams * len(sent_at)
        if len(latencies) != expected:
            print(f"FAIL: {len(latencies)} deliveries, expected {expected}")
            return 1
        return 0
    finally:
        server.terminate()
        server.wait(20)


if __name__ == "__main__":
    sys.exit(main())
