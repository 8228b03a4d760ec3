"""Shared fixtures for Parley's system tests.

These tests drive the real `parley` binary as a black box: they start `parley serve` in a temporary
directory on a free port, talk HTTP to it, and read its SQLite database with Python's sqlite3 module.

Environment:
  PARLEY_BIN  path to the binary (default: /work/main/.build/debug/parley)
  CI          when 'true', missing tools (strace) fail the test instead of skipping it
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Iterable, Sequence

import pytest
import requests

DEFAULT_BIN = "/work/main/.build/debug/parley"
META_SECRET = "test-secret"
META_PAGE_ID = "103149398319188"
ADMIN_PASSWORD = "some-long-password"
LISTENING_PREFIX = "Parley is listening on http://"
START_TIMEOUT = 30.0

META_CONFIG = f"""\
platforms:
  meta:
    webhook_secret: {META_SECRET}
"""


# --------------------------------------------------------------------------------------------------
# Binary, ports, signing
# --------------------------------------------------------------------------------------------------


def parley_bin() -> str:
    return os.environ.get("PARLEY_BIN", DEFAULT_BIN)


@pytest.fixture(scope="session")
def parley_binary() -> str:
    path = parley_bin()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"parley binary not found or not executable: {path} (set PARLEY_BIN)")
    return path


@pytest.fixture()
def chromium():
    """Headless Chromium driven by selenium (`desktop/desktop_flow.py`'s settings); skipped where it is not installed,
    except in CI, where its absence fails the test."""
    import shutil
    import sys
    if not (shutil.which("/usr/bin/chromium") and shutil.which("/usr/bin/chromedriver")):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and chromium-driver are not installed")
        pytest.skip("chromium is not installed")
    sys.path.insert(0, str(Path(__file__).parent / "desktop"))
    from desktop_flow import browser
    driver = browser()
    yield driver
    driver.quit()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def port() -> int:
    return free_port()


def meta_signature(body: bytes, secret: str = META_SECRET) -> str:
    """Value of the X-Hub-Signature-256 header for `body`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def meta_message(mid: str, text: str = "hello", page_id: str = META_PAGE_ID, sender: str = "654321",
                 timestamp: int = 1767225600000) -> dict:
    return {
        "sender": {"id": sender},
        "recipient": {"id": page_id},
        "timestamp": timestamp,
        "message": {"mid": mid, "text": text},
    }


def meta_body(mids: str | Sequence[str], text: str = "hello", page_id: str = META_PAGE_ID) -> bytes:
    """A Messenger delivery; one entry per mid (a batched delivery when several mids are given)."""
    if isinstance(mids, str):
        mids = [mids]
    entries = [
        {"id": page_id, "time": 1767225600000, "messaging": [meta_message(mid, text=text, page_id=page_id)]}
        for mid in mids
    ]
    return json.dumps({"object": "page", "entry": entries}, separators=(",", ":")).encode()


def signed_headers(body: bytes, secret: str = META_SECRET) -> dict:
    return {"X-Hub-Signature-256": meta_signature(body, secret), "Content-Type": "application/json"}


def post_meta(base_url: str, body: bytes, session: requests.Session | None = None, timeout: float = 15.0,
              secret: str = META_SECRET) -> requests.Response:
    http = session or requests
    return http.post(f"{base_url}/webhooks/meta", data=body, headers=signed_headers(body, secret), timeout=timeout)


def channel_for(page_id: str = META_PAGE_ID) -> str:
    return f"messenger:{page_id}"


def dedupe_key(mid: str) -> str:
    return f"mid:{mid}"


def wait_until(predicate, timeout: float, interval: float = 0.1):
    """Polls `predicate` until it returns a truthy value (returned) or `timeout` passes (returns the last value)."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


# --------------------------------------------------------------------------------------------------
# Running `parley serve`
# --------------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    result: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                result.extend(int(x) for x in f.read().split())
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return result


class ParleyProcess:
    """One `parley serve` process with its own data directory, config file and port.

    `prefix` lets a test run the server under another program (e.g. strace); the server's own pid is
    then found among that program's children.
    """

    def __init__(self, binary: str, workdir: Path, config: str | None = META_CONFIG, port: int | None = None,
                 prefix: Sequence[str] = (), env: dict | None = None, log_level: str = "info",
                 data_dir: Path | None = None, extra_args: Sequence[str] = (), db_url: str | None = None):
        self.binary = binary
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.data_dir = Path(data_dir) if data_dir else self.workdir / "data"
        self.config_path = self.workdir / "parley.yml"
        if config is not None:
            self.config_path.write_text(config)
        self.port = port or free_port()
        self.prefix = list(prefix)
        self.extra_env = env or {}
        self.log_level = log_level
        self.extra_args = list(extra_args)
        self.db_url = db_url
        self.proc: subprocess.Popen | None = None
        self.stdout_lines: list[str] = []
        self._ready = threading.Event()
        self._reader: threading.Thread | None = None
        self._stderr_file = None
        self.starts = 0

    # -- paths and URLs ----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def db_path(self) -> Path:
        return self.data_dir / "parley.sqlite"

    @property
    def stderr_path(self) -> Path:
        return self.workdir / f"stderr-{self.starts}.log"

    def stderr_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.stderr_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def command(self) -> list[str]:
        return [*self.prefix, self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                "--data", str(self.data_dir), "--config", str(self.config_path), "--log-level", self.log_level,
                *(["--db", self.db_url] if self.db_url else []), *self.extra_args]

    # -- lifecycle -----------------------------------------------------------------------------------

    def start(self, timeout: float = START_TIMEOUT) -> "ParleyProcess":
        assert self.proc is None or self.proc.poll() is not None, "already running"
        self.starts += 1
        self.stdout_lines = []
        self._ready = threading.Event()
        env = dict(os.environ)
        env.setdefault("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD)
        env.update(self.extra_env)
        self._stderr_file = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(self.command(), cwd=self.workdir, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=self._stderr_file)
        self._reader = threading.Thread(target=self._read_stdout, args=(self.proc, self._ready), daemon=True)
        self._reader.start()
        deadline = time.monotonic() + timeout
        while not self._ready.wait(0.05):
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"parley serve exited with {self.proc.returncode} before listening.\n"
                    f"stdout: {self.stdout_lines}\nstderr:\n{self.stderr_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(
                    f"parley serve printed no '{LISTENING_PREFIX}…' line on stdout within {timeout:.0f}s "
                    f"(stdout is a pipe here; the line must be flushed when printed).\n"
                    f"stdout so far: {self.stdout_lines}\nstderr:\n{self.stderr_tail()}")
        expected = f"{LISTENING_PREFIX}127.0.0.1:{self.port}"
        assert any(line.strip() == expected for line in self.stdout_lines), self.stdout_lines
        return self

    def _read_stdout(self, proc: subprocess.Popen, ready: threading.Event) -> None:
        assert proc.stdout is not None
        for raw in iter(proc.stdout.readline, b""):
            line = raw.decode(errors="replace").rstrip("\n")
            self.stdout_lines.append(line)
            if line.startswith(LISTENING_PREFIX):
                ready.set()
        proc.stdout.close()

    @property
    def server_pid(self) -> int:
        """Pid of `parley` itself (not of a prefix program such as strace)."""
        assert self.proc is not None
        if not self.prefix:
            return self.proc.pid
        kids = _children(self.proc.pid)
        assert kids, "the server process under the prefix program was not found"
        return kids[0]

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def sigkill(self) -> None:
        """SIGKILL the server itself (no chance to drain or flush anything)."""
        os.kill(self.server_pid, signal.SIGKILL)
        self._wait(10)

    def stop(self, timeout: float = 15.0) -> int | None:
        """Graceful stop: SIGTERM the server, then SIGKILL after `timeout`."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            try:
                os.kill(self.server_pid, signal.SIGTERM)
            except (ProcessLookupError, AssertionError):
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._finish()
        return self.proc.returncode

    def kill(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            for pid in _children(self.proc.pid) + [self.proc.pid]:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self._wait(10)

    def _wait(self, timeout: float) -> None:
        assert self.proc is not None
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout)
        self._finish()

    def _finish(self) -> None:
        if self._reader is not None:
            self._reader.join(5)
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None

    # -- database ------------------------------------------------------------------------------------

    def db(self) -> sqlite3.Connection:
        """A read-only connection to the live database (WAL mode allows reading while serving), with the durable
        inbox's own file attached (see `sqlite_connect`)."""
        return sqlite_connect(self.db_path)

    def query(self, sql: str, params: Iterable = ()) -> list[tuple]:
        """Rows of a query on the server's database: SQLite, or PostgreSQL when the server runs on it (plain SQL
        that means the same on both; `?` placeholders)."""
        if self.db_url:
            return postgres_query(self.db_url, sql, params)
        conn = self.db()
        try:
            return conn.execute(sql, tuple(params)).fetchall()
        finally:
            conn.close()

    def scalar(self, sql: str, params: Iterable = ()):
        rows = self.query(sql, params)
        return rows[0][0] if rows else None


def inbox_file(db_path) -> Path:
    """The durable inbox's own file beside a SQLite database: parley.sqlite -> parley-inbox.sqlite."""
    path = Path(db_path)
    return path.with_name(f"{path.stem}-inbox{path.suffix}")


def sqlite_connect(db_path, read_only: bool = True) -> sqlite3.Connection:
    """A connection to a Parley SQLite database that reads like one file: the inbox file is attached, and a temporary
    view gives its events the `processed_at` PostgreSQL stores (the main file keeps one "processed through" instead:
    `inbox_progress`), so the same SQL works on both stores."""
    mode = "?mode=ro" if read_only else ""
    conn = sqlite3.connect(f"file:{db_path}{mode}", uri=True, timeout=10)
    conn.execute("PRAGMA busy_timeout = 10000")
    inbox = inbox_file(db_path)
    if inbox.exists():
        conn.execute("ATTACH DATABASE ? AS inbox", (f"file:{inbox}{mode}",))
        conn.execute("""
            CREATE TEMP VIEW inbox_events AS
            SELECT e.*, CASE WHEN e.id <= p.processed_through THEN p.processed_at END AS processed_at
            FROM inbox.inbox_events e, main.inbox_progress p
            """)
    return conn


def postgres_query(url: str, sql: str, params: Iterable = ()) -> list[tuple]:
    import psycopg
    from urllib.parse import parse_qs, urlsplit, urlunsplit

    parts = urlsplit(url)
    schema = parse_qs(parts.query).get("schema", [None])[0]
    with psycopg.connect(urlunsplit(parts._replace(query="")), options=f"-c search_path={schema}" if schema else "") as conn:
        rows = conn.execute(sql.replace("?", "%s"), tuple(params)).fetchall()
    return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in rows]


