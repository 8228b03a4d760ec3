"""An in-memory fake of Parley's visitor API, to try the web messenger in a browser without `parley`.

    python3 fake_visitor_api.py [--port 8765]

Serves the same script and demo page as `parley` (the script from `parley-messenger.js`, the page read out of
`MessengerAssets.swift`) and the visitor API as the contract states it, with CORS for any origin:

    GET  /messenger/parley-messenger.js
    GET  /messenger/demo?channel=demo-web&name=Acme%20support
    POST /messenger/v1/{channel}/visitors | GET, POST .../messages | POST .../uploads | GET .../events?token=

and test controls, all JSON:

    POST /_test/reply   {"channel", "text", "visitorId"?, "authorName"?, "attachments"?, "silent"?}  an agent
                        answers the given visitor (default: the channel's newest); the reply goes out on SSE at
                        once unless `silent` (then only GET messages has it, e.g. to test `resync`)
    POST /_test/resync  {"channel", "visitorId"?}  sends `event: resync`
    POST /_test/rotate-key                          every token issued so far now gets 401
    POST /_test/fail    {"route": "visitors"|"messages"|"history"|"uploads"|"events", "status": 500,
                         "count": 1, "retryAfter"?: 2, "drop"?: false, "afterStore"?: false}
                        the next `count` calls fail: with `status`, or by closing the connection (`drop`),
                        after storing the message (`afterStore`, to test idempotent retries)
    POST /_test/drop-streams                        ends every open SSE response (clients reconnect)
    GET  /_test/state                               visitors, messages and a request log
    GET  /_test/embed?server=URL&channel=ID         a host page on this origin embedding the script from
                        `server`, with hostile CSS (for cross-origin and style-isolation checks)
"""

from __future__ import annotations

import argparse
import html
import itertools
import json
import re
import secrets
import sys
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_assets_in_sync as assets  # noqa: E402

PAGE_SIZE = 50
MAX_UPLOAD = 2 * 1024 * 1024
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
ROUTE = re.compile(r"^/messenger/v1/(?P<channel>[^/]+)/(?P<rest>visitors|messages|uploads|events|uploads/[\w.-]+)$")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Store:
    """Everything the fake knows, behind one lock; `changed` wakes the SSE streams."""

    def __init__(self):
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.key_generation = 1
        self.visitors: dict[str, dict] = {}         # visitorId -> {channel, name, generation, token}
        self.tokens: dict[str, str] = {}            # token -> visitorId
        self.messages: dict[str, list[dict]] = {}   # visitorId -> [Message]
        self.events: list[tuple[int, str, str, dict]] = []   # (position, visitorId, event name, data)
        self.idempotency: dict[tuple[str, str], str] = {}     # (visitorId, key) -> message id
        self.uploads: dict[str, tuple[str, bytes]] = {}
        self.failures: dict[str, dict] = {}
        self.log: list[dict] = []
        self.stream_epoch = 0
        self.ids = itertools.count(1)
        self.positions = itertools.count(1)

    def new_visitor(self, channel: str, name: str | None) -> dict:
        with self.lock:
            visitor_id = f"vis_{next(self.ids):05d}"
            token = f"g{self.key_generation}.{secrets.token_urlsafe(24)}"
            self.visitors[visitor_id] = {"channel": channel, "name": name, "generation": self.key_generation}
            self.tokens[token] = visitor_id
            self.messages[visitor_id] = []
            return {"visitorId": visitor_id, "token": token}

    def visitor_for(self, token: str | None, channel: str) -> str | None:
        with self.lock:
            visitor_id = self.tokens.get(token or "")
            if not visitor_id:
                return None
            visitor = self.visitors[visitor_id]
            if visitor["generation"] != self.key_generation or visitor["channel"] != channel:
                return None
            return visitor_id

    def add_message(self, visitor_id: str, direction: str, text: str, attachments: list, author: str | None,
                    publish: bool = True) -> dict:
        with self.lock:
            message = {"id": f"msg_{next(self.ids):06d}", "direction": direction, "text": text,
                       "attachments": attachments, "sentAt": now_iso(), "authorName": author}
            self.messages[visitor_id].append(message)
            if publish:
                self.publish(visitor_id, "message", message)
            return message

    def publish(self, visitor_id: str, name: str, data: dict) -> None:
        with self.lock:
            self.events.append((next(self.positions), visitor_id, name, data))
            self.changed.notify_all()

    def take_failure(self, route: str) -> dict | None:
        with self.lock:
            rule = self.failures.get(route)
            if not rule:
                return None
            rule["count"] -= 1
            if rule["count"] <= 0:
                del self.failures[route]
            return rule


