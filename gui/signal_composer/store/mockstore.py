"""A local mock of the Signals API: same paths and answers, validated with the same core rules."""

from __future__ import annotations

import itertools
import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, ClassVar, Final

from signal_composer.signals.jsonio import InputError, parse_json
from signal_composer.signals.problems import Problem, has_errors
from signal_composer.signals.types import SIGNAL_TYPES, SignalType
from signal_composer.signals.validation import validate_batch
from signal_composer.store.mockhttp import (
    IDLE_TIMEOUT,
    BoundedServer,
    HttpError,
    StrictHandler,
    not_allowed,
)

SIGNALS_PREFIX: Final = "/retail/signals/"
MOCK_PATHS: Final = {"/_mock/signals": "GET, DELETE", "/_mock/health": "GET"}
"""The mock's own paths and the methods each allows."""
MAX_PROBLEMS: Final = 100
"""A 400 lists at most this many problems (``problemCount`` says how many there were)."""
MAX_KEPT: Final = 100_000
"""Accepted signals kept in memory; the oldest go first."""
MAX_LISTED: Final = 1_000
"""GET /_mock/signals lists the latest this many (``count`` says how many are kept)."""
MEDIA_NOTE: Final = (
    "Signal Composer mock store: the published API contract requires Content-Type: "
    "application/json and Accept: application/json; the real service may be more lenient."
)
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
    idle_timeout: float = IDLE_TIMEOUT
    """Seconds an open connection may stay silent before the mock closes it."""
    store_ids: frozenset[str] = frozenset()
    """The stores it stands for; when set, a path naming another store ID gets 404."""


@dataclass(slots=True)
class Received:
    """What the mock accepted."""

    type: SignalType
    signal: Any
    received_at: float


@dataclass(frozen=True, slots=True)
class Delivery:
    """One signal request as the mock judged it: accepted (2xx) or rejected, with the problems
    it named (none for a refused token, a media type or an injected fault)."""

    kind: str
    received_at: float
    status: int
    count: int
    """How many signals the body held (0 when it was not an array)."""
    first: Any
    """The first signal (for a one-line description), or None."""
    problems: list[dict[str, Any]]


LOG_KEPT: Final = 10_000
"""The newest deliveries kept for the window's "Received by the store" list."""


@dataclass(slots=True)
class _State:
    options: MockOptions
    accepted: list[Received] = field(default_factory=list)
    log: deque[Delivery] = field(default_factory=lambda: deque(maxlen=LOG_KEPT))
    logged: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    rng: random.Random = field(default_factory=random.Random)


