"""Webhook HTTP edge cases: limits, signatures, routing, poison, duplicates, batching, health endpoints."""

from __future__ import annotations

import json
import re

import pytest
import requests

from conftest import (META_PAGE_ID, assert_error_shape, channel_for, dedupe_key, meta_body, meta_signature,
                      post_meta, signed_headers, wait_until)

MiB = 1024 * 1024
LIMIT = 5 * MiB


def metric(server, name: str) -> float:
    """The value of an unlabelled metric on /metrics."""
    text = requests.get(f"{server.url}/metrics", timeout=10).text
    match = re.search(rf"^{re.escape(name)}\s+(\S+)\s*$", text, re.MULTILINE)
    assert match, f"metric {name} not found on /metrics"
    return float(match.group(1))


def stored_counts(server) -> tuple[int, int]:
    return (server.scalar("SELECT COUNT(*) FROM deliveries"), server.scalar("SELECT COUNT(*) FROM inbox_events"))


@pytest.fixture
def parley(parley_factory, backend):
    """These edges hold on both stores: a server on SQLite, then on PostgreSQL."""
    return parley_factory(db_url=backend).start()


def test_example_delivery_is_stored_then_processed(parley):
    body = meta_body("m_abc")
    response = post_meta(parley.url, body)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.json() == {"stored": 1, "duplicates": 0, "poison": False}
    rows = parley.query("SELECT id, delivery_id, channel, dedupe_key FROM inbox_events")
    assert len(rows) == 1
    event_id, delivery_id, channel, key = rows[0]
    assert (channel, key) == (f"messenger:{META_PAGE_ID}", "mid:m_abc")
    assert parley.query("SELECT body, poison_reason FROM deliveries WHERE id = ?", [delivery_id]) == [(body, None)]

    assert wait_until(lambda: parley.scalar("SELECT processed_at FROM inbox_events WHERE id = ?", [event_id]), 5), \
        "the event was not processed within 5 s"
    logged = parley.query("SELECT body FROM event_log WHERE type = 'inbound.accepted'")
    assert [json.loads(b)["inboxEventID"] for (b,) in logged] == [event_id]


def test_oversized_body_is_rejected_with_413(parley):
    body = b"x" * (6 * MiB)
    response = post_meta(parley.url, body)
    assert_error_shape(response, 413, "payload_too_large")

    # Without a Content-Length (chunked), the limit still holds.
    def chunks():
        for _ in range(6):
            yield b"y" * MiB

    response = requests.post(f"{parley.url}/webhooks/meta", data=chunks(),
                             headers={"X-Hub-Signature-256": meta_signature(b"y" * (6 * MiB))}, timeout=30)
    assert_error_shape(response, 413, "payload_too_large")
    assert stored_counts(parley) == (0, 0)
    assert requests.get(f"{parley.url}/healthz", timeout=10).status_code == 200


def test_signed_unparseable_body_just_under_the_limit_is_stored_as_poison(parley):
    body = b"z" * (LIMIT - 1)
    response = post_meta(parley.url, body, timeout=60)
    assert response.status_code == 200, response.text
    assert response.json() == {"stored": 0, "duplicates": 0, "poison": True}
    rows = parley.query("SELECT length(body), poison_reason FROM deliveries")
    assert len(rows) == 1
    assert rows[0][0] == LIMIT - 1
    assert rows[0][1], "poison_reason is not set"
    assert parley.scalar("SELECT COUNT(*) FROM inbox_events") == 0


@pytest.mark.parametrize("case", ["missing", "wrong-secret", "other-body", "not-hex", "sha1-prefix", "empty"])
def test_bad_or_missing_signature_is_401_and_stores_nothing(parley, case):
    body = meta_body("m_unsigned")
    headers = {"Content-Type": "application/json"}
    if case == "wrong-secret":
        headers["X-Hub-Signature-256"] = meta_signature(body, secret="not-the-secret")
    elif case == "other-body":
        headers["X-Hub-Signature-256"] = meta_signature(meta_body("m_other"))
    elif case == "not-hex":
        headers["X-Hub-Signature-256"] = "sha256=" + "zz" * 32
    elif case == "sha1-prefix":
        headers["X-Hub-Signature-256"] = meta_signature(body).replace("sha256=", "sha1=")
    elif case == "empty":
        headers["X-Hub-Signature-256"] = ""
    response = requests.post(f"{parley.url}/webhooks/meta", data=body, headers=headers, timeout=10)
    assert_error_shape(response, 401, "unauthorized")
    assert stored_counts(parley) == (0, 0)


