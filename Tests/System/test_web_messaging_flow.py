"""A web visitor and an agent, end to end, against the real binary; then a SIGKILL mid-traffic.

The visitor uses the messenger API (POST messages with Idempotency-Key, server-sent events for replies);
the agent uses a bearer token and the WebSocket stream. After the kill the agent reconnects with the last
event position it saw: every event that concerns it arrives exactly once, and every message the visitor
sent is stored exactly once.
"""

from __future__ import annotations

import json
import threading
import time
import uuid

import requests
import websocket

from conftest import ADMIN_PASSWORD, wait_until

CHANNEL = "acme-web"
CONFIG = f"""\
workgroups:
  - {{id: support, name: Support}}
channels:
  - {{id: web, kind: web_messaging, account_id: {CHANNEL}, name: Acme chat, workgroup: support}}
"""


# --------------------------------------------------------------------------------------------------
# Helpers: people, the agent's stream, the visitor's events
# --------------------------------------------------------------------------------------------------


def admin_session(url: str) -> tuple[requests.Session, dict]:
    session = requests.Session()
    login = session.post(f"{url}/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=10)
    assert login.status_code == 200, login.text
    return session, {"X-CSRF-Token": login.json()["csrfToken"]}


def create_agent(url: str, username: str, name: str) -> tuple[str, str]:
    """Creates an agent in `support`; returns (user id, bearer token)."""
    session, csrf = admin_session(url)
    created = session.post(f"{url}/api/v1/users", headers=csrf, timeout=10, json={
        "username": username, "displayName": name, "password": f"{username}-password-1", "roles": ["agent"],
        "workgroups": ["support"]})
    assert created.status_code == 201, created.text
    agent = requests.Session()
    login = agent.post(f"{url}/api/v1/auth/login", json={"username": username, "password": f"{username}-password-1"}, timeout=10)
    assert login.status_code == 200, login.text
    token = agent.post(f"{url}/api/v1/tokens", json={"name": "test"}, headers={"X-CSRF-Token": login.json()["csrfToken"]}, timeout=10)
    assert token.status_code == 201, token.text
    return created.json()["id"], token.json()["token"]


class AgentStream:
    """The agent's WebSocket stream in a background thread; remembers every frame and the last position."""

    def __init__(self, url: str, token: str, after: int | None = None):
        target = url.replace("http://", "ws://") + "/api/v1/stream" + (f"?after={after}" if after is not None else "")
        self.ws = websocket.create_connection(target, header=[f"Authorization: Bearer {token}"], timeout=10)
        self.frames: list[dict] = []
        self.lock = threading.Lock()
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        self.ws.settimeout(None)
        try:
            while True:
                text = self.ws.recv()
                if not text:
                    break
                with self.lock:
                    self.frames.append(json.loads(text))
        except Exception:
            pass
        self.closed.set()

    def events(self) -> list[dict]:
        with self.lock:
            return [f for f in self.frames if f["kind"] == "event"]

    def wait_for(self, predicate, timeout: float = 10.0) -> dict:
        found = wait_until(lambda: next((f for f in list(self.frames) if predicate(f)), None), timeout)
        assert found, f"no matching frame within {timeout}s; got {self.frames}"
        return found

    def last_position(self) -> int:
        with self.lock:
            return max((f["position"] for f in self.frames if "position" in f), default=0)

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass


class VisitorEvents:
    """The visitor's server-sent events, parsed in a background thread."""

    def __init__(self, url: str, token: str):
        self.response = requests.get(f"{url}/messenger/v1/{CHANNEL}/events", params={"token": token}, stream=True, timeout=(5, None))
        assert self.response.status_code == 200, self.response.text
        assert self.response.headers["Content-Type"].startswith("text/event-stream")
        self.messages: list[dict] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        event, data = None, None
        try:
            for line in self.response.iter_lines(decode_unicode=True):
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data = line[5:].strip()
                elif line == "" and event == "message" and data:
                    self.messages.append(json.loads(data))
                    event, data = None, None
        except Exception:
            pass

    def close(self) -> None:
        self.response.close()


def new_visitor(url: str, name: str) -> str:
    created = requests.post(f"{url}/messenger/v1/{CHANNEL}/visitors", json={"name": name}, timeout=10)
    assert created.status_code == 201, created.text
    return created.json()["token"]


def visitor_send(url: str, token: str, text: str, key: str | None = None) -> requests.Response:
    return requests.post(f"{url}/messenger/v1/{CHANNEL}/messages", json={"text": text}, timeout=10,
                         headers={"X-Visitor-Token": token, "Idempotency-Key": key or str(uuid.uuid4())})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --------------------------------------------------------------------------------------------------
# The flow
# --------------------------------------------------------------------------------------------------


def test_visitor_and_agent_end_to_end_then_sigkill(parley_factory, backend):
    server = parley_factory(config=CONFIG, extra_args=["--offer-timeout", "120"], db_url=backend).start()
    url = server.url
    ann_id, ann = create_agent(url, "ann", "Ann Agent")
    stream = AgentStream(url, ann)
    stream.wait_for(lambda f: f["kind"] == "caught_up")

    # A visitor arrives and writes; the browser's retry (same key) is stored once.
    visitor = new_visitor(url, "Vera Visitor")
    replies = VisitorEvents(url, visitor)
    first = visitor_send(url, visitor, "Hello 👋 <b>is anyone there?</b>", key="visitor-key-1")
    assert first.status_code == 202, first.text
    assert visitor_send(url, visitor, "Hello 👋 <b>is anyone there?</b>", key="visitor-key-1").status_code == 202

    # Queued: nobody is ready yet.
    queued = wait_until(lambda: server.scalar("SELECT state FROM interactions") == "queued", 10)
    assert queued, server.query("SELECT id, state FROM interactions")
    interaction = server.scalar("SELECT id FROM interactions")

    # The agent goes ready and is offered it, live.
    ready = requests.put(f"{url}/api/v1/me/state", json={"state": "ready"}, headers=bearer(ann), timeout=10)
    assert ready.status_code == 200, ready.text
    offered = stream.wait_for(lambda f: f.get("type") == "interaction.offered")
    assert offered["data"]["interactionID"] == interaction and offered["data"]["agentID"] == ann_id

    accepted = requests.post(f"{url}/api/v1/interactions/{interaction}/accept", headers=bearer(ann), timeout=10)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["state"] == "active"

    # The reply: a retried send with the same Idempotency-Key creates one message.
    reply_headers = {**bearer(ann), "Idempotency-Key": "reply-1"}
    reply = requests.post(f"{url}/api/v1/interactions/{interaction}/messages", json={"text": "Hi Vera, Ann here. How can I help?"},
                          headers=reply_headers, timeout=10)
    assert reply.status_code == 201, reply.text
    again = requests.post(f"{url}/api/v1/interactions/{interaction}/messages", json={"text": "Hi Vera, Ann here. How can I help?"},
                          headers=reply_headers, timeout=10)
    assert again.status_code == 200 and again.json()["id"] == reply.json()["id"], again.text

    # The visitor receives it live, with the agent's name.
    got = wait_until(lambda: [m for m in replies.messages if m["direction"] == "outbound"], 10)
    assert got and got[0]["text"] == "Hi Vera, Ann here. How can I help?" and got[0]["authorName"] == "Ann Agent", replies.messages
    assert len([m for m in replies.messages if m["direction"] == "outbound"]) == 1

    # Wrap-up with a code closes it; the contact's history shows both messages.
    wrapped = requests.post(f"{url}/api/v1/interactions/{interaction}/wrap-up", json={"code": "processed"}, headers=bearer(ann), timeout=10)
    assert wrapped.status_code == 200, wrapped.text
    assert wrapped.json()["state"] == "closed" and wrapped.json()["wrapUpCode"] == "processed"
    stream.wait_for(lambda f: f.get("type") == "interaction.wrapped_up")
    contact = wrapped.json()["contactId"]
    session, _ = admin_session(url)
    history = session.get(f"{url}/api/v1/contacts/{contact}/interactions", timeout=10).json()
    assert [i["id"] for i in history["interactions"]] == [interaction]
    detail = session.get(f"{url}/api/v1/interactions/{interaction}", timeout=10).json()
    assert [(m["direction"], m["text"]) for m in detail["messages"]] == [
        ("inbound", "Hello 👋 <b>is anyone there?</b>"), ("outbound", "Hi Vera, Ann here. How can I help?")]
    visitor_history = requests.get(f"{url}/messenger/v1/{CHANNEL}/messages", headers={"X-Visitor-Token": visitor}, timeout=10).json()
    assert [m["direction"] for m in visitor_history["messages"]] == ["inbound", "outbound"]
    replies.close()

    # Mid-traffic SIGKILL: the visitor keeps writing (retrying each message with its key until it is acknowledged).
    keys = [f"burst-{i}" for i in range(40)]
    acknowledged: set[str] = set()

    def write_burst() -> None:
        for i, key in enumerate(keys):
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if visitor_send(url, visitor, f"burst message {i}", key=key).status_code == 202:
                        acknowledged.add(key)
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.1)

    writer = threading.Thread(target=write_burst, daemon=True)
    writer.start()
    wait_until(lambda: len(acknowledged) >= 10, 20)
    before_kill = stream.last_position()
    server.sigkill()
    stream.closed.wait(10)
    seen_before = stream.events()
    server.start()
    writer.join(90)
    assert acknowledged == set(keys), f"not acknowledged: {set(keys) - acknowledged}"

    # The agent reconnects from the last position it saw.
    resumed = AgentStream(url, ann, after=stream.last_position())
    resumed.wait_for(lambda f: f["kind"] == "caught_up")
    time.sleep(1.0)
    seen_after = resumed.events()
    resumed.close()
    stream.close()

    # No message missing or doubled: each key stored exactly once, the first message once too.
    stored = server.query("SELECT platform_message_id, count(*) FROM messages WHERE direction = 'inbound' GROUP BY platform_message_id")
    counts = {pid.split(":", 1)[1]: n for pid, n in stored}
    assert all(n == 1 for n in counts.values()), counts
    assert set(counts) == set(keys) | {"visitor-key-1"}, set(counts) ^ (set(keys) | {"visitor-key-1"})

    # No event missing or doubled: what the agent saw, before and after, is exactly the log's events about it.
    positions = [e["position"] for e in seen_before + seen_after]
    assert len(positions) == len(set(positions)), "an event was delivered twice"
    assert positions == sorted(positions)
    expected = [position for position, type_, body in server.query("SELECT position, type, body FROM event_log ORDER BY position")
                if concerns_agent(type_, json.loads(body), ann_id)]
    assert positions == expected, (sorted(set(expected) - set(positions)), sorted(set(positions) - set(expected)), before_kill)
    server.stop()


