"""Three `parley serve` nodes on one PostgreSQL: one routing leader, failover, and a frozen leader fenced off.

Every node takes signed webhooks, API calls and agent WebSockets; routing runs on the leader only (a lease row with
a term, `routing_leader`), and the others hand it their routing requests through the database. The tests SIGKILL
the leader mid-traffic and SIGSTOP it past its lease, then read the database and the event log to check what
docs/operations.md promises: a new leader within 10 s, every acknowledged delivery stored once, no interaction ever
with two agents, and agents on the surviving nodes still offered work.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import threading
import time

import pytest
import requests

from conftest import dedupe_key, free_port, meta_body, post_meta, postgres_query, postgres_schema, wait_until
from test_web_messaging_flow import AgentStream, admin_session, bearer

LEASE = 3


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL schema for the nodes. With CI=true PostgreSQL must be there: fail, do not skip."""
    yield from postgres_schema("multi_")


def start_nodes(parley_factory, url: str, count: int = 3) -> list:
    nodes = [parley_factory(f"node{i}", db_url=url, extra_args=[
        "--no-content-analysis", "--node-name", f"node{i}", "--leader-lease", str(LEASE), "--offer-timeout", "60"])
        for i in range(count)]
    for node in nodes:  # one after the other: the first migrates and creates the admin
        node.start()
    return nodes


def role(node) -> str | None:
    try:
        return requests.get(f"{node.url}/readyz", timeout=2).json()["checks"].get("routing")
    except Exception:
        return None


def leaders(nodes) -> list:
    return [node for node in nodes if node.running() and role(node) == "leader"]


def wait_for_one_leader(nodes, timeout: float) -> object:
    found = wait_until(lambda: (lambda now: now[0] if len(now) == 1 else None)(leaders(nodes)), timeout, interval=0.2)
    assert found, f"no single leader within {timeout}s: {[(n.port, role(n)) for n in nodes]}"
    return found


def make_agent(node, username: str) -> tuple[str, str]:
    """An agent with room for 25 private messages; returns (id, bearer token)."""
    session, csrf = admin_session(node.url)
    created = session.post(f"{node.url}/api/v1/users", headers=csrf, timeout=10, json={
        "username": username, "displayName": username.title(), "password": f"{username}-password-1", "roles": ["agent"]})
    assert created.status_code == 201, created.text
    agent_id = created.json()["id"]
    profile = session.put(f"{node.url}/api/v1/users/{agent_id}/routing", headers=csrf, timeout=15,
                          json={"capacity": {"private_messaging": 25}, "totalCapacity": 25})
    assert profile.status_code == 200, profile.text
    login = requests.Session()
    signed = login.post(f"{node.url}/api/v1/auth/login", json={"username": username, "password": f"{username}-password-1"}, timeout=10)
    assert signed.status_code == 200, signed.text
    token = login.post(f"{node.url}/api/v1/tokens", json={"name": "test"}, headers={"X-CSRF-Token": signed.json()["csrfToken"]}, timeout=10)
    assert token.status_code == 201, token.text
    return agent_id, token.json()["token"]


class Traffic:
    """Signed Messenger deliveries, one new customer each, spread round-robin over the nodes that run."""

    def __init__(self, nodes, prefix: str):
        self.nodes = nodes
        self.prefix = prefix
        self.acknowledged: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.counter = itertools.count()

    def start(self) -> "Traffic":
        self.thread.start()
        return self

    def send_one(self) -> None:
        n = next(self.counter)
        mid = f"{self.prefix}-{n}"
        node = self.nodes[n % len(self.nodes)]
        if not node.running():
            return
        entry = json.loads(meta_body(mid, text=f"help {n}"))
        entry["entry"][0]["messaging"][0]["sender"]["id"] = f"cust-{self.prefix}-{n}"
        body = json.dumps(entry, separators=(",", ":")).encode()
        try:
            if post_meta(node.url, body, timeout=5).status_code == 200:
                self.acknowledged.append(mid)
        except requests.RequestException:
            pass  # a killed node: not acknowledged, so not promised

    def _run(self) -> None:
        while not self.stop.is_set():
            self.send_one()
            time.sleep(0.15)

    def finish(self) -> list[str]:
        self.stop.set()
        self.thread.join(10)
        return self.acknowledged


def replay_holders(url: str) -> dict:
    """Replays the event log per interaction; fails if an interaction is ever offered to or held by two agents at once,
    or offered again to an agent while the first offer is open. Returns each interaction's holder at the end."""
    holders: dict[str, str | None] = {}
    for position, type_, body in postgres_query(url, "SELECT position, type, body FROM event_log ORDER BY position"):
        data = json.loads(body)
        interaction = data.get("interactionID")
        if type_ == "interaction.offered":
            assert holders.get(interaction) is None, f"position {position}: {interaction} offered to {data['agentID']} while with {holders[interaction]}"
            holders[interaction] = data["agentID"]
        elif type_ == "interaction.accepted":
            assert holders.get(interaction) in (None, data["agentID"]), f"position {position}: {interaction} accepted by a second agent"
            holders[interaction] = data["agentID"]
        elif type_ in ("interaction.queued", "interaction.rejected", "interaction.rona", "interaction.offer_revoked",
                       "interaction.transferred", "interaction.wrapped_up", "interaction.abandoned", "interaction.auto_closed"):
            holders[interaction] = None
    return holders


