"""Real HTTP servers on 127.0.0.1 that answer from a script: statuses, silence, resets, TLS."""

from __future__ import annotations

import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar


@dataclass(frozen=True)
class Reply:
    """One scripted answer. ``action``: "answer"; "hang" never answers; after reading the body,
    "reset" drops the connection (RST) and "close" closes it (FIN); "status_only" sends the
    status line and closes; "bad_status" sends an invalid status line; "many_headers" sends 5,000
    headers; "trickle" sends a valid answer one byte per ``interval`` seconds."""

    status: int = 202
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    action: str = "answer"
    interval: float = 1.0


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    owner: ClassVar[ScriptedServer]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        reply = self.owner.record(Seen(self.command, self.path, dict(self.headers), body))
        if reply.action == "hang":
            self.owner.release.wait(30)
            self.close_connection = True
            return
        if reply.action == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        raw = self._raw(reply)
        if raw is not None:
            self.close_connection = True
            self._write_raw(raw, reply)
            return
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def _raw(self, reply: Reply) -> bytes | None:
        """The bytes of the misbehaving answers, or None for a normal one."""
        answer = (
            f"HTTP/1.1 {reply.status} X\r\nContent-Length: {len(reply.body)}\r\n\r\n".encode()
            + reply.body
        )
        return {
            "close": b"",
            "status_only": f"HTTP/1.1 {reply.status} Accepted\r\n".encode(),
            "bad_status": b"HTTP/1.1 2O2 Accepted\r\nContent-Length: 0\r\n\r\n",
            "many_headers": b"HTTP/1.1 202 Accepted\r\n"
            + b"".join(b"X-Filler-%d: %s\r\n" % (i, b"f" * 40) for i in range(5000))
            + b"Content-Length: 0\r\n\r\n",
            "trickle": answer,
        }.get(reply.action)

    def _write_raw(self, raw: bytes, reply: Reply) -> None:
        try:
            if reply.action != "trickle":
                self.wfile.write(raw)
                return
            for index in range(len(raw)):
                if self.owner.release.wait(reply.interval):
                    return
                self.wfile.write(raw[index : index + 1])
                self.wfile.flush()
        except OSError:  # the client gave up: that is what a trickle tests
            pass

    do_POST = do_GET = do_CONNECT = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


class ScriptedServer:
    """Answers requests in order from ``replies``; the last reply repeats."""

    def __init__(
        self,
        *replies: Reply,
        tls: ssl.SSLContext | None = None,
        port: int = 0,
        on_request: Callable[[Seen], None] | None = None,
    ) -> None:
        self.on_request = on_request
        """Runs when a request has been read, before the answer (e.g. to fill the disk)."""
        self.replies = list(replies) or [Reply()]
        self.seen: list[Seen] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"owner": self})
        self._server = _Server(("127.0.0.1", port), handler)
        self.scheme = "http"
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
            self.scheme = "https"
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )

    def record(self, seen: Seen) -> Reply:
        if self.on_request is not None:
            self.on_request(seen)
        with self._lock:
            self.seen.append(seen)
            index = min(len(self.seen), len(self.replies)) - 1
            return self.replies[index]

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self._server.server_address[1]}"

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def closed_port() -> int:
    """A loopback port with nothing listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Any, timeout: float = 10.0) -> None:
    """Polls until predicate() is true; fails the test after timeout."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)