STORE = Store()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeParley/1"

    def log_message(self, fmt, *args):
        if self.server.verbose:  # type: ignore[attr-defined]
            super().log_message(fmt, *args)

    # -- plumbing ----------------------------------------------------------------------------------

    def cors(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Expose-Headers", "Retry-After")

    def reply(self, status: int, body: bytes | str | dict | None = None, content_type: str = "application/json",
              headers: dict | None = None):
        if isinstance(body, dict):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        body = body or b""
        self.send_response(status)
        self.cors()
        if body:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, str(value))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def error(self, status: int, code: str, message: str, headers: dict | None = None):
        self.reply(status, {"error": {"code": code, "message": message}}, headers=headers)

    def body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def json_body(self):
        raw = self.body()
        return json.loads(raw) if raw else {}

    def record(self, **fields):
        with STORE.lock:
            STORE.log.append({"method": self.command, "path": self.path, "at": time.time(), **fields})

    def injected_failure(self, route: str, before_store: bool = True) -> bool:
        """Applies a pending failure rule for `route`; True when the request has been answered (or dropped)."""
        with STORE.lock:
            rule = STORE.failures.get(route)
            if not rule or bool(rule.get("afterStore")) == before_store:
                return False
            STORE.take_failure(route)
        self.record(injected=rule)
        if rule.get("drop"):
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        status = int(rule.get("status", 500))
        headers = {"Retry-After": rule["retryAfter"]} if "retryAfter" in rule else None
        self.error(status, "injected", f"Injected failure {status} for {route}.", headers)
        return True

    # -- HTTP methods ---------------------------------------------------------------------------------

    def do_OPTIONS(self):
        self.send_response(204)
        self.cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, X-Visitor-Token, Idempotency-Key")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        url = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        if url.path == "/messenger/parley-messenger.js":
            return self.reply(200, assets.JS_FILE.read_bytes(), "text/javascript; charset=utf-8")
        if url.path == "/messenger/demo":
            page = assets.demo_page(query.get("channel", "demo-web"), query.get("name", "Acme Outfitters support"))
            return self.reply(200, page, "text/html; charset=utf-8")
        if url.path == "/_test/state":
            with STORE.lock:
                return self.reply(200, {"visitors": STORE.visitors, "messages": STORE.messages, "log": STORE.log,
                                        "tokens": STORE.tokens})
        if url.path == "/_test/embed":
            return self.reply(200, embed_page(query.get("server", ""), query.get("channel", "demo-web")),
                              "text/html; charset=utf-8")
        match = ROUTE.match(url.path)
        if not match:
            return self.error(404, "not_found", f"No route for GET {url.path}.")
        channel, rest = match["channel"], match["rest"]
        if rest.startswith("uploads/"):
            upload = STORE.uploads.get(rest.split("/", 1)[1])
            if not upload:
                return self.error(404, "not_found", "No such upload.")
            return self.reply(200, upload[1], upload[0])
        if rest == "events":
            return self.events(channel, query.get("token"))
        if rest == "messages":
            return self.history(channel, query.get("after"))
        return self.error(405, "method_not_allowed", f"GET is not allowed on {url.path}.")

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path.startswith("/_test/"):
            return self.control(url.path[len("/_test/"):], self.json_body())
        match = ROUTE.match(url.path)
        if not match:
            return self.error(404, "not_found", f"No route for POST {url.path}.")
        channel, rest = match["channel"], match["rest"]
        if rest == "visitors":
            self.body()
            self.record()
            if self.injected_failure("visitors"):
                return
            return self.reply(201, STORE.new_visitor(channel, None))
        visitor_id = STORE.visitor_for(self.headers.get("X-Visitor-Token"), channel)
        if rest == "messages":
            return self.post_message(channel, visitor_id)
        if rest == "uploads":
            return self.upload(channel, visitor_id)
        return self.error(405, "method_not_allowed", f"POST is not allowed on {url.path}.")

    # -- visitor API ---------------------------------------------------------------------------------

    def history(self, channel: str, after: str | None):
        visitor_id = STORE.visitor_for(self.headers.get("X-Visitor-Token"), channel)
        self.record(visitor=visitor_id)
        if self.injected_failure("history"):
            return
        if not visitor_id:
            return self.error(401, "invalid_visitor_token", "The visitor token is missing or no longer valid.")
        with STORE.lock:
            messages = list(STORE.messages[visitor_id])
        start = 0
        if after:
            ids = [m["id"] for m in messages]
            if after not in ids:
                return self.error(400, "unknown_message", f"No message {after} in this conversation.")
            start = ids.index(after) + 1
        page = messages[start:start + PAGE_SIZE]
        next_after = page[-1]["id"] if page and start + PAGE_SIZE < len(messages) else None
        self.reply(200, {"messages": page, "nextAfter": next_after})

    def post_message(self, channel: str, visitor_id: str | None):
        raw = self.body()
        key = self.headers.get("Idempotency-Key")
        self.record(visitor=visitor_id, key=key)
        if self.injected_failure("messages"):
            return
        if not visitor_id:
            return self.error(401, "invalid_visitor_token", "The visitor token is missing or no longer valid.")
        if not key:
            return self.error(400, "missing_idempotency_key", "Send an Idempotency-Key header with each message.")
        try:
            payload = json.loads(raw)
        except ValueError:
            return self.error(400, "invalid_json", "The body is not JSON.")
        text = payload.get("text")
        attachments = payload.get("attachments") or []
        if not isinstance(text, str) or (not text.strip() and not attachments):
            return self.error(400, "empty_message", "A message needs text or an attachment.")
        if len(text) > 4000:
            return self.error(400, "text_too_long", "Messages can be at most 4000 characters.")
        with STORE.lock:
            if (visitor_id, key) not in STORE.idempotency:
                message = STORE.add_message(visitor_id, "inbound", text, attachments, None)
                STORE.idempotency[(visitor_id, key)] = message["id"]
        if self.injected_failure("messages", before_store=False):
            return
        self.reply(202, {"clientId": key, "status": "stored"})

    def upload(self, channel: str, visitor_id: str | None):
        data = self.body()
        self.record(visitor=visitor_id, size=len(data))
        if self.injected_failure("uploads"):
            return
        if not visitor_id:
            return self.error(401, "invalid_visitor_token", "The visitor token is missing or no longer valid.")
        mime = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if mime not in IMAGE_TYPES:
            return self.error(415, "unsupported_media_type", "Only PNG, JPEG, GIF and WebP images can be uploaded.")
        if len(data) > MAX_UPLOAD:
            return self.error(413, "upload_too_large", "Images can be at most 2 MiB.")
        upload_id = secrets.token_hex(8) + "." + mime.split("/")[1]
        STORE.uploads[upload_id] = (mime, data)
        host = self.headers.get("Host", f"127.0.0.1:{self.server.server_port}")
        self.reply(201, {"url": f"http://{host}/messenger/v1/{channel}/uploads/{upload_id}", "mimeType": mime,
                         "size": len(data)})

    def events(self, channel: str, token: str | None):
        visitor_id = STORE.visitor_for(token, channel)
        self.record(visitor=visitor_id, lastEventId=self.headers.get("Last-Event-ID"))
        if self.injected_failure("events"):
            return
        if not visitor_id:
            return self.error(401, "invalid_visitor_token", "The visitor token is missing or no longer valid.")
        last = self.headers.get("Last-Event-ID")
        with STORE.lock:
            position = int(last) if last and last.isdigit() else (STORE.events[-1][0] if STORE.events else 0)
            epoch = STORE.stream_epoch
        self.send_response(200)
        self.cors()
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.close_connection = True
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                with STORE.lock:
                    pending = [e for e in STORE.events if e[0] > position and e[1] == visitor_id]
                    if not pending and STORE.stream_epoch == epoch:
                        STORE.changed.wait(15)
                        pending = [e for e in STORE.events if e[0] > position and e[1] == visitor_id]
                    if STORE.stream_epoch != epoch or not STORE.visitor_for(token, channel):
                        return
                if not pending:
                    self.wfile.write(b": keep-alive\n\n")
                for event_position, _, name, data in pending:
                    self.wfile.write(f"event: {name}\nid: {event_position}\ndata: {json.dumps(data)}\n\n".encode())
                    position = event_position
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    # -- test controls -------------------------------------------------------------------------------

    def control(self, action: str, body: dict):
        with STORE.lock:
            if action == "reply":
                visitor_id = body.get("visitorId") or newest_visitor(body.get("channel", "demo-web"))
                if not visitor_id:
                    return self.error(404, "no_visitor", "No visitor on that channel yet.")
                message = STORE.add_message(visitor_id, "outbound", body.get("text", ""),
                                            body.get("attachments", []), body.get("authorName", "Dana from Acme"),
                                            publish=not body.get("silent"))
                return self.reply(200, message)
            if action == "resync":
                visitor_id = body.get("visitorId") or newest_visitor(body.get("channel", "demo-web"))
                STORE.publish(visitor_id, "resync", {})
                return self.reply(200, {"ok": True})
            if action == "rotate-key":
                STORE.key_generation += 1
                STORE.changed.notify_all()
                return self.reply(200, {"generation": STORE.key_generation})
            if action == "fail":
                STORE.failures[body["route"]] = dict(body, count=int(body.get("count", 1)))
                return self.reply(200, {"ok": True})
            if action == "drop-streams":
                STORE.stream_epoch += 1
                STORE.changed.notify_all()
                return self.reply(200, {"ok": True})
        return self.error(404, "not_found", f"No test control {action}.")


def newest_visitor(channel: str) -> str | None:
    ids = [vid for vid, v in STORE.visitors.items() if v["channel"] == channel]
    return ids[-1] if ids else None


def embed_page(server: str, channel: str) -> str:
    """A host page with CSS that would wreck an unprotected widget."""
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Host page</title>
<style>
  * {{ font-size: 22px; letter-spacing: 2px; text-transform: uppercase; line-height: 3; }}
  div, p, button, textarea, a, img {{ padding: 14px; margin: 9px; border: 3px dashed red; background: yellow;
    color: green; border-radius: 0; font-family: "Courier New", monospace; }}
  button {{ width: 300px; height: 10px; display: inline; }}
  textarea {{ min-height: 300px; }}
  body {{ direction: rtl; text-align: center; }}
</style></head><body><div><p>A host page with hostile CSS.</p></div>
<script src="{html.escape(server)}/messenger/parley-messenger.js" data-channel="{html.escape(channel)}"
  data-title="Cross-origin chat" data-open="true"></script></body></html>"""


def serve(port: int, verbose: bool = False, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    server = serve(args.port, args.verbose, args.host)
    print(f"fake visitor API on http://{args.host}:{server.server_port}/messenger/demo", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