def check_consistent(url: str, acknowledged: list[str]) -> None:
    # Every acknowledged delivery is stored once and processed (by whichever node led at the time).
    keys = [dedupe_key(mid) for mid in acknowledged]
    counts = dict(postgres_query(url, "SELECT dedupe_key, count(*) FROM inbox_events WHERE dedupe_key = ANY(%s) GROUP BY dedupe_key", [keys]))
    assert all(counts.get(key) == 1 for key in keys), [key for key in keys if counts.get(key) != 1]
    assert wait_until(lambda: postgres_query(url, "SELECT count(*) FROM inbox_events WHERE processed_at IS NULL")[0][0] == 0, 20), \
        "the new leader did not process the inbox"
    messages = dict(postgres_query(url, "SELECT platform_message_id, count(*) FROM messages WHERE platform_message_id = ANY(%s) "
                                        "GROUP BY platform_message_id", [acknowledged]))
    assert all(messages.get(mid) == 1 for mid in acknowledged), [mid for mid in acknowledged if messages.get(mid) != 1]
    # Every interaction waits or is with exactly one agent, in the table and in the event log alike.
    holders = replay_holders(url)
    for interaction, state, agent in postgres_query(url, "SELECT id, state, assigned_agent_id FROM interactions"):
        if state in ("new", "queued"):
            assert agent is None, (interaction, state, agent)
        elif state in ("offered", "active", "waiting_for_customer", "wrap_up"):
            assert agent is not None and holders.get(interaction) == agent, (interaction, state, agent, holders.get(interaction))


class AutoAccept:
    """An agent who accepts every offer shown on their stream, through the node their desktop is on (an engine offers
    an agent one interaction at a time: the next comes after an answer)."""

    def __init__(self, node, agent_id: str, token: str, stream):
        self.node, self.agent_id, self.token, self.stream = node, agent_id, token, stream
        self.accepted: list[str] = []
        self.answered: set[str] = set()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            for frame in list(self.stream.frames):
                data = frame.get("data") or {}
                if frame.get("type") != "interaction.offered" or data.get("agentID") != self.agent_id:
                    continue
                key = f"{frame.get('position')}"
                if key in self.answered or not self.node.running():
                    continue
                self.answered.add(key)
                try:
                    answer = requests.post(f"{self.node.url}/api/v1/interactions/{data['interactionID']}/accept",
                                           headers=bearer(self.token), timeout=20)
                    if answer.status_code == 200:
                        self.accepted.append(data["interactionID"])
                except requests.RequestException:
                    pass
            time.sleep(0.1)


def offered_ids(stream) -> set[str]:
    return {f["data"]["interactionID"] for f in list(stream.frames) if f.get("type") == "interaction.offered"}


def test_sigkill_of_the_leader_mid_traffic_fails_over_within_ten_seconds(parley_factory, pg_url):
    nodes = start_nodes(parley_factory, pg_url)
    leader = wait_for_one_leader(nodes, 10)
    assert sorted(role(n) for n in nodes) == ["follower", "follower", "leader"]

    agents = [make_agent(nodes[i], f"agent{i}") for i in range(3)]
    streams = [AgentStream(nodes[i].url, token) for i, (_, token) in enumerate(agents)]
    for i, (_, token) in enumerate(agents):
        ready = requests.put(f"{nodes[i].url}/api/v1/me/state", json={"state": "ready"}, headers=bearer(token), timeout=15)
        assert ready.status_code == 200, ready.text

    accepting = [AutoAccept(nodes[i], agent_id, token, streams[i]) for i, (agent_id, token) in enumerate(agents)]
    traffic = Traffic(nodes, "kill").start()
    # Offers reach agents whatever node their WebSocket is on.
    assert wait_until(lambda: all(offered_ids(s) for s in streams), 20), [len(offered_ids(s)) for s in streams]
    time.sleep(1.0)

    killed_at = time.monotonic()
    leader.sigkill()
    survivors = [n for n in nodes if n is not leader]
    new_leader = wait_for_one_leader(survivors, 10)
    took = time.monotonic() - killed_at
    assert took <= 10, took

    # Traffic continues through the survivors; their agents keep being offered new interactions.
    surviving_streams = [s for i, s in enumerate(streams) if nodes[i] is not leader]
    before = [offered_ids(s) for s in surviving_streams]
    time.sleep(4)
    acknowledged = traffic.finish()
    assert wait_until(lambda: all(offered_ids(s) - b for s, b in zip(surviving_streams, before)), 20), \
        ("an agent on a surviving node got no new offer after the failover",
         postgres_query(pg_url, "SELECT state, assigned_agent_id, count(*) FROM interactions GROUP BY 1, 2"),
         postgres_query(pg_url, "SELECT user_id, state FROM agent_states"), [a for a, _ in agents])
    assert role(new_leader) == "leader"

    for agent in accepting:
        agent.stop.set()
    check_consistent(pg_url, acknowledged)
    # Accepts on a follower went through the leader and answered like on one node: the interactions are theirs.
    follower = next(i for i, n in enumerate(nodes) if n is not leader and n is not new_leader)
    assert accepting[follower].accepted, "no accept through the follower succeeded"
    for interaction in accepting[follower].accepted:
        assert postgres_query(pg_url, "SELECT assigned_agent_id FROM interactions WHERE id = %s", [interaction])[0][0] == agents[follower][0]
    for stream in streams:
        stream.close()


