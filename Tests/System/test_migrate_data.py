"""`parley migrate-data`: a SQLite deployment moves to PostgreSQL, verified, and Parley carries on there.

A real deployment is made by driving the server over HTTP (users, a web visitor and an agent, a reply, a wrap-up,
a second visitor left in the queue), then copied into a fresh PostgreSQL schema. The copy is compared with the
source independently of the command's own checks (every table's rows, ids, event positions, message order), and
a Parley started on the copy serves the same data and continues the event log after the copied positions.
"""

from __future__ import annotations

import os
import re
import sqlite3

import psycopg
import pytest
import requests

from conftest import ParleyProcess, postgres_query, run_cli, sqlite_connect, wait_until
from test_web_messaging_flow import CONFIG as WEB_CONFIG
from test_web_messaging_flow import admin_session, bearer, create_agent, new_visitor, visitor_send

CHANNEL = "acme-web"
CONFIG = WEB_CONFIG + """\
wrap_up_codes:
  - {id: resolved, name: Resolved}
"""

# Every table migrate-data copies, parents first (Sources/Storage/Transfer/TransferSchema.swift).
TABLES = ["deliveries", "inbox_events", "event_log", "outbox", "health_probe", "users", "wrap_up_codes",
          "not_ready_reasons", "skills", "workgroups", "channels", "sessions", "api_tokens", "audit_log", "contacts",
          "identities", "interactions", "messages", "agent_states", "routing_decisions", "routing_reservations",
          "calendars", "auto_replies", "routing_holds", "contact_merges", "interaction_actions", "message_revisions",
          "media_fetches", "channel_followers", "channel_tokens", "standard_responses", "notes", "report_position",
          "report_interactions", "report_attempts", "report_agents", "report_queue", "report_agent", "report_agent_state",
          "report_wrap_up", "routing_leader", "routing_commands"]


@pytest.fixture(scope="session")
def parley_binary(parley_binary) -> str:
    """Absolute, so a relative PARLEY_BIN still works from the temporary directories the commands run in."""
    return os.path.abspath(parley_binary)


# --------------------------------------------------------------------------------------------------
# PostgreSQL: a fresh schema per test
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def schema_url():
    """Makes URLs of fresh PostgreSQL schemas (dropped afterwards). Needs PARLEY_TEST_POSTGRES_URL; with CI=true a
    missing one fails the test instead of skipping it."""
    base = os.environ.get("PARLEY_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI") == "true":
            pytest.fail("PARLEY_TEST_POSTGRES_URL is not set (export PARLEY_TEST_POSTGRES_URL=$(scripts/postgres-test-server start))")
        pytest.skip("PARLEY_TEST_POSTGRES_URL is not set")
    made: list[str] = []

    def make() -> str:
        made.append("mig_" + os.urandom(6).hex())
        return f"{base}{'&' if '?' in base else '?'}schema={made[-1]}"

    yield make
    with psycopg.connect(base.split("?")[0], autocommit=True) as conn:
        for schema in made:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def migrate_data(binary: str, source: ParleyProcess, url: str):
    return run_cli(binary, "migrate-data", "--from", f"sqlite:{source.db_path}", "--to", url, timeout=120)


def sqlite_rows(path, sql: str) -> list[tuple]:
    conn = sqlite_connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def table_rows(query, table: str, columns: str = "*") -> list[tuple]:
    """Every row of `table`, booleans as 0/1, in a stable order."""
    rows = [tuple(int(v) if isinstance(v, bool) else v for v in row) for row in query(f"SELECT {columns} FROM {table}")]
    return sorted(rows, key=repr)


def counts(query) -> dict[str, int]:
    return {table: query(f"SELECT count(*) FROM {table}")[0][0] for table in TABLES}


# --------------------------------------------------------------------------------------------------
# A deployment with real traffic
# --------------------------------------------------------------------------------------------------