class _Handler(StrictHandler):
    server_version = "SignalComposerMock/1"
    state: ClassVar[_State]

    def serve(self, method: str, path: str, body: bytes) -> None:
        if path in MOCK_PATHS:
            self._mock_api(method, path)
            return
        if method != "POST":
            api_path, _ = route(path, frozenset())
            if api_path.removeprefix(SIGNALS_PREFIX) in SIGNAL_TYPES:
                raise not_allowed(method, "POST")
            raise HttpError(404, "NOT FOUND")
        self._post(path, body)

    def _mock_api(self, method: str, path: str) -> None:
        allowed = MOCK_PATHS[path]
        if method not in allowed.split(", "):
            raise not_allowed(method, allowed)
        if path == "/_mock/health":
            self.reply(200, {"status": "ok", "note": NOTE})
        elif method == "DELETE":
            with self.state.lock:
                cleared = len(self.state.accepted)
                self.state.accepted.clear()
            self.reply(200, {"cleared": cleared})
        else:
            with self.state.lock:
                count = len(self.state.accepted)
                items = [
                    {"type": r.type, "signal": r.signal, "receivedAt": r.received_at}
                    for r in self.state.accepted[-MAX_LISTED:]
                ]
            self.reply(200, {"count": count, "listed": len(items), "signals": items})

    def _post(self, path: str, raw: bytes) -> None:
        options = self.state.options
        with self.state.lock:
            self.state.requests += 1
            failing = options.fail_rate > 0 and self.state.rng.random() < options.fail_rate
        if options.latency:
            time.sleep(options.latency)
        api_path, no_store = route(path, options.store_ids)
        if no_store is not None:
            # The real service has no host for an unknown store ID: nothing answers for it.
            self.reply(404, {"error": "NOT FOUND", "reason": no_store})
            return
        kind = api_path.removeprefix(SIGNALS_PREFIX)
        if not api_path.startswith(SIGNALS_PREFIX) or kind not in SIGNAL_TYPES:
            self.reply(404, {"error": "NOT FOUND", "path": self.path[:200]})
            return
        auth_failure = self._auth_failure()
        if auth_failure:
            self._log(kind, auth_failure)
            self.reply(auth_failure, {"error": HTTPStatus(auth_failure).phrase.upper()})
            return
        media = media_failure(self.headers.get("Content-Type"), self.headers.get("Accept"))
        if media is not None:
            status, reason = media
            self._log(kind, status)
            self.reply(status, {"error": HTTPStatus(status).phrase.upper(), "note": MEDIA_NOTE,
                                "reason": reason})  # fmt: skip
            return
        if options.status is not None:
            self._log(kind, options.status)
            self.reply(options.status, {"error": "INJECTED", "status": options.status})
            return
        if failing:
            self._log(kind, 503)
            self.reply(503, {"error": "INJECTED FAILURE"}, {"Retry-After": "1"})
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
            reason = _clip(str(exc), 500)
            self._log(kind, 400, problems=[_batch_problem(reason).as_dict()])
            self.reply(400, {"error": "INVALID REQUEST", "note": NOTE, "reason": reason})
            return
        problems = validate_batch(kind, data)
        if not isinstance(data, list):
            problems.insert(
                0,
                _batch_problem("the body must be a JSON array of signals, even for one"),
            )
        if has_errors(problems) or not isinstance(data, list):
            listed = [_clipped(p.as_dict()) for p in problems[:MAX_PROBLEMS]]
            self._log(kind, 400, data if isinstance(data, list) else [], listed)
            self.reply(
                400,
                {
                    "error": "INVALID REQUEST",
                    "note": NOTE,
                    "problemCount": len(problems),
                    "problems": listed,
                },
            )
            return
        now = time.time()
        with self.state.lock:
            self.state.accepted.extend(Received(kind, s, now) for s in data)
            del self.state.accepted[:-MAX_KEPT]
        self._log(kind, 202, data)
        self.reply(202)

    def _log(
        self,
        kind: str,
        status: int,
        signals: list[Any] | None = None,
        problems: list[dict[str, Any]] | None = None,
    ) -> None:
        signals = signals or []
        first = signals[0] if signals else None
        delivery = Delivery(kind, time.time(), status, len(signals), first, problems or [])
        with self.state.lock:
            self.state.log.append(delivery)
            self.state.logged += 1


def media_failure(content_type: str | None, accept: str | None) -> tuple[int, str] | None:
    """415 or 406 and why, when the request breaks the API's media-type contract."""
    given = (content_type or "").split(";")[0].strip().lower()
    if given != "application/json":
        shown = "no Content-Type" if content_type is None else f"Content-Type {content_type!r}"
        return 415, f"{shown[:100]}: the API takes Content-Type: application/json only"
    if accept is None or not _accepts_json(accept):
        shown = "no Accept header" if accept is None else f"Accept {accept!r}"
        return 406, f"{shown[:100]}: the API answers application/json only; send that in Accept"
    return None


def _accepts_json(accept: str) -> bool:
    for item in accept.split(","):
        media, *params = (part.strip().lower() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media in {"application/json", "application/*", "*/*"} and quality > 0:
            return True
    return False


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} more)"


def _clipped(problem: dict[str, Any]) -> dict[str, Any]:
    return {k: _clip(v, 300) if isinstance(v, str) else v for k, v in problem.items()}


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


class MockStore:
    """A mock store on a loopback port, run in a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, options: MockOptions | None = None):
        self.options = options or MockOptions()
        state = _State(self.options)
        if self.options.seed is not None:
            state.rng.seed(self.options.seed)
        handler = type(
            "Handler", (_Handler,), {"state": state, "timeout": self.options.idle_timeout}
        )
        self._state = state
        self._server = BoundedServer((host, port), handler)
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

    def log_since(self, seen: int) -> tuple[int, list[Delivery]]:
        """How many deliveries so far, and those after the first ``seen`` (of the newest kept)."""
        with self._state.lock:
            total, log = self._state.logged, self._state.log
            new = min(len(log), total - seen)
            return total, list(itertools.islice(log, len(log) - new, None)) if new > 0 else []

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