def test_unknown_source_is_404(parley):
    body = meta_body("m_nowhere")
    response = requests.post(f"{parley.url}/webhooks/foo", data=body, headers=signed_headers(body), timeout=10)
    assert_error_shape(response, 404, "not_found")
    assert stored_counts(parley) == (0, 0)


def test_poison_delivery_is_stored_and_counted(parley):
    assert metric(parley, "parley_inbox_poison_deliveries") == 0
    response = post_meta(parley.url, b"not json")
    assert response.status_code == 200, response.text
    assert response.json() == {"stored": 0, "duplicates": 0, "poison": True}
    rows = parley.query("SELECT source, body, event_count, poison_reason FROM deliveries")
    assert len(rows) == 1
    source, body, event_count, reason = rows[0]
    assert (source, bytes(body), event_count) == ("meta", b"not json", 0)
    assert reason, "poison_reason is not set"
    assert parley.scalar("SELECT COUNT(*) FROM inbox_events") == 0
    assert metric(parley, "parley_inbox_poison_deliveries") == 1
    assert metric(parley, "parley_inbox_events_stored_total") == 0


def test_duplicate_delivery_is_acknowledged_but_not_stored_again(parley):
    body = meta_body("m_twice")
    first = post_meta(parley.url, body)
    second = post_meta(parley.url, body)
    assert first.status_code == second.status_code == 200
    assert first.json() == {"stored": 1, "duplicates": 0, "poison": False}
    assert second.json() == {"stored": 0, "duplicates": 1, "poison": False}
    assert parley.query("SELECT channel, dedupe_key FROM inbox_events") == [(channel_for(), dedupe_key("m_twice"))]
    assert metric(parley, "parley_inbox_events_stored_total") == 1


def test_batched_delivery_with_a_repeated_mid(parley):
    body = meta_body(["m_batch_1", "m_batch_1", "m_batch_3"])
    assert len(json.loads(body)["entry"]) == 3
    response = post_meta(parley.url, body)
    assert response.status_code == 200, response.text
    assert response.json() == {"stored": 2, "duplicates": 1, "poison": False}
    rows = parley.query("SELECT delivery_id, channel, dedupe_key FROM inbox_events ORDER BY id")
    assert [(channel, key) for _, channel, key in rows] == [
        (channel_for(), dedupe_key("m_batch_1")), (channel_for(), dedupe_key("m_batch_3"))]
    assert len({delivery for delivery, _, _ in rows}) == 1
    assert metric(parley, "parley_inbox_events_stored_total") == 2


def test_readyz_and_healthz(parley):
    ready = requests.get(f"{parley.url}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    assert ready.json()["ready"] is True
    health = requests.get(f"{parley.url}/healthz", timeout=10)
    assert health.status_code == 200, health.text
    # HEAD probes (load balancers, uptime monitors) were 404.
    for path in ("/healthz", "/readyz"):
        head = requests.head(f"{parley.url}{path}", timeout=10)
        assert head.status_code == 200 and head.content == b"", (path, head.status_code)
    metrics = requests.get(f"{parley.url}/metrics", timeout=10)
    assert metrics.status_code == 200
    for name in ("parley_inbox_poison_deliveries", "parley_inbox_events_stored_total"):
        assert re.search(rf"^{name} ", metrics.text, re.MULTILINE), name


def test_a_malformed_chunked_body_is_a_400_in_the_one_error_shape(parley):
    """A chunk size that is not hexadecimal is the client's mistake: 400, not the 500 it was."""
    import socket
    from urllib.parse import urlparse

    address = urlparse(parley.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: parley\r\nContent-Type: application/json\r\n"
                           b"Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            part = connection.recv(65536)
            if not part:
                break
            answer += part
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), answer[:300]
    assert json.loads(body)["error"]["code"] == "bad_request", body
