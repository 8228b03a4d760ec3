"""Serve the desktop straight from `DesktopAssets.swift` in front of a running `parley`, without rebuilding.

    python3 dev_proxy.py --listen 8090 --upstream 127.0.0.1:8080

`/`, `/desktop/app.css` and `/desktop/app.js` are read from the Swift file on every request and sent with the
headers `DesktopRoutes` sends (the same Content-Security-Policy); every other request, WebSocket upgrades
included, goes to the upstream unchanged (the Host header too, so the stream's same-origin check holds).
"""

from __future__ import annotations

import argparse
import http.client
import select
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import assets

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
ROUTES = {"/": ("html", "text/html; charset=utf-8"), "/desktop/app.css": ("css", "text/css; charset=utf-8"),
          "/desktop/app.js": ("script", "text/javascript; charset=utf-8")}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}
#: Sent by the proxy itself.
OWN = {"date", "server", "content-length"}


def make_handler(upstream_host: str, upstream_port: int):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet
            pass

        def _local(self) -> bool:
            target = ROUTES.get(self.path.split("?")[0])
            if self.command != "GET" or target is None:
                return False
            name, content_type = target
            body = assets.literal(name).encode()
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            if name == "html":
                self.send_header("Content-Security-Policy", CSP)
                self.send_header("X-Frame-Options", "DENY")
            self.end_headers()
            self.wfile.write(body)
            return True

        def _tunnel(self) -> None:
            upstream = socket.create_connection((upstream_host, upstream_port), timeout=10)
            head = f"{self.command} {self.path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in self.headers.items()) + "\r\n"
            upstream.sendall(head.encode("latin-1"))
            upstream.settimeout(None)
            client = self.connection
            try:
                while True:
                    ready, _, _ = select.select([client, upstream], [], [], 60)
                    if not ready:
                        continue
                    for source in ready:
                        data = source.recv(65536)
                        if not data:
                            return
                        (upstream if source is client else client).sendall(data)
            except OSError:
                return
            finally:
                upstream.close()
                self.close_connection = True

        def _forward(self) -> None:
            if self.headers.get("Upgrade", "").lower() == "websocket":
                self._tunnel()
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            try:
                connection = http.client.HTTPConnection(upstream_host, upstream_port, timeout=30)
                connection.request(self.command, self.path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            except OSError:
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            self.send_response(response.status, response.reason)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() not in OWN:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            connection.close()

        def _handle(self) -> None:
            if not self._local():
                self._forward()

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _handle

    return Handler


def serve(listen: int, upstream: str) -> ThreadingHTTPServer:
    host, _, port = upstream.rpartition(":")
    server = ThreadingHTTPServer(("127.0.0.1", listen), make_handler(host or "127.0.0.1", int(port)))
    server.daemon_threads = True
    return server


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=int, default=8090)
    parser.add_argument("--upstream", default="127.0.0.1:8080")
    options = parser.parse_args()
    print(f"desktop dev proxy on http://127.0.0.1:{options.listen} -> {options.upstream}", flush=True)
    serve(options.listen, options.upstream).serve_forever()