def concerns_agent(type_: str, body: dict, agent: str) -> bool:
    """The stream's rule for an agent (Sources/Realtime/StreamAudience.swift), restated independently."""
    if type_ in ("interaction.offered", "interaction.accepted", "interaction.rejected", "interaction.rona",
                 "interaction.offer_revoked", "interaction.auto_closed", "interaction.wrapped_up", "agent.state_changed"):
        return body.get("agentID") == agent
    if type_ in ("message.received", "message.sent", "message.failed"):
        return body.get("agentID") == agent
    if type_ == "interaction.transferred":
        return agent in (body.get("fromAgentID"), body.get("toAgentID"))
    return False


def test_stream_checks_the_origin_of_cookie_clients_and_resyncs_unknown_positions(parley_factory, backend):
    server = parley_factory(config=CONFIG, db_url=backend).start()
    url = server.url
    target = url.replace("http://", "ws://") + "/api/v1/stream"
    session, _ = admin_session(url)
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)

    # A session cookie rides along on any page's WebSocket: another site's page is refused (closed with 4403).
    assert close_code(websocket.create_connection(target, header=[f"Cookie: {cookie}"], origin="https://evil.example", timeout=10)) == 4403
    own = websocket.create_connection(target, header=[f"Cookie: {cookie}"], origin=url, timeout=10)
    assert json.loads(own.recv())["kind"] == "caught_up"
    own.close()

    # Without credentials, or with a bad token: 4401; a malformed position: 4400.
    assert close_code(websocket.create_connection(target, timeout=10)) == 4401
    assert close_code(websocket.create_connection(target, header=["Authorization: Bearer not-a-token"], timeout=10)) == 4401
    _, token = create_agent(url, "ann", "Ann Agent")
    resync = websocket.create_connection(target + "?after=99999999", header=[f"Authorization: Bearer {token}"], timeout=10)
    first = json.loads(resync.recv())
    assert first["kind"] == "resync" and first["position"] == (server.scalar("SELECT max(position) FROM event_log") or 0)
    assert json.loads(resync.recv())["kind"] == "caught_up"
    resync.close()
    assert close_code(websocket.create_connection(target + "?after=x", header=[f"Authorization: Bearer {token}"], timeout=10)) == 4400
    assert requests.get(f"{url}/api/v1/stream?after=x", headers=bearer(token), timeout=10).status_code == 400
    assert requests.get(f"{url}/api/v1/stream", headers=bearer(token), timeout=10).status_code == 426
    server.stop()


