"""HTTP done right for the local mock store, on the standard library's server.

Every request's body is read (or the connection closed) before the answer, whatever the method,
so a body can never be taken for the next request on a kept-alive connection; Content-Length
must be digits, a chunked body is decoded, both are capped; every answer is JSON and capped;
idle connections time out and the connection threads are bounded.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final

MAX_BODY: Final = 16 * 1024 * 1024
MAX_ANSWER: Final = 256 * 1024
"""No answer is larger than this: a 400 to a huge batch lists the first problems, not all."""
IDLE_TIMEOUT: Final = 15.0
"""Seconds a connection may sit without sending a byte (clients keep idle ones 5 s)."""
MAX_CONNECTIONS: Final = 64
"""Connections served at once; one more is answered 503 and closed at once."""
_BUSY_BODY: Final = b'{"error": "BUSY", "reason": "too many open connections"}'
_BUSY: Final = (
    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: application/json\r\n"
    b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_BUSY_BODY), _BUSY_BODY)
)


class HttpError(Exception):
    """A request that cannot be served: its status and the reason, said in the JSON answer."""

    def __init__(
        self, status: int, reason: str, *, close: bool = False, allow: str | None = None
    ) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.close = close
        self.allow = allow


class StrictHandler(BaseHTTPRequestHandler):
    """Reads bodies strictly and answers JSON only; subclasses route in ``serve``."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = IDLE_TIMEOUT

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the command prints its own one-line log."""

    def __getattr__(self, name: str) -> Any:
        # The base class answers a method it has no do_X for with 501 and an HTML page; every
        # method comes here instead, and ``serve`` answers 405 with Allow where it must.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        try:
            body = self.read_body()
        except HttpError as exc:
            self.close_connection = True  # the rest of the stream cannot be framed
            self.reply(exc.status, {"error": exc.reason})
            return
        try:
            self.serve(self.command, self.path.split("?")[0], body)
        except HttpError as exc:
            if exc.close:
                self.close_connection = True
            headers = {"Allow": exc.allow} if exc.allow else None
            self.reply(exc.status, {"error": exc.reason}, headers)

    def serve(self, method: str, path: str, body: bytes) -> None:  # pragma: no cover
        """Answers one request; its body has been read in full."""
        raise NotImplementedError

    def read_body(self) -> bytes:
        """The body by Transfer-Encoding: chunked or Content-Length (empty without either)."""
        encodings = [e.strip().lower() for e in self.headers.get_all("Transfer-Encoding", [])]
        lengths = self.headers.get_all("Content-Length", [])
        if encodings:
            if lengths:  # RFC 9112 6.1: a request smuggling shape; refuse it
                raise HttpError(400, "both Transfer-Encoding and Content-Length were sent")
            if ",".join(encodings) != "chunked":
                raise HttpError(501, f"Transfer-Encoding {', '.join(encodings)} not supported")
            return self._read_chunked()
        if not lengths:
            return b""
        values = {v.strip() for raw in lengths for v in raw.split(",")}
        if len(values) != 1:
            raise HttpError(400, "conflicting Content-Length values")
        text = values.pop()
        if not (text.isascii() and text.isdigit()):
            raise HttpError(400, f"Content-Length {text[:20]!r} is not a number of bytes")
        length = int(text)
        if length > MAX_BODY:
            raise HttpError(413, f"the body is {length} bytes; the limit is {MAX_BODY}")
        body = self.rfile.read(length)
        if len(body) < length:
            raise HttpError(400, "the body ended before its Content-Length")
        return body

    def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            line = self.rfile.readline(1024)
            size_text = line.split(b";", 1)[0].strip()
            if not line.endswith(b"\n") or not size_text or not _is_hex(size_text):
                raise HttpError(400, "a malformed chunk size line")
            size = int(size_text, 16)
            if size == 0:
                break
            if len(body) + size > MAX_BODY:
                raise HttpError(413, f"the chunked body is over the limit of {MAX_BODY} bytes")
            chunk = self.rfile.read(size)
            if len(chunk) < size or self.rfile.readline(3) not in {b"\r\n", b"\n"}:
                raise HttpError(400, "a chunk ended early or without its line break")
            body.extend(chunk)
        for _ in range(100):  # trailer fields, then the blank line
            if self.rfile.readline(8192) in {b"\r\n", b"\n", b""}:
                return bytes(body)
        raise HttpError(400, "too many trailer fields")

    def reply(
        self, status: int, payload: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        """A JSON answer (none for ``payload`` None), never larger than MAX_ANSWER."""
        body = b"" if payload is None else json.dumps(payload).encode("utf-8")
        if len(body) > MAX_ANSWER:
            body = json.dumps({"error": "ANSWER TOO LARGE", "limit": MAX_ANSWER}).encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The base class's own errors (a bad request line, too many headers) as JSON too."""
        self.close_connection = True
        if not hasattr(self, "command") or self.command is None:
            self.command = ""
        self.reply(code, {"error": message or "BAD REQUEST", "reason": explain or ""})


def _is_hex(text: bytes) -> bool:
    return len(text) <= 16 and all(c in b"0123456789abcdefABCDEF" for c in text)


def not_allowed(method: str, allowed: str) -> HttpError:
    """405 for a known path asked with another method, with the ``Allow`` header."""
    return HttpError(405, f"{method} is not allowed here; use {allowed}", allow=allowed)


class BoundedServer(ThreadingHTTPServer):
    """A thread per connection, at most MAX_CONNECTIONS at once; one more is told 503."""

    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.settimeout(1.0)
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer is not worth a traceback on stderr."""
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)
