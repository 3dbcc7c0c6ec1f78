"""Sends a request body to a store: exactly the API's request, bounded retries, attempts kept."""

from __future__ import annotations

import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

import httpx
from pydantic import SecretStr

from signal_composer.signals.types import SignalType
from signal_composer.store.outcomes import (
    RETRY_STATUSES,
    Kind,
    Outcome,
    from_exception,
    from_status,
    outcome,
)
from signal_composer.store.stores import DEFAULT_DEADLINE, NetworkSettings
from signal_composer.store.tokens import redact, scrub
from signal_composer.store.transport import Wire, deadline
from signal_composer.version import user_agent

MAX_RESPONSE_BYTES: Final = 2 * 1024 * 1024


_REFUSED_LOCALLY: Final = (httpx.LocalProtocolError, httpx.UnsupportedProtocol)
"""The request was refused before a byte left (a header that cannot go on the wire)."""


def provably_unsent(exc: BaseException) -> bool:
    """The request never left: refused locally, or the connection (or the proxy's tunnel) was
    never made."""
    return isinstance(
        exc,
        httpx.ConnectError
        | httpx.ConnectTimeout
        | httpx.PoolTimeout
        | httpx.ProxyError
        | httpx.LocalProtocolError
        | httpx.UnsupportedProtocol,
    )


def worth_retrying(exc: BaseException, kind: Kind) -> bool:
    """Unsent, and not a failure that repeats (a host that does not resolve, a bad certificate,
    a request refused locally). ``kind`` is what ``from_exception`` made of it."""
    if not provably_unsent(exc) or isinstance(exc, _REFUSED_LOCALLY):
        return False
    return kind not in {Kind.TLS, Kind.UNKNOWN_STORE, Kind.UNRESOLVED}


def make_client(settings: NetworkSettings | None = None, **options: object) -> httpx.Client:
    """The one shared client: settable timeouts, no redirects (they could carry the token away),
    proxies only for https to non-loopback hosts, and each attempt's deadline kept (``Wire``)."""
    net = settings or NetworkSettings()
    limits = httpx.Limits(max_connections=20, max_keepalive_connections=10)
    options.setdefault("transport", Wire(limits))
    timeout = httpx.Timeout(
        connect=net.connect_timeout,
        read=net.read_timeout,
        write=net.read_timeout,
        pool=net.connect_timeout,
    )
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": user_agent()},
        limits=limits,
        **options,  # type: ignore[arg-type]
    )


@dataclass(frozen=True, slots=True)
class SignalRequest:
    """One POST of a batch to a store, as it will go on the wire."""

    store: str
    kind: SignalType
    url: str
    body: bytes
    signal_count: int
    token: SecretStr | None = None
    bearer: bool = False
    deadline: float = DEFAULT_DEADLINE
    """Seconds one attempt may take in all, from connecting to the last byte of the answer."""

    def _authorization(self, secret: bool) -> str | None:
        if self.token is None:
            return None
        value = self.token.get_secret_value()
        shown = value if secret else redact(value)
        return f"Bearer {shown}" if self.bearer else shown

    def headers(self) -> dict[str, str]:
        """The real headers, token included; only for the wire."""
        out = {"Accept": "application/json", "Content-Type": "application/json"}
        auth = self._authorization(secret=True)
        if auth is not None:
            out["Authorization"] = auth
        return out

    def redacted_headers(self) -> list[tuple[str, str]]:
        """The headers as shown and stored: the token replaced by its fingerprint."""
        out = [("Accept", "application/json"), ("Content-Type", "application/json")]
        auth = self._authorization(secret=False)
        if auth is not None:
            out.append(("Authorization", auth))
        return out

    def scrub(self, text: str) -> str:
        """Removes every form of the token from a text (an echoing server, a library's error)."""
        if self.token is None:
            return text
        return scrub(text, self.token.get_secret_value())


@dataclass(slots=True)
class Attempt:
    """One try on the wire."""

    number: int
    status: int | None
    kind: Kind
    detail: str
    duration_ms: float
    waited_s: float = 0.0
    """How long the sender waited before this attempt (backoff or Retry-After)."""


@dataclass(slots=True)
class SendResult:
    """The final answer to a send, and how it was reached."""

    outcome: Outcome
    status: int | None = None
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: str = ""
    duration_ms: float = 0.0
    attempts: list[Attempt] = field(default_factory=list)


_DELAY: Final = re.compile(r"[0-9]{1,10}")
_MONTHS: Final = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
_WEEKDAY: Final = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_WEEKDAY_LONG: Final = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH: Final = r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIME: Final = r"(?P<h>[0-9]{2}):(?P<m>[0-9]{2}):(?P<s>[0-9]{2})"
_HTTP_DATES: Final = (  # RFC 9110 5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms
    re.compile(rf"{_WEEKDAY}, (?P<day>[0-9]{{2}}) {_MONTH} (?P<year>[0-9]{{4}}) {_TIME} GMT"),
    re.compile(rf"{_WEEKDAY_LONG}, (?P<day>[0-9]{{2}})-{_MONTH}-(?P<year>[0-9]{{2}}) {_TIME} GMT"),
    re.compile(rf"{_WEEKDAY} {_MONTH} (?P<day>[ 0-9][0-9]) {_TIME} (?P<year>[0-9]{{4}})"),
)