def close_code(ws) -> int | None:
    """The code of the close frame the server sends first (None if it sent data instead)."""
    opcode, data = ws.recv_data(control_frame=True)
    ws.close()
    if opcode != websocket.ABNF.OPCODE_CLOSE:
        return None
    return int.from_bytes(data[:2], "big")


def test_open_streams_do_not_hold_up_a_graceful_stop(parley_factory, backend):
    server = parley_factory(config=CONFIG, db_url=backend).start()
    _, token = create_agent(server.url, "ann", "Ann Agent")
    stream = AgentStream(server.url, token)
    stream.wait_for(lambda f: f["kind"] == "caught_up")
    visitor = VisitorEvents(server.url, new_visitor(server.url, "Vera"))
    started = time.monotonic()
    code = server.stop(timeout=20)
    took = time.monotonic() - started
    assert code == 0 and took < 10, f"exit {code} after {took:.1f}s\n{server.stderr_tail()}"
    assert stream.closed.wait(5), "the agent's stream was not closed"
    visitor.thread.join(5)
    assert not visitor.thread.is_alive(), "the visitor's event stream was not ended"


def live_streams(url: str) -> float:
    text = requests.get(f"{url}/metrics", timeout=10).text
    return next(float(line.split()[-1]) for line in text.splitlines() if line.startswith("parley_live_streams "))


def test_streams_are_released_when_their_clients_leave(parley_factory):
    server = parley_factory(config=CONFIG).start()
    _, token = create_agent(server.url, "ann", "Ann Agent")
    agents = [AgentStream(server.url, token) for _ in range(3)]
    visitors = [VisitorEvents(server.url, new_visitor(server.url, f"V{i}")) for i in range(3)]
    for agent in agents:
        agent.wait_for(lambda f: f["kind"] == "caught_up")
    assert wait_until(lambda: live_streams(server.url) == 6, 10), live_streams(server.url)
    for agent in agents:
        agent.close()
    for visitor in visitors:
        visitor.close()
    # Agents' WebSockets close at once; a visitor's departure is noticed by the keep-alive writes (every 10 s).
    assert wait_until(lambda: live_streams(server.url) <= 3, 10), live_streams(server.url)
    assert wait_until(lambda: live_streams(server.url) == 0, 35), live_streams(server.url)
    server.stop()
