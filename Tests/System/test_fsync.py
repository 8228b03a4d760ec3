"""Durability: every webhook acknowledgement is sent only after an fsync/fdatasync of the database completed,
and concurrent deliveries share fsyncs (group commit).

The server runs under strace. strace prints the syscalls of all threads in one chronological stream: a
syscall that another thread's syscall interrupts is printed as `name(args <unfinished ...>` and later completed
by `<... name resumed> ...) = ret`. Because a traced thread is stopped at each syscall entry and exit until
strace has printed it, the order of lines is a causal order: if a thread reacts to an fsync's return, the
fsync's completion line comes before the line of the reaction.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field

import pytest
import requests

from conftest import meta_body, post_meta

SEQUENTIAL = 6            # acknowledgements checked one by one (after one warm-up delivery)
PAUSE = 0.3               # between sequential deliveries, so the background processor's own commit is done
BURST_THREADS = 32
BURST_ROUNDS = 4          # each round: all threads post at once (a barrier), one delivery each

SYNC_CALLS = {"fsync", "fdatasync"}
WRITE_CALLS = {"write", "writev", "sendmsg", "sendto"}
READ_CALLS = {"read", "readv", "recvfrom", "recvmsg"}
TRACED = sorted(SYNC_CALLS | WRITE_CALLS | READ_CALLS)

LINE = re.compile(r"^(?P<pid>\d+)\s+(?P<time>\d\d:\d\d:\d\d\.\d+)\s+(?P<rest>.*)$")
RESUMED = re.compile(r"^<\.\.\. (?P<name>\w+) resumed>(?P<text>.*)$")
CALL = re.compile(r"^(?P<name>\w+)\((?P<text>.*)$")
RESULT = re.compile(r"\)\s+=\s+(?P<ret>-?\d+|\?)(?:\s.*)?$")


@dataclass
class Syscall:
    pid: int
    name: str
    start: int                 # index of the line where the call appears (its entry)
    end: int | None = None     # index of the line where it returned
    text: str = ""
    ret: int | None = None
    fd: int | None = field(default=None)


def parse_trace(path: str) -> list[Syscall]:
    calls: list[Syscall] = []
    unfinished: dict[int, Syscall] = {}
    with open(path, errors="replace") as f:
        for index, raw in enumerate(f):
            match = LINE.match(raw.rstrip("\n"))
            if not match:
                continue
            pid, rest = int(match["pid"]), match["rest"]
            if rest.startswith(("---", "+++")):
                continue
            resumed = RESUMED.match(rest)
            if resumed:
                call = unfinished.pop(pid, None)
                if call is None or call.name != resumed["name"]:
                    continue  # its start was before the trace began or was not traced
                call.end = index
                call.text += resumed["text"]
                _set_result(call, resumed["text"])
                continue
            started = CALL.match(rest)
            if not started:
                continue
            call = Syscall(pid=pid, name=started["name"], start=index, text=started["text"])
            fd = re.match(r"(\d+),", started["text"])
            call.fd = int(fd.group(1)) if fd else None
            if rest.endswith("<unfinished ...>"):
                unfinished[pid] = call
            else:
                call.end = index
                _set_result(call, started["text"])
            calls.append(call)
    return calls


def _set_result(call: Syscall, text: str) -> None:
    result = RESULT.search(text)
    if result and result["ret"] != "?":
        call.ret = int(result["ret"])


def _require_strace() -> str:
    strace = shutil.which("strace")
    if strace is None:
        if os.environ.get("CI") == "true":
            pytest.fail("strace is not installed, and CI=true: install strace to run the fsync test")
        pytest.skip("strace is not installed")
    return strace


def test_fsync_precedes_each_acknowledgement(parley_factory, tmp_path):
    strace = _require_strace()
    trace_path = str(tmp_path / "parley.strace")
    server = parley_factory(prefix=[strace, "-f", "-tt", "-s", "80", "-e", "trace=" + ",".join(TRACED),
                                    "-o", trace_path])
    server.start(timeout=60)
    # Nothing but webhook deliveries is sent to the server while it is traced, so every response starting
    # with "HTTP/1.1 200" is a webhook acknowledgement.

    session = requests.Session()
    for i in range(SEQUENTIAL + 1):
        response = post_meta(server.url, meta_body(f"m_seq_{i}"), session)
        assert response.status_code == 200, response.text
        assert response.json() == {"stored": 1, "duplicates": 0, "poison": False}
        time.sleep(PAUSE)

    barrier = threading.Barrier(BURST_THREADS)
    burst_answers: list[int] = []
    lock = threading.Lock()

    def burst(worker: int) -> None:
        own = requests.Session()
        for round_ in range(BURST_ROUNDS):
            barrier.wait(30)
            response = post_meta(server.url, meta_body(f"m_burst_{worker}_{round_}"), own, timeout=60)
            with lock:
                burst_answers.append(response.status_code)

    threads = [threading.Thread(target=burst, args=(n,), daemon=True) for n in range(BURST_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert burst_answers == [200] * (BURST_THREADS * BURST_ROUNDS), burst_answers
    server.stop(timeout=30)  # strace exits with the server, having written the whole trace

    calls = parse_trace(trace_path)
    syncs = [c for c in calls if c.name in SYNC_CALLS and c.end is not None and c.ret == 0]
    requests_read = [c for c in calls if c.name in READ_CALLS and c.end is not None
                     and "POST /webhooks/meta" in c.text]
    acks = [c for c in calls if c.name in WRITE_CALLS and '"HTTP/1.1 200' in c.text]
    total = SEQUENTIAL + 1 + BURST_THREADS * BURST_ROUNDS
    assert syncs, "no fsync/fdatasync in the trace at all: is the database synchronous=FULL?"
    assert len(requests_read) == total, f"{len(requests_read)} webhook requests read in the trace, expected {total}"
    assert len(acks) == total, f"{len(acks)} '200' responses written in the trace, expected {total}"

    # Sequential phase: one request at a time on one connection. For each acknowledgement after the warm-up,
    # (a) an fsync/fdatasync completed between the previous acknowledgement and this one, and (b) more strictly,
    # one started after this request was read and completed before its response was written.
    sequential_reads = requests_read[:SEQUENTIAL + 1]
    sequential_acks = acks[:SEQUENTIAL + 1]
    for n in range(1, SEQUENTIAL + 1):
        previous, ack, read = sequential_acks[n - 1], sequential_acks[n], sequential_reads[n]
        assert read.fd == ack.fd and previous.start < read.end < ack.start, (n, read, ack)
        between = [s for s in syncs if previous.start < s.end < ack.start]
        assert between, f"acknowledgement {n} was written with no fsync/fdatasync since the previous one"
        inside = [s for s in syncs if read.end < s.start and s.end < ack.start]
        assert inside, (f"acknowledgement {n} was written without an fsync/fdatasync between reading the "
                        f"request (trace line {read.end + 1}) and writing the 200 (line {ack.start + 1})")

    # Concurrent burst: group commit shares fsyncs, so there are fewer of them than acknowledgements, counting
    # every fsync/fdatasync from the first burst request read to the last burst acknowledgement (including the
    # background processor's own commits).
    burst_reads = requests_read[SEQUENTIAL + 1:]
    burst_acks = acks[SEQUENTIAL + 1:]
    first, last = min(r.end for r in burst_reads), max(a.start for a in burst_acks)
    burst_syncs = [s for s in syncs if first <= s.start and s.end <= last]
    print(f"burst: {len(burst_syncs)} fsync/fdatasync calls for {len(burst_acks)} acknowledgements")
    assert len(burst_syncs) < len(burst_acks), (
        f"{len(burst_syncs)} fsync/fdatasync calls for {len(burst_acks)} concurrent acknowledgements: "
        f"the deliveries do not share commits")
    # Every burst acknowledgement still follows some completed fsync issued after its request was read.
    reads_by_fd: dict[int, list[Syscall]] = {}
    for r in burst_reads:
        reads_by_fd.setdefault(r.fd, []).append(r)
    for ack in burst_acks:
        read = max((r for r in reads_by_fd.get(ack.fd, []) if r.end < ack.start), key=lambda r: r.end, default=None)
        assert read is not None, f"no request read on fd {ack.fd} before the acknowledgement at line {ack.start + 1}"
        assert any(read.end < s.start and s.end < ack.start for s in syncs), (
            f"burst acknowledgement at trace line {ack.start + 1} was not preceded by an fsync/fdatasync that "
            f"started after its request was read (line {read.end + 1})")


def test_trace_parser_orders_unfinished_and_resumed_calls(tmp_path):
    """The parser behind the test above: entry and return positions of interleaved calls."""
    trace = tmp_path / "sample.strace"
    trace.write_text(
        '101 10:00:00.000001 read(21, "POST /webhooks/meta HTTP/1.1\\r\\nHost: x"..., 2048) = 525\n'
        '102 10:00:00.000002 fdatasync(7 <unfinished ...>\n'
        '101 10:00:00.000003 writev(21, [{iov_base="HTTP/1.1 200 OK\\r\\n"..., iov_len=171}], 1 <unfinished ...>\n'
        '102 10:00:00.000004 <... fdatasync resumed>) = 0\n'
        '101 10:00:00.000005 <... writev resumed>) = 171\n'
        '103 10:00:00.000006 --- SIGTERM {si_signo=SIGTERM} ---\n'
        '104 10:00:00.000007 fsync(6)          = 0\n'
        '104 10:00:00.000008 +++ exited with 0 +++\n')
    read, sync, write, fsync = parse_trace(str(trace))
    assert (read.name, read.fd, read.start, read.end, read.ret) == ("read", 21, 0, 0, 525)
    assert (sync.name, sync.start, sync.end, sync.ret) == ("fdatasync", 1, 3, 0)
    assert (write.name, write.fd, write.start, write.end, write.ret) == ("writev", 21, 2, 4, 171)
    assert (fsync.name, fsync.start, fsync.end, fsync.ret) == ("fsync", 6, 6, 0)
    # This fdatasync started after the request was read but returned only after the response write began:
    # the test above would not count it as preceding that acknowledgement.
    assert not (read.end < sync.start and sync.end < write.start)