def _http_date(text: str) -> datetime | None:
    for form in _HTTP_DATES:
        found = form.fullmatch(text)
        if found is None:
            continue
        year = int(found["year"])
        if year < 100:  # RFC 850's two digits: the nearest past century that is not 50+ years on
            year += 2000 if year < 70 else 1900
        try:
            return datetime(
                year,
                _MONTHS.index(found["month"].lower()) + 1,
                int(found["day"]),
                int(found["h"]),
                int(found["m"]),
                int(found["s"]),
                tzinfo=UTC,
            )
        except ValueError:  # 31 Feb, 25:00
            return None
    return None


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Parses Retry-After strictly: ASCII delay seconds or an HTTP date; None for anything else."""
    if not value:
        return None
    text = value.strip(" \t")
    if _DELAY.fullmatch(text):
        return float(int(text))
    when = _http_date(text)
    if when is None:
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Sender:
    """Sends requests over one shared client, retrying only what provably did not land."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        retries: int = 2,
        backoff: float = 0.5,
        max_wait: float = 30.0,
        rng: random.Random | None = None,
    ) -> None:
        self.client = client
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self._rng = rng or random.Random()

    def send(
        self,
        request: SignalRequest,
        cancel: threading.Event | None = None,
        on_attempt: Callable[[Attempt], None] | None = None,
    ) -> SendResult:
        """Sends. Retries (up to ``retries`` times) only when the connection was never made, or
        the store answered 429 or 503 (it did not process the request); waits honour
        Retry-After, with jitter, up to ``max_wait``. Anything else may have been delivered and
        is never sent twice."""
        cancel = cancel or threading.Event()
        result = SendResult(outcome(Kind.CANCELLED))
        started = time.perf_counter()
        wait = 0.0
        for number in range(1, self.retries + 2):
            if wait and cancel.wait(wait):
                break
            if cancel.is_set():
                break
            attempt, again = self._attempt(request, number, wait, result)
            result.attempts.append(attempt)
            if on_attempt is not None:
                on_attempt(attempt)
            if not again:
                break
            if number > self.retries:
                result.outcome = outcome(
                    result.outcome.kind,
                    f"{result.outcome.detail}; gave up after {number} attempts "
                    f"({self.retries} retries, each wait at most {self.max_wait:.0f} s)",
                )
                break
            asked = self._asked(result)
            if asked is not None and asked > self.max_wait:
                result.outcome = outcome(
                    result.outcome.kind,
                    f"{result.outcome.detail}; the store asks to wait {asked:.0f} s, "
                    f"more than the {self.max_wait:.0f} s the sender waits",
                )
                break
            wait = self._delay(number, asked)
        if cancel.is_set() and result.outcome.kind is not Kind.ACCEPTED:
            result.outcome = outcome(
                Kind.CANCELLED,
                result.outcome.detail,
                maybe_delivered=result.outcome.maybe_delivered,
            )
        result.duration_ms = (time.perf_counter() - started) * 1000
        return result

    def _attempt(
        self, request: SignalRequest, number: int, waited: float, result: SendResult
    ) -> tuple[Attempt, bool]:
        """One try; also says whether another may follow (the store cannot have it)."""
        began = time.perf_counter()
        again = False
        try:
            with (
                deadline(request.deadline),
                self.client.stream(
                    "POST", request.url, content=request.body, headers=request.headers()
                ) as response,
            ):
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > MAX_RESPONSE_BYTES:
                        del body[MAX_RESPONSE_BYTES:]
                        break
            result.status = response.status_code
            result.outcome = from_status(response.status_code)
            if 500 <= response.status_code <= 599 and response.status_code != 503:
                result.outcome = outcome(
                    result.outcome.kind, result.outcome.detail, maybe_delivered=True
                )
            result.response_headers = [
                (k, request.scrub(v)) for k, v in response.headers.multi_items()
            ]
            result.response_body = request.scrub(body.decode("utf-8", errors="replace"))
            again = response.status_code in RETRY_STATUSES
        except (httpx.HTTPError, UnicodeError) as exc:
            result.status = None
            result.response_headers = []
            result.response_body = ""
            result.outcome = self._failure(request, exc, time.perf_counter() - began)
            again = isinstance(exc, httpx.HTTPError) and worth_retrying(exc, result.outcome.kind)
        attempt = Attempt(
            number=number,
            status=result.status,
            kind=result.outcome.kind,
            detail=result.outcome.detail,
            duration_ms=(time.perf_counter() - began) * 1000,
            waited_s=waited,
        )
        return attempt, again

    @staticmethod
    def _failure(request: SignalRequest, exc: Exception, took: float) -> Outcome:
        if isinstance(exc, UnicodeError):  # a header that cannot go on the wire: nothing left
            return outcome(Kind.NETWORK, request.scrub(f"the request cannot be encoded ({exc})"))
        found = from_exception(exc)
        unsent = provably_unsent(exc)
        detail = found.detail
        if isinstance(exc, httpx.TimeoutException) and took >= request.deadline - 0.05:
            detail = (
                f"no complete answer within the {request.deadline:g} s deadline of an attempt "
                "(the store's deadline_s in the config)"
            )
        return outcome(found.kind, request.scrub(detail), maybe_delivered=not unsent)

    @staticmethod
    def _asked(result: SendResult) -> float | None:
        header = {k.lower(): v for k, v in result.response_headers}.get("retry-after")
        return retry_after_seconds(header)

    def _delay(self, number: int, asked: float | None) -> float:
        """Retry-After when given (plus up to 10 % jitter), else jittered exponential backoff."""
        if asked is not None:
            return asked + self._rng.uniform(0, min(1.0, asked * 0.1))
        base = float(self.backoff * 2 ** (number - 1))
        return min(self.max_wait, self._rng.uniform(base / 2, base))