def postgres_schema(prefix: str):
    """Yields the URL of a fresh PostgreSQL schema and drops it afterwards. Needs PARLEY_TEST_POSTGRES_URL
    (scripts/postgres-test-server start); with CI=true a missing server fails the test instead of skipping it."""
    base = os.environ.get("PARLEY_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI") == "true":
            pytest.fail("PARLEY_TEST_POSTGRES_URL is not set (export PARLEY_TEST_POSTGRES_URL=$(scripts/postgres-test-server start))")
        pytest.skip("PARLEY_TEST_POSTGRES_URL is not set")
    schema = prefix + os.urandom(6).hex()
    yield f"{base}{'&' if '?' in base else '?'}schema={schema}"
    try:
        import psycopg
        with psycopg.connect(base.split("?")[0], autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    except Exception:
        pass


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request) -> str | None:
    """The database a test's server runs on: None (SQLite in its data directory) or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield None
        return
    yield from postgres_schema("sys_")


@pytest.fixture
def parley_factory(parley_binary, tmp_path):
    """Creates ParleyProcess objects in the test's tmp dir and kills whatever is left at teardown."""
    created: list[ParleyProcess] = []

    def make(name: str = "server", **kwargs) -> ParleyProcess:
        server = ParleyProcess(parley_binary, tmp_path / name, **kwargs)
        created.append(server)
        return server

    yield make
    for server in created:
        server.kill()


@pytest.fixture
def parley(parley_factory) -> ParleyProcess:
    """A running server with signed Meta webhooks (secret 'test-secret')."""
    return parley_factory().start()


def run_cli(binary: str, *args: str, input: str | None = None, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    """Runs the CLI; an `env` value of None removes that variable."""
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    return subprocess.run([binary, *args], input=input, capture_output=True, text=True, cwd=cwd, env=full_env,
                          timeout=timeout)


def assert_error_shape(response: requests.Response, status: int, code: str) -> dict:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    payload = response.json()
    assert set(payload) == {"error"}, payload
    assert payload["error"].get("code") == code, payload
    assert isinstance(payload["error"].get("message"), str) and payload["error"]["message"], payload
    return payload
