"""The command line: config validate, --help examples, version, backup while serving, migrate and users."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import dedupe_key, inbox_file, meta_body, post_meta, run_cli, sqlite_connect

SUBCOMMANDS = ["serve", "demo", "migrate", "user add", "user list", "user passwd", "config validate",
               "config export", "config seal", "sandbox", "bench ingest", "bench routing", "migrate-data", "simulate", "calendar expand", "calendar check", "backup", "version", "analyze train", "analyze evaluate", "analyze text"]

GOOD_CONFIG = """\
server:
  host: 127.0.0.1
  port: 8080
platforms:
  meta:
    webhook_secret: {env: META_WEBHOOK_SECRET}
channels:
  - id: fb
    kind: messenger
    account_id: "103149398319188"
    name: Messenger
    enabled: true
    inactivity_timeout: 15m
    max_retry_duration: 72h
skills:
  - id: billing
    name: Billing
workgroups:
  - id: support
    name: Support
    required_skills:
      - skill: billing
        proficiency: 2
    service_level_seconds: 30
    service_level_target: 0.8
wrap_up_codes:
  - id: resolved
    name: Resolved
    active: true
"""

UNKNOWN_KIND = """\
channels:
  - id: web
    kind: web_messaging
    account_id: "site-1"
  - id: fb
    kind: facebok
    account_id: "103149398319188"
"""

MISSPELLED_KEY = """\
server:
  host: 127.0.0.1
  prot: 8080
"""

BAD_DURATION = """\
channels:
  - id: fb
    kind: messenger
    account_id: "103149398319188"
    inactivity_timeout: 5x
"""

YAML_SYNTAX = """\
server:
  host: 127.0.0.1
    port: 8080
"""

MISSING_ACCOUNT = """\
channels:
  - id: fb
    kind: messenger
"""

# Two errors in the same channel item.
MISSING_ACCOUNT_AND_BAD_DURATION = """\
channels:
  - id: fb
    kind: messenger
    inactivity_timeout: 5x
