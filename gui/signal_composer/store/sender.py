"""Sends a request body to a store: exactly the API's request, bounded retries, attempts kept."""

from __future__ import annotations

import email.utils
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
    Kind,
    Outcome,
    from_exception,
    from_status,
    is_retryable,
    outcome,
)
from signal_composer.store.stores import NetworkSettings
from signal_composer.store.tokens import redact
from signal_composer.version import user_agent

MAX_RESPONSE_BYTES: Final = 2 * 1024 * 1024


def make_client(settings: NetworkSettings | None = None, **options: object) -> httpx.Client:
    """The one shared client: settable timeouts, no redirects (they could carry the token away)."""
    net = settings or NetworkSettings()
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
        limits=httpx.Limits(max_connections=20, max_keepalive_connections=10),
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
        """Removes the token from text that came back from the store (an echoing server)."""
        if self.token is None:
            return text
        value = self.token.get_secret_value()
        return text.replace(value, redact(value)) if value else text


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


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Parses Retry-After: delay seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class Sender:
    """Sends requests over one shared client, retrying what is safe to retry."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        retries: int = 2,
        backoff: float = 0.5,
        max_wait: float = 30.0,
    ) -> None:
        self.client = client
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait

    def send(
        self,
        request: SignalRequest,
        cancel: threading.Event | None = None,
        on_attempt: Callable[[Attempt], None] | None = None,
    ) -> SendResult:
        """Sends, retrying 429/502/503/504 and dropped connections up to ``retries`` times."""
        cancel = cancel or threading.Event()
        result = SendResult(outcome(Kind.CANCELLED))
        started = time.perf_counter()
        wait = 0.0
        for number in range(1, self.retries + 2):
            if wait and cancel.wait(wait):
                break
            if cancel.is_set():
                break
            attempt = self._attempt(request, number, wait, result)
            result.attempts.append(attempt)
            if on_attempt is not None:
                on_attempt(attempt)
            if number > self.retries or not is_retryable(result.outcome, result.status):
                break
            wait = self._delay(number, result)
            if wait > self.max_wait:
                result.outcome = outcome(
                    result.outcome.kind,
                    f"{result.outcome.detail}; the store asks to wait {wait:.0f} s, "
                    f"more than the {self.max_wait:.0f} s the sender waits",
                )
                break
        if cancel.is_set() and result.outcome.kind is not Kind.ACCEPTED:
            result.outcome = outcome(Kind.CANCELLED, result.outcome.detail)
        result.duration_ms = (time.perf_counter() - started) * 1000
        return result

    def _attempt(
        self, request: SignalRequest, number: int, waited: float, result: SendResult
    ) -> Attempt:
        began = time.perf_counter()
        try:
            with self.client.stream(
                "POST", request.url, content=request.body, headers=request.headers()
            ) as response:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > MAX_RESPONSE_BYTES:
                        del body[MAX_RESPONSE_BYTES:]
                        break
            result.status = response.status_code
            result.outcome = from_status(response.status_code)
            result.response_headers = [
                (k, request.scrub(v)) for k, v in response.headers.multi_items()
            ]
            result.response_body = request.scrub(body.decode("utf-8", errors="replace"))
        except httpx.HTTPError as exc:
            result.status = None
            result.response_headers = []
            result.response_body = ""
            found = from_exception(exc)
            result.outcome = outcome(found.kind, request.scrub(found.detail))
        return Attempt(
            number=number,
            status=result.status,
            kind=result.outcome.kind,
            detail=result.outcome.detail,
            duration_ms=(time.perf_counter() - began) * 1000,
            waited_s=waited,
        )

    def _delay(self, number: int, result: SendResult) -> float:
        header = {k.lower(): v for k, v in result.response_headers}.get("retry-after")
        asked = retry_after_seconds(header)
        if asked is not None:
            return asked
        return float(self.backoff * 2 ** (number - 1))