def test_a_frozen_leader_is_replaced_and_its_late_writes_are_refused(parley_factory, pg_url):
    nodes = start_nodes(parley_factory, pg_url)
    leader = wait_for_one_leader(nodes, 10)
    agents = [make_agent(nodes[i], f"agent{i}") for i in range(3)]
    for i, (_, token) in enumerate(agents):
        assert requests.put(f"{nodes[i].url}/api/v1/me/state", json={"state": "ready"}, headers=bearer(token), timeout=15).status_code == 200
    traffic = Traffic(nodes, "freeze")
    for _ in range(9):
        traffic.send_one()
    term = postgres_query(pg_url, "SELECT epoch FROM routing_leader")[0][0]

    os.kill(leader.server_pid, 19)  # SIGSTOP: the process keeps its sockets; only the lease can tell it is gone
    try:
        others = [n for n in nodes if n is not leader]
        new_leader = wait_for_one_leader(others, LEASE + 8)
        for _ in range(6):
            if traffic.nodes[next(traffic.counter) % 3] is leader:
                continue
            traffic.send_one()
        time.sleep(LEASE + 1)
    finally:
        os.kill(leader.server_pid, 18)  # SIGCONT

    # Awake again, the old leader finds its term over, steps down and routes nothing itself.
    assert wait_until(lambda: role(leader) == "follower", 5), role(leader)
    assert postgres_query(pg_url, "SELECT epoch FROM routing_leader")[0][0] > term
    assert [n.port for n in leaders(nodes)] == [new_leader.port]
    for _ in range(6):
        traffic.send_one()
    time.sleep(2)
    check_consistent(pg_url, traffic.acknowledged)
    assert "no longer leads routing" in leader.stderr_path.read_text(errors="replace")


SCRIPT = os.path.join(os.path.dirname(__file__), "..", "..", "scripts", "postgres-test-server")


def private_postgres(command: str, env: dict) -> str:
    done = subprocess.run(["bash", SCRIPT, command], env={**os.environ, **env}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_postgresql_restart_makes_nodes_unready_then_everything_resumes(parley_factory, pg_url):
    """Its own PostgreSQL cluster (the shared test server keeps serving other tests): stopped under two nodes, started again."""
    name = "parley-pg-" + os.urandom(4).hex()
    env = {"PARLEY_PG_DATA": f"/tmp/{name}", "PARLEY_PG_PORT": str(free_port()), "PARLEY_PG_LOG": f"/tmp/{name}.log"}
    url = private_postgres("start", env) + "?schema=restart"
    try:
        nodes = start_nodes(parley_factory, url, count=2)
        wait_for_one_leader(nodes, 10)
        agent_id, token = make_agent(nodes[0], "agent0")
        assert requests.put(f"{nodes[1].url}/api/v1/me/state", json={"state": "ready"}, headers=bearer(token), timeout=15).status_code == 200
        traffic = Traffic(nodes, "restart")
        for _ in range(4):
            traffic.send_one()
        assert len(traffic.acknowledged) == 4

        private_postgres("stop", env)
        assert wait_until(lambda: all(requests.get(f"{n.url}/readyz", timeout=15).status_code == 503 for n in nodes), 30), \
            [requests.get(f"{n.url}/readyz", timeout=15).text for n in nodes]
        refused = post_meta(nodes[0].url, meta_body("restart-refused"), timeout=30)
        assert refused.status_code == 503, refused.text

        private_postgres("start", env)
        assert wait_until(lambda: all(requests.get(f"{n.url}/readyz", timeout=15).status_code == 200 for n in nodes), 60)
        wait_for_one_leader(nodes, 15)
        for _ in range(4):
            traffic.send_one()
        assert len(traffic.acknowledged) == 8, traffic.acknowledged
        check_consistent(url, traffic.acknowledged)
        # The agent, ready before the outage, is offered work again.
        assert wait_until(lambda: postgres_query(url, "SELECT count(*) FROM interactions WHERE assigned_agent_id = %s", [agent_id])[0][0] > 0, 20)
    finally:
        for node in nodes if "nodes" in locals() else []:
            node.kill()
        try:
            private_postgres("stop", env)
        finally:
            shutil.rmtree(env["PARLEY_PG_DATA"], ignore_errors=True)
            if os.path.exists(env["PARLEY_PG_LOG"]):
                os.remove(env["PARLEY_PG_LOG"])
            if os.path.exists(env["PARLEY_PG_LOG"]):
                os.remove(env["PARLEY_PG_LOG"])