"""


def validate(binary: str, tmp_path: Path, name: str, text: str) -> tuple[subprocess.CompletedProcess, str, list[str]]:
    path = tmp_path / name
    path.write_text(text)
    result = run_cli(binary, "config", "validate", str(path), cwd=tmp_path)
    lines = (result.stdout + result.stderr).splitlines()
    return result, str(path), lines


def diagnostics(lines: list[str], path: str) -> list[tuple[str, str, str]]:
    """(line, severity, message) for each `FILE:LINE: severity: message` line."""
    found = []
    for line in lines:
        match = re.match(rf"^{re.escape(path)}:([^:]+): (error|warning): (.*)$", line)
        if match:
            found.append((match.group(1), match.group(2), match.group(3)))
    return found


# -- config validate ---------------------------------------------------------------------------------------


def test_config_validate_accepts_a_good_file(parley_binary, tmp_path):
    result, path, lines = validate(parley_binary, tmp_path, "good.yml", GOOD_CONFIG)
    assert result.returncode == 0, lines
    assert diagnostics(lines, path) == [], lines
    assert any(line.startswith(f"{path}: valid (") for line in lines), lines


def test_config_validate_unknown_channel_kind(parley_binary, tmp_path):
    result, path, lines = validate(parley_binary, tmp_path, "kind.yml", UNKNOWN_KIND)
    assert result.returncode == 1, lines
    found = diagnostics(lines, path)
    assert [(line, severity) for line, severity, _ in found] == [("6", "error")], lines
    message = found[0][2]
    assert message.startswith("channels[1].kind: unknown value 'facebok'; expected one of "), message
    for kind in ["web_messaging", "facebook_page", "messenger", "instagram", "whatsapp", "x", "line", "open"]:
        assert re.search(rf"\b{kind}\b", message), (kind, message)
    assert not any(": valid (" in line for line in lines), lines


def test_config_validate_misspelled_key_is_a_warning_with_a_suggestion(parley_binary, tmp_path):
    result, path, lines = validate(parley_binary, tmp_path, "key.yml", MISSPELLED_KEY)
    assert result.returncode == 0, lines
    assert f"{path}:3: warning: server.prot: unknown key is ignored; did you mean 'port'?" in lines, lines
    assert [(line, severity) for line, severity, _ in diagnostics(lines, path)] == [("3", "warning")], lines
    assert any(line.startswith(f"{path}: valid (") for line in lines), lines


def test_config_validate_bad_duration(parley_binary, tmp_path):
    result, path, lines = validate(parley_binary, tmp_path, "duration.yml", BAD_DURATION)
    assert result.returncode == 1, lines
    found = diagnostics(lines, path)
    assert [(line, severity) for line, severity, _ in found] == [("5", "error")], lines
    assert found[0][2].startswith("channels[0].inactivity_timeout: "), found


def test_config_validate_yaml_syntax_error_has_a_line(parley_binary, tmp_path):
    result, path, lines = validate(parley_binary, tmp_path, "syntax.yml", YAML_SYNTAX)
    assert result.returncode == 1, lines
    found = diagnostics(lines, path)
    assert [(line, severity) for line, severity, _ in found] == [("3", "error")], lines
    assert "YAML" in found[0][2], found


def test_config_validate_missing_required_key_reports_the_item_line(parley_binary, tmp_path):
    """'channel has no account_id' must point at the channel item (lines 2-3), not at an unknown line."""
    result, path, lines = validate(parley_binary, tmp_path, "no-account.yml", MISSING_ACCOUNT)
    assert result.returncode == 1, lines
    found = diagnostics(lines, path)
    assert [(severity, message.split(":")[0]) for _, severity, message in found] == [
        ("error", "channels[0].account_id")], lines
    line = found[0][0]
    assert line.isdigit() and 2 <= int(line) <= 3, f"expected the line of the channel item (2-3), got {line!r}: {lines}"


def test_config_validate_reports_every_error_of_an_item(parley_binary, tmp_path):
    """A channel with two problems (no account_id, bad duration on line 4): both are reported."""
    result, path, lines = validate(parley_binary, tmp_path, "two-errors.yml", MISSING_ACCOUNT_AND_BAD_DURATION)
    assert result.returncode == 1, lines
    found = diagnostics(lines, path)
    assert any(message.startswith("channels[0].account_id:") for _, _, message in found), lines
    assert ("4", "error") in [(line, severity) for line, severity, message in found
                              if message.startswith("channels[0].inactivity_timeout:")], (
        f"the bad duration on line 4 is not reported: {lines}")


def test_config_validate_unreadable_file_fails(parley_binary, tmp_path):
    result = run_cli(parley_binary, "config", "validate", str(tmp_path / "missing.yml"), cwd=tmp_path)
    assert result.returncode != 0
    assert "missing.yml" in result.stdout + result.stderr


# -- help and version --------------------------------------------------------------------------------------


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_every_subcommand_help_has_an_example(parley_binary, tmp_path, subcommand):
    result = run_cli(parley_binary, *subcommand.split(), "--help", cwd=tmp_path, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout + result.stderr, result.stdout


def test_version(parley_binary, tmp_path):
    result = run_cli(parley_binary, "version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"parley \d+\.\d+\.\d+\S*\n?", result.stdout), result.stdout


# -- backup while serving ----------------------------------------------------------------------------------


def test_backup_while_serving_is_a_readable_consistent_copy(parley, parley_binary, tmp_path):
    before = [f"m_backup_{i}" for i in range(20)]
    session = requests.Session()
    for mid in before:
        assert post_meta(parley.url, meta_body(mid), session).json()["stored"] == 1

    # Keep deliveries coming while the backup runs.
    stop = threading.Event()
    during: list[int] = []

    def load():
        own = requests.Session()
        n = 0
        while not stop.is_set():
            response = post_meta(parley.url, meta_body(f"m_during_{n}"), own)
            during.append(response.status_code)
            n += 1

    loader = threading.Thread(target=load, daemon=True)
    loader.start()
    time.sleep(0.2)
    out = tmp_path / "backups" / "copy.sqlite"
    out.parent.mkdir()
    result = run_cli(parley_binary, "backup", str(out), "--data", str(parley.data_dir), cwd=tmp_path)
    time.sleep(0.2)
    stop.set()
    loader.join(30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert during and set(during) == {200}, during
    assert out.is_file()
    out_inbox = inbox_file(out)
    assert out_inbox.is_file(), "the backup writes the inbox file beside the main one"
    assert str(out_inbox) in result.stdout, result.stdout

    # The two backup files stand on their own: copy them elsewhere under the served names and open them.
    alone = tmp_path / "restore" / "parley.sqlite"
    alone.parent.mkdir()
    shutil.copyfile(out, alone)
    shutil.copyfile(out_inbox, inbox_file(alone))
    conn = sqlite_connect(alone)
    try:
        for schema in ("main", "inbox"):
            assert conn.execute(f"PRAGMA {schema}.integrity_check").fetchone()[0] == "ok"
            assert conn.execute(f"PRAGMA {schema}.foreign_key_check").fetchall() == []
        keys = {row[0] for row in conn.execute("SELECT dedupe_key FROM inbox_events")}
        assert {dedupe_key(mid) for mid in before} <= keys
        orphans = conn.execute(
            "SELECT COUNT(*) FROM inbox_events e LEFT JOIN deliveries d ON d.id = e.delivery_id WHERE d.id IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        # The main file was copied first: every event it counts as processed is in the inbox copy.
        through = conn.execute("SELECT processed_through FROM inbox_progress").fetchone()[0]
        assert conn.execute("SELECT COUNT(*) FROM inbox_events WHERE id <= ?", (through,)).fetchone()[0] == through
        backed_up = conn.execute("SELECT COUNT(*) FROM inbox_events").fetchone()[0]
    finally:
        conn.close()
    assert backed_up <= parley.scalar("SELECT COUNT(*) FROM inbox_events")


# -- migrate and users -------------------------------------------------------------------------------------


def test_serve_says_when_it_creates_the_database_and_is_quiet_when_nothing_is_to_apply(parley_factory, backend):
    """Both backends log the same way: a new database is announced once with its migration count and time."""
    server = parley_factory(db_url=backend).start()
    first = server.stderr_path.read_text(errors="replace")
    created = [line for line in first.splitlines() if "created the database" in line]
    assert len(created) == 1, first[-3000:]
    assert re.search(r"migrations=\d+", created[0]) and "seconds=" in created[0], created[0]
    assert "applying database migrations" not in first
    assert ("database=postgres://" if backend else "database=sqlite:") in created[0], created[0]
    assert server.stop() == 0

    server.start()
    second = server.stderr_path.read_text(errors="replace")
    assert server.starts == 2, "a log file of its own for the second start"
    assert "created the database" not in second and "database migrations" not in second, second[-3000:]


def test_migrate_then_users(parley_binary, tmp_path):
    data = tmp_path / "fresh-data"
    result = run_cli(parley_binary, "migrate", "--data", str(data), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (data / "parley.sqlite").is_file()

    listed = run_cli(parley_binary, "user", "list", "--data", str(data), cwd=tmp_path)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "ann" not in listed.stdout

    added = run_cli(parley_binary, "user", "add", "ann", "--role", "agent", "--data", str(data),
                    input="long-password-123\n", cwd=tmp_path, env={"PARLEY_PASSWORD": None})
    assert added.returncode == 0, added.stdout + added.stderr

    listed = run_cli(parley_binary, "user", "list", "--data", str(data), cwd=tmp_path)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    rows = [line.split("\t") for line in listed.stdout.splitlines() if line.strip()]
    ann = [row for row in rows if row[0] == "ann"]
    assert len(ann) == 1, listed.stdout
    assert "agent" in ann[0][-1], listed.stdout

    # A second 'ann' and a too-short password are refused and change nothing.
    again = run_cli(parley_binary, "user", "add", "ann", "--data", str(data), input="long-password-123\n",
                    cwd=tmp_path, env={"PARLEY_PASSWORD": None})
    assert again.returncode != 0
    short = run_cli(parley_binary, "user", "add", "bob", "--data", str(data), input="short\n", cwd=tmp_path,
                    env={"PARLEY_PASSWORD": None})
    assert short.returncode != 0
    # Login names keep the API's rule, and a password must be more than white space.
    for name in ("", "bad name", "x" * 101):
        refused = run_cli(parley_binary, "user", "add", name, "--data", str(data), input="long-password-123\n", cwd=tmp_path,
                          env={"PARLEY_PASSWORD": None})
        assert refused.returncode != 0 and "A username is 1 to 100 letters" in refused.stderr, (name, refused.stderr)
    blank = run_cli(parley_binary, "user", "add", "cat", "--data", str(data), input=" " * 12 + "\n", cwd=tmp_path,
                    env={"PARLEY_PASSWORD": None})
    assert blank.returncode != 0 and "more than white space" in blank.stderr, blank.stderr
    listed = run_cli(parley_binary, "user", "list", "--data", str(data), cwd=tmp_path)
    assert [line.split("\t")[0] for line in listed.stdout.splitlines() if line.strip()] == ["ann"]


def test_mistakes_on_the_command_line_are_refused_with_one_clear_line(parley_binary, tmp_path):
    """A port out of range used to wrap round (99999 listened on 34463); a backup of a mistyped --data used to
    create an empty database there and report success."""
    for command in (["serve", "--port", "99999"], ["demo", "--sandbox-port=-1"], ["sandbox", "--port", "70000"]):
        result = run_cli(parley_binary, *command, "--data", str(tmp_path / "d"), cwd=tmp_path, timeout=30) \
            if command[0] == "serve" else run_cli(parley_binary, *command, cwd=tmp_path, timeout=30)
        assert result.returncode != 0 and "must be 0 to 65535" in result.stderr, (command, result.stderr)
    missing = tmp_path / "no-such-data"
    backup = run_cli(parley_binary, "backup", str(tmp_path / "copy.sqlite"), "--data", str(missing), cwd=tmp_path)
    assert backup.returncode != 0 and "there is no database at" in backup.stderr, backup.stderr
    assert not (missing / "parley.sqlite").exists() and not (tmp_path / "copy.sqlite").exists()


def test_a_command_that_cannot_do_its_work_says_why_without_the_usage(parley_binary, tmp_path):
    """Found by probing: commands that only read a database created an empty one on a mistyped --data and
    reported on it; `--db bogus://x` was opened as a file of that name; an unreadable file was "cannot read X"
    with no reason, a file given as --data a raw NSCocoaErrorDomain dump; and every such failure was followed by
    the top-level usage text, as if the arguments had been wrong."""
    missing = tmp_path / "mistyped"
    for command in (["config", "export"], ["reports", "rebuild"], ["user", "list"], ["user", "passwd", "ann"]):
        result = run_cli(parley_binary, *command, "--data", str(missing), cwd=tmp_path, input="a-long-password\n",
                         env={"PARLEY_DATABASE_URL": None})
        assert result.returncode == 1 and f"there is no database at {missing}/parley.sqlite" in result.stderr, (command, result.stderr)
        assert "Usage" not in result.stderr, (command, result.stderr)
    assert not missing.exists()

    scheme = run_cli(parley_binary, "user", "list", "--db", "mysql://ann:secret@db/parley", cwd=tmp_path)
    assert scheme.returncode != 0 and "--db 'mysql://ann:***@db/parley' is a mysql:// URL" in scheme.stderr, scheme.stderr
    assert "secret" not in scheme.stderr and not (tmp_path / "mysql:").exists()

    a_file = tmp_path / "a-file"
    a_file.write_text("not a directory")
    seal = run_cli(parley_binary, "config", "seal", "--data", str(a_file), input="s3cret\n", cwd=tmp_path)
    assert seal.returncode == 1 and f"the data directory {a_file} is a file" in seal.stderr, seal.stderr
    assert "NSCocoaErrorDomain" not in seal.stderr
    serve = run_cli(parley_binary, "serve", "--port", "0", "--data", str(a_file / "below"), cwd=tmp_path, timeout=30)
    assert serve.returncode == 1 and f"cannot create the data directory {a_file}/below: {a_file} is a file, not a directory" in serve.stderr, serve.stderr

    (tmp_path / "binary.yml").write_bytes(bytes(range(256)))
    for path, reason in ((tmp_path / "missing.yml", "there is no such file"), (tmp_path, "it is a directory"),
                         (tmp_path / "binary.yml", "it is not UTF-8 text")):
        result = run_cli(parley_binary, "config", "validate", str(path), cwd=tmp_path)
        assert result.returncode == 1 and result.stderr.strip() == f"Error: cannot read {path}: {reason}", result.stderr
