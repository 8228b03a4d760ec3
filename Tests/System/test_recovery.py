"""Crash recovery: an acknowledged delivery survives SIGKILL, exactly once, and is processed after restart."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict

import requests

from conftest import channel_for, dedupe_key, free_port, meta_body, post_meta, wait_until

THREADS = 16
UNIQUE_MIDS = 2000
REPEAT_EVERY = 10          # every 10th job re-sends the mid of the job three places earlier
KILL_AFTER_SECONDS = 1.0   # SIGKILL after this much load (once at least MIN_ACKED were acknowledged) ...
MIN_ACKED = 100
KILL_AFTER_FRACTION = 0.3  # ... or once this share of the jobs is acknowledged, whichever comes first
MAX_LOAD_SECONDS = 30.0
PROCESSING_TIMEOUT = 15.0


def _jobs() -> list[str]:
    """Mids to send, in order: unique mids with deliberate repeats interleaved (some of which will be in flight
    at the same time as their original, so they land in the same group commit)."""
    jobs: list[str] = []
    unique = 0
    while unique < UNIQUE_MIDS:
        if len(jobs) % REPEAT_EVERY == REPEAT_EVERY - 1:
            jobs.append(jobs[-3])
        else:
            jobs.append(f"m_crash_{unique:05d}")
            unique += 1
    return jobs


def test_sigkill_restart_keeps_every_acknowledged_event_once(parley_factory, backend):
    server = parley_factory(db_url=backend).start()
    jobs = _jobs()
    sent_mids = set(jobs)

    lock = threading.RLock()
    next_job = [0]
    stop = threading.Event()
    acks: dict[str, list[dict]] = defaultdict(list)   # mid -> JSON answers of its 200 responses
    non_200: list[tuple[str, int, str]] = []
    client_errors: list[str] = []
    attempted = [0]

    def worker():
        session = requests.Session()
        while not stop.is_set():
            with lock:
                if next_job[0] >= len(jobs):
                    return
                mid = jobs[next_job[0]]
                next_job[0] += 1
                attempted[0] += 1
            try:
                response = post_meta(server.url, meta_body(mid, text=f"text of {mid}"), session, timeout=20)
            except requests.RequestException as error:
                with lock:
                    client_errors.append(f"{mid}: {type(error).__name__}")
                if stop.is_set():
                    return
                continue
            with lock:
                if response.status_code == 200:
                    acks[mid].append(response.json())
                else:
                    non_200.append((mid, response.status_code, response.text[:200]))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(THREADS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()

    def acked_count() -> int:
        with lock:
            return sum(len(answers) for answers in acks.values())

    while True:
        elapsed, acked = time.monotonic() - started, acked_count()
        if (elapsed >= KILL_AFTER_SECONDS and acked >= MIN_ACKED) or acked >= KILL_AFTER_FRACTION * len(jobs):
            break
        if elapsed > MAX_LOAD_SECONDS or not server.running():
            break
        time.sleep(0.01)
    with lock:
        in_flight_or_pending = len(jobs) - acked_count() - len(non_200) - len(client_errors)
    stop.set()
    assert server.running(), f"the server exited by itself under load:\n{server.stderr_tail()}"
    server.sigkill()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads), "client threads hung after the server was killed"

    acked_mids = set(acks)
    assert not non_200, f"unexpected non-200 answers before the kill: {non_200[:5]}"
    assert acked_count() >= MIN_ACKED, f"too little progress before the kill: {acked_count()} acknowledgements"
    assert in_flight_or_pending > THREADS, "the load finished before the kill; the kill did not happen part-way"

    for mid, answers in acks.items():
        for answer in answers:
            assert answer["poison"] is False, (mid, answer)
            assert answer["stored"] + answer["duplicates"] == 1, (mid, answer)
        assert sum(answer["stored"] for answer in answers) <= 1, f"{mid} was stored more than once: {answers}"

    # Restart on the same data directory (a fresh port avoids any TIME_WAIT trouble).
    server.port = free_port()
    server.start()

    channel = channel_for()
    rows = server.query("SELECT channel, dedupe_key, COUNT(*) FROM inbox_events GROUP BY channel, dedupe_key")
    counts = {key: count for ch, key, count in rows if ch == channel}
    assert all(ch == channel for ch, _, _ in rows), {ch for ch, _, _ in rows}
    missing = sorted(mid for mid in acked_mids if counts.get(dedupe_key(mid), 0) == 0)
    assert not missing, f"{len(missing)} acknowledged events lost after SIGKILL, e.g. {missing[:10]}"
    repeated = {key: count for key, count in counts.items() if count != 1}
    assert not repeated, f"events stored more than once: {list(repeated.items())[:10]}"
    unknown = set(counts) - {dedupe_key(mid) for mid in sent_mids}
    assert not unknown, f"rows for mids that were never sent: {sorted(unknown)[:10]}"
    total_rows = sum(counts.values())
    print(f"before SIGKILL: {attempted[0]} deliveries attempted, {acked_count()} acknowledged ({len(acked_mids)} "
          f"mids), {len(client_errors)} failed on the client; after restart: {total_rows} stored events")

    # The background processor finishes every stored event after the restart: processed_at set and exactly
    # one 'inbound.accepted' event-log entry per inbox event.
    def processed() -> bool:
        return server.scalar("SELECT COUNT(*) FROM inbox_events WHERE processed_at IS NULL") == 0

    assert wait_until(processed, PROCESSING_TIMEOUT, 0.2), (
        f"{server.scalar('SELECT COUNT(*) FROM inbox_events WHERE processed_at IS NULL')} of {total_rows} inbox "
        f"events still unprocessed {PROCESSING_TIMEOUT:.0f}s after the restart")

    def accepted_entries() -> list[tuple]:
        return server.query("SELECT body FROM event_log WHERE type = 'inbound.accepted'")

    assert wait_until(lambda: len(accepted_entries()) >= total_rows, 5, 0.2)
    inbox_ids = {row[0] for row in server.query("SELECT id FROM inbox_events")}
    logged_ids = Counter(json.loads(body)["inboxEventID"] for (body,) in accepted_entries())
    assert len(inbox_ids) == total_rows
    twice = {event_id: n for event_id, n in logged_ids.items() if n != 1}
    assert not twice, f"inbound.accepted written more than once for inbox events: {list(twice.items())[:10]}"
    assert set(logged_ids) == inbox_ids, (
        f"inbound.accepted missing for {sorted(inbox_ids - set(logged_ids))[:10]}, "
        f"extra for {sorted(set(logged_ids) - inbox_ids)[:10]}")

    # Re-delivering acknowledged events after the restart is recognised as a duplicate and stores nothing.
    session = requests.Session()
    for mid in sorted(acked_mids)[:5]:
        response = post_meta(server.url, meta_body(mid, text=f"text of {mid}"), session)
        assert response.status_code == 200, response.text
        assert response.json() == {"stored": 0, "duplicates": 1, "poison": False}, (mid, response.text)
    assert server.scalar("SELECT COUNT(*) FROM inbox_events") == total_rows

    assert requests.get(f"{server.url}/readyz", timeout=10).status_code == 200
    server.stop()