def populate(server: ParleyProcess) -> dict:
    """Users, a finished conversation (visitor, agent reply, wrap-up) and a visitor still queued."""
    url = server.url
    ann_id, ann = create_agent(url, "ann", "Ann Agent")
    create_agent(url, "bob", "Bob Bänziger")

    vera = new_visitor(url, "Vera Visitor")
    assert visitor_send(url, vera, "Hello 👋 <b>is anyone there?</b>").status_code == 202
    assert visitor_send(url, vera, "Grüße aus Zürich — ½ past 3?").status_code == 202
    assert wait_until(lambda: server.scalar("SELECT count(*) FROM interactions WHERE state = 'queued'") == 1, 10)
    first = server.scalar("SELECT id FROM interactions")
    assert requests.put(f"{url}/api/v1/me/state", json={"state": "ready"}, headers=bearer(ann), timeout=10).status_code == 200
    assert wait_until(lambda: server.scalar("SELECT state FROM interactions WHERE id = ?", [first]) == "offered", 10)
    assert requests.post(f"{url}/api/v1/interactions/{first}/accept", headers=bearer(ann), timeout=10).status_code == 200
    reply = requests.post(f"{url}/api/v1/interactions/{first}/messages", json={"text": "Hi Vera, Ann here."},
                          headers={**bearer(ann), "Idempotency-Key": "reply-1"}, timeout=10)
    assert reply.status_code == 201, reply.text
    wrapped = requests.post(f"{url}/api/v1/interactions/{first}/wrap-up", json={"code": "resolved"}, headers=bearer(ann), timeout=10)
    assert wrapped.status_code == 200, wrapped.text
    assert requests.put(f"{url}/api/v1/me/state", json={"state": "not_ready", "reason": "lunch"}, headers=bearer(ann),
                        timeout=10).status_code == 200

    walt = new_visitor(url, "Walt Waiting")
    assert visitor_send(url, walt, "Still waiting for someone").status_code == 202
    assert wait_until(lambda: server.scalar("SELECT count(*) FROM interactions WHERE state = 'queued'") == 1, 10)
    second = server.scalar("SELECT id FROM interactions WHERE state = 'queued'")
    return {"first": first, "second": second, "ann": ann_id, "walt": walt}


# --------------------------------------------------------------------------------------------------
# The copy
# --------------------------------------------------------------------------------------------------


