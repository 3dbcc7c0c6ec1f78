"""A local mock of the Signals API: same paths and answers, validated with the same core rules."""

from __future__ import annotations

import json
import random
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar, Final

from signal_composer.signals.jsonio import InputError, parse_json
from signal_composer.signals.problems import Problem, has_errors
from signal_composer.signals.types import SIGNAL_TYPES, SignalType
from signal_composer.signals.validation import validate_batch

SIGNALS_PREFIX: Final = "/retail/signals/"
MAX_BODY: Final = 16 * 1024 * 1024
NOTE: Final = (
    "Signal Composer mock store: unlike the real service, which names no field, "
    "this answer lists every problem."
)


@dataclass(slots=True)
class MockOptions:
    """How the mock behaves; faults are for rehearsing failures."""

    token: str | None = None
    """When set, requests must carry it (bare or Bearer): 401 without, 403 when it differs."""
    latency: float = 0.0
    """Seconds to wait before each answer."""
    fail_rate: float = 0.0
    """Share of signal requests answered 503 with Retry-After: 1."""
    status: int | None = None
    """Answer every signal request with this status."""
    seed: int | None = None
    store_ids: frozenset[str] = frozenset()
    """The stores it stands for; when set, a path naming another store ID gets 404."""


@dataclass(slots=True)
class Received:
    """What the mock accepted."""

    type: SignalType
    signal: Any
    received_at: float


@dataclass(slots=True)
class _State:
    options: MockOptions
    accepted: list[Received] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    rng: random.Random = field(default_factory=random.Random)


class _Handler(BaseHTTPRequestHandler):
    server_version = "SignalComposerMock/1"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    state: ClassVar[_State]

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the command prints its own one-line log."""

    def _reply(
        self, status: int, payload: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        body = b"" if payload is None else json.dumps(payload).encode("utf-8")
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/_mock/signals":
            with self.state.lock:
                items = [
                    {"type": r.type, "signal": r.signal, "receivedAt": r.received_at}
                    for r in self.state.accepted
                ]
            self._reply(200, {"count": len(items), "signals": items})
        elif self.path == "/_mock/health":
            self._reply(200, {"status": "ok", "note": NOTE})
        else:
            self._reply(404, {"error": "NOT FOUND", "path": self.path})

    def do_DELETE(self) -> None:
        if self.path.split("?")[0] == "/_mock/signals":
            with self.state.lock:
                cleared = len(self.state.accepted)
                self.state.accepted.clear()
            self._reply(200, {"cleared": cleared})
        else:
            self._reply(404, {"error": "NOT FOUND", "path": self.path})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.close_connection = True
            self._reply(413, {"error": "PAYLOAD TOO LARGE", "limit": MAX_BODY})
            return
        raw = self.rfile.read(length)
        options = self.state.options
        with self.state.lock:
            self.state.requests += 1
            failing = options.fail_rate > 0 and self.state.rng.random() < options.fail_rate
        if options.latency:
            time.sleep(options.latency)
        path, no_store = route(self.path.split("?")[0], options.store_ids)
        if no_store is not None:
            # The real service has no host for an unknown store ID: nothing answers for it.
            self._reply(404, {"error": "NOT FOUND", "reason": no_store})
            return
        kind = path[len(SIGNALS_PREFIX) :] if path.startswith(SIGNALS_PREFIX) else ""
        if kind not in SIGNAL_TYPES:
            self._reply(404, {"error": "NOT FOUND", "path": self.path})
            return
        auth_failure = self._auth_failure()
        if auth_failure:
            self._reply(auth_failure, {"error": HTTPStatus(auth_failure).phrase.upper()})
            return
        if options.status is not None:
            self._reply(options.status, {"error": "INJECTED", "status": options.status})
            return
        if failing:
            self._reply(503, {"error": "INJECTED FAILURE"}, {"Retry-After": "1"})
            return
        self._signals(kind, raw)

    def _auth_failure(self) -> int:
        token = self.state.options.token
        if token is None:
            return 0
        given = self.headers.get("Authorization")
        if not given:
            return 401
        return 0 if given in {token, f"Bearer {token}"} else 403

    def _signals(self, kind: SignalType, raw: bytes) -> None:
        try:
            data = parse_json(raw.decode("utf-8"), "body")
        except (InputError, UnicodeDecodeError) as exc:
            self._reply(400, {"error": "INVALID REQUEST", "note": NOTE, "reason": str(exc)})
            return
        problems = validate_batch(kind, data)
        if not isinstance(data, list):
            problems.insert(
                0,
                _batch_problem("the body must be a JSON array of signals, even for one"),
            )
        if has_errors(problems) or not isinstance(data, list):
            self._reply(
                400,
                {
                    "error": "INVALID REQUEST",
                    "note": NOTE,
                    "problems": [p.as_dict() for p in problems],
                },
            )
            return
        now = time.time()
        with self.state.lock:
            self.state.accepted.extend(Received(kind, s, now) for s in data)
        self._reply(202)


def route(path: str, store_ids: frozenset[str]) -> tuple[str, str | None]:
    """Splits ``/{storeId}/retail/…`` (a base URL with ``{storeId}``) into the API path and,
    when the mock knows its store IDs and this is not one, why there is no such store.

    A path without a store ID (a base URL without ``{storeId}``) is served as before.
    """
    head, _, rest = path.lstrip("/").partition("/")
    if not rest.startswith(SIGNALS_PREFIX.lstrip("/")) or not head or head == "retail":
        return path, None
    if store_ids and head.lower() not in store_ids:
        known = ", ".join(sorted(store_ids))
        return "/" + rest, f"no store with ID {head!r} here (this mock store knows: {known})"
    return "/" + rest, None


def _batch_problem(message: str) -> Problem:
    return Problem(None, "", "not_an_array", "error", message)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True


class MockStore:
    """A mock store on a loopback port, run in a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, options: MockOptions | None = None):
        self.options = options or MockOptions()
        state = _State(self.options)
        if self.options.seed is not None:
            state.rng.seed(self.options.seed)
        handler = type("Handler", (_Handler,), {"state": state})
        self._state = state
        self._server = _Server((host, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        text = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{text}]" if ":" in text else text
        return f"http://{shown}:{port}"

    def know_stores(self, store_ids: set[str] | frozenset[str]) -> None:
        """The store IDs this mock stands for from now on (an empty set: any)."""
        self.options.store_ids = frozenset(i.lower() for i in store_ids)

    @property
    def accepted(self) -> list[Received]:
        with self._state.lock:
            return list(self._state.accepted)

    @property
    def requests(self) -> int:
        with self._state.lock:
            return self._state.requests

    def start(self) -> MockStore:
        """Serves in a daemon thread; returns self."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="mock-store", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serves in the calling thread until ``stop`` or KeyboardInterrupt."""
        self._server.serve_forever()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> MockStore:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