def test_a_deployment_moves_to_postgresql_and_continues_there(parley_factory, parley_binary, schema_url):
    source = parley_factory("sqlite", config=CONFIG, extra_args=["--offer-timeout", "120"]).start()
    made = populate(source)
    assert source.stop() == 0

    def sqlite_query(sql):
        return sqlite_rows(source.db_path, sql)

    before = counts(sqlite_query)
    assert all(before[t] > 0 for t in ["users", "sessions", "api_tokens", "contacts", "interactions", "messages", "event_log",
                                       "agent_states", "audit_log", "channels", "workgroups", "routing_decisions"]), before
    last_position = sqlite_query("SELECT max(position) FROM event_log")[0][0]
    message_order = sqlite_query("SELECT id, rowid FROM messages ORDER BY rowid")

    source_bytes = source.db_path.read_bytes()

    # A target that was only migrated holds nothing but seeded rows: it is accepted, and they are replaced.
    url = schema_url()
    assert run_cli(parley_binary, "migrate", "--db", url).returncode == 0
    result = migrate_data(parley_binary, source, url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert source.db_path.read_bytes() == source_bytes, "the source was written to"
    tables = {m[1]: (int(m[2]), int(m[3]), m[4]) for m in re.finditer(
        r"^(\w+)\s+(\d+)\s+(\d+)\s+[0-9a-f]{16}\s+(OK)$", result.stdout, re.M)}
    counters = {m[1]: (int(m[2]), int(m[3]), m[4]) for m in re.finditer(r"^([\w.]+)\s+(\d+)\s+(\d+)\s+(OK)$", result.stdout, re.M)}
    assert set(tables) == set(TABLES), result.stdout
    assert {t: rows for t, (rows, copied, _) in tables.items() if rows == copied} == before
    assert counters["event_log_head"] == (last_position, last_position, "OK"), result.stdout
    assert counters["messages.seq"] == (message_order[-1][1],) * 2 + ("OK",), result.stdout
    assert "MISMATCH" not in result.stdout
    assert "committed" in result.stdout and "secret" not in result.stdout

    # Checked independently of the command: the same rows, ids, positions and message order on both sides.
    def pg(sql):
        return postgres_query(url, sql)

    assert counts(pg) == before
    for table in TABLES:
        columns = "*" if table != "messages" else ", ".join(c for (_, c, *_) in sqlite_query("PRAGMA table_info(messages)"))
        assert table_rows(pg, table, columns) == table_rows(sqlite_query, table, columns), table
    assert pg("SELECT id, seq FROM messages ORDER BY seq") == message_order
    assert pg("SELECT position FROM event_log_head") == [(last_position,)]
    assert sorted(r[0] for r in pg("SELECT id FROM wrap_up_codes")) == sorted(r[0] for r in sqlite_query("SELECT id FROM wrap_up_codes"))
    assert "resolved" in [r[0] for r in pg("SELECT id FROM wrap_up_codes")]

    # Parley on the copy (same data directory: its keys): same people, same conversation, same queue.
    target = parley_factory("postgres", config=CONFIG, data_dir=source.data_dir, db_url=url,
                            extra_args=["--offer-timeout", "120"]).start()
    ann = requests.Session()
    assert ann.post(f"{target.url}/api/v1/auth/login", json={"username": "ann", "password": "ann-password-1"}, timeout=10).status_code == 200
    session, _ = admin_session(target.url)
    detail = session.get(f"{target.url}/api/v1/interactions/{made['first']}", timeout=10).json()
    assert detail["interaction"]["state"] == "closed" and detail["interaction"]["wrapUpCode"] == "resolved", detail
    assert [(m["direction"], m["text"]) for m in detail["messages"]] == [
        ("inbound", "Hello 👋 <b>is anyone there?</b>"), ("inbound", "Grüße aus Zürich — ½ past 3?"),
        ("outbound", "Hi Vera, Ann here.")]
    assert target.scalar("SELECT count(*) FROM users") == before["users"], "the first start created another admin"

    # The waiting visitor writes again: the same conversation grows, new events follow the copied positions.
    assert visitor_send(target.url, made["walt"], "Hello again").status_code == 202
    assert wait_until(lambda: target.scalar("SELECT count(*) FROM messages WHERE interaction_id = ?", [made["second"]]) == 2, 10)
    new_positions = [r[0] for r in target.query("SELECT position FROM event_log WHERE position > ? ORDER BY position", [last_position])]
    assert new_positions and new_positions[0] == last_position + 1, new_positions
    assert target.scalar("SELECT count(*) FROM event_log") == before["event_log"] + len(new_positions)
    assert target.scalar("SELECT min(seq) FROM messages WHERE text = 'Hello again'") > message_order[-1][1]
    waiting = session.get(f"{target.url}/api/v1/interactions/{made['second']}", timeout=10).json()
    assert [m["text"] for m in waiting["messages"]] == ["Still waiting for someone", "Hello again"], waiting
    visitor_history = requests.get(f"{target.url}/messenger/v1/{CHANNEL}/messages", headers={"X-Visitor-Token": made["walt"]},
                                   timeout=10).json()
    assert [m["text"] for m in visitor_history["messages"]] == ["Still waiting for someone", "Hello again"]
    assert target.stop() == 0


def test_a_target_that_holds_a_deployment_is_refused_and_left_untouched(parley_factory, parley_binary, schema_url):
    source = parley_factory("sqlite", config=CONFIG).start()
    create_agent(source.url, "ann", "Ann Agent")
    assert source.stop() == 0

    # The target already runs a (small) Parley of its own.
    url = schema_url()
    other = parley_factory("postgres", config=CONFIG, db_url=url).start()
    admin_session(other.url)
    assert other.stop() == 0

    def snapshot():
        def pg(sql):
            return postgres_query(url, sql)
        return ({t: table_rows(pg, t) for t in TABLES}, pg("SELECT position FROM event_log_head"),
                pg("SELECT identifier, applied_at FROM parley_migrations ORDER BY identifier"))

    before = snapshot()
    result = migrate_data(parley_binary, source, url)
    assert result.returncode != 0, result.stdout
    error = result.stderr
    assert "not empty" in error and re.search(r"\busers has \d+ rows?\b", error), error
    assert "nothing was written" in error, error
    assert snapshot() == before


def test_text_with_nul_loses_only_the_nul_and_still_verifies(parley_factory, parley_binary, schema_url):
    source = parley_factory("sqlite", config=CONFIG).start()
    ann_id, _ = create_agent(source.url, "ann", "Ann Agent")
    assert source.stop() == 0
    # Parley's SQLite store never keeps U+0000, but another tool can put one there; PostgreSQL text cannot hold it.
    with sqlite3.connect(source.db_path) as conn:
        conn.execute("UPDATE users SET display_name = ? WHERE id = ?", ("Ann\x00 Agent\x00", ann_id))
    url = schema_url()
    result = migrate_data(parley_binary, source, url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^users\s+(\d+)\s+\1\s+[0-9a-f]{16}\s+OK$", result.stdout, re.M), result.stdout
    assert postgres_query(url, "SELECT display_name FROM users WHERE id = ?", [ann_id]) == [("Ann Agent",)]


# --------------------------------------------------------------------------------------------------
# Arguments and sources it refuses
# --------------------------------------------------------------------------------------------------


def test_bad_arguments_are_named_in_the_error(parley_binary, tmp_path):
    good_to = "postgres://parley:hunter2@127.0.0.1:1/parley"
    cases = [
        (["--from", str(tmp_path / "parley.sqlite"), "--to", good_to], "--from must be sqlite:PATH"),
        (["--from", "sqlite:", "--to", good_to], "--from must be sqlite:PATH"),
        (["--from", f"sqlite:{tmp_path}/parley.sqlite", "--to", "mysql://root:hunter2@db/parley"], "--to must be a postgres://"),
        (["--from", f"sqlite:{tmp_path}/missing.sqlite", "--to", good_to], f"no SQLite database at {tmp_path}/missing.sqlite"),
        (["--to", good_to], "--from"),
    ]
    for args, expected in cases:
        result = run_cli(parley_binary, "migrate-data", *args, cwd=tmp_path, timeout=30)
        assert result.returncode != 0, (args, result.stdout)
        assert expected in result.stderr, (args, result.stderr)
        assert "hunter2" not in result.stdout + result.stderr, "a password was printed"


def test_sources_that_are_not_a_parley_database_at_this_schema_are_refused(parley_binary, tmp_path):
    target = "postgres://parley@127.0.0.1:1/parley"  # never reached: the source is checked first
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(old) as conn:
        conn.execute("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        conn.executemany("INSERT INTO grdb_migrations VALUES (?)", [("0001_inbox_eventlog_outbox",), ("0002_directory",)])
    newer = tmp_path / "newer.sqlite"
    with sqlite3.connect(newer) as conn:
        conn.execute("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO grdb_migrations VALUES ('9999_from_the_future')")
    not_sqlite = tmp_path / "notes.txt"
    not_sqlite.write_text("not a database " * 100)
    # A current database whose inbox file (parley-inbox.sqlite) was not copied with it.
    alone = tmp_path / "alone"
    assert run_cli(parley_binary, "migrate", "--data", str(alone), cwd=tmp_path, timeout=60).returncode == 0
    (alone / "parley-inbox.sqlite").unlink()

    for path, expected in [(foreign, "is not a Parley database"), (old, "is not fully migrated"),
                           (newer, "migrated by a newer Parley"), (not_sqlite, "cannot be opened as a SQLite database"),
                           (alone / "parley.sqlite", "the inbox file")]:
        result = run_cli(parley_binary, "migrate-data", "--from", f"sqlite:{path}", "--to", target, cwd=tmp_path, timeout=30)
        assert result.returncode != 0, (path, result.stdout)
        assert expected in result.stderr, (path, result.stderr)


def test_help_has_an_example(parley_binary, tmp_path):
    result = run_cli(parley_binary, "migrate-data", "--help", cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout and "--from sqlite:" in result.stdout, result.stdout
