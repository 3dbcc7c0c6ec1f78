"""Every way a send can end, mapped in one place to a kind, a human title and a next step."""

from __future__ import annotations

import errno
import socket
import ssl
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

# httpx is imported where a send is mapped, not here: the window's history reads the kinds
# right after start-up, and importing httpx then would stall the GUI thread.


class Kind(StrEnum):
    """The outcome kinds the window and the command line render."""

    ACCEPTED = "accepted"
    INVALID_REQUEST = "invalid_request"
    BAD_TOKEN = "bad_token"
    UNKNOWN_STORE = "unknown_store"
    UNRESOLVED = "unresolved"
    TLS = "tls"
    TIMEOUT = "timeout"
    REFUSED = "refused"
    CONNECTION_LOST = "connection_lost"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    UNEXPECTED = "unexpected"
    CANCELLED = "cancelled"
    NETWORK = "network"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened, said for a person."""

    kind: Kind
    title: str
    next_step: str
    detail: str = ""
    maybe_delivered: bool = False
    """No answer came after the request left: the store may have it. Never retried."""

    @property
    def accepted(self) -> bool:
        return self.kind is Kind.ACCEPTED

    @property
    def is_network_failure(self) -> bool:
        """No HTTP answer at all (the command line's exit 3)."""
        return self.kind in NETWORK_KINDS


NETWORK_KINDS: Final = frozenset(
    {Kind.TLS, Kind.TIMEOUT, Kind.REFUSED, Kind.CONNECTION_LOST, Kind.NETWORK, Kind.UNRESOLVED}
)
# A name that does not resolve is a network failure (a wrong store ID or no network); an
# unknown store is an answer: a server said 404.

_TEXT: Final[dict[Kind, tuple[str, str]]] = {
    Kind.ACCEPTED: (
        "Accepted",
        "The store queued the signals (202). They show in Analytics Studio after processing.",
    ),
    Kind.INVALID_REQUEST: (
        "Invalid request",
        "The store rejected the body (400). The real service names no field: check the "
        "problems list, or send the same body to the local mock store, which names them all.",
    ),
    Kind.BAD_TOKEN: (
        "Bad token",
        "The store refused the embed token. Copy it again from Integrations > Signals Using "
        "Embed Token, and check the auth form (bare or Bearer) in the store's settings.",
    ),
    Kind.UNKNOWN_STORE: (
        "Unknown store",
        "No signal store answers at this address. Check the store ID (copy it from the store's "
        "page) and the base URL override.",
    ),
    Kind.UNRESOLVED: (
        "Name did not resolve",
        "The store's host name did not resolve: either the store ID (or base URL) is wrong, or "
        "there is no network. The detail says which, where this machine can tell.",
    ),
    Kind.TLS: (
        "TLS failure",
        "The secure connection failed: the server's certificate is not trusted or does not "
        "match. Check the base URL; a proxy that inspects TLS needs its certificate installed.",
    ),
    Kind.TIMEOUT: (
        "Timed out",
        "The store did not answer in time. Try again; if it keeps happening, raise the read "
        "timeout in the settings or check the network.",
    ),
    Kind.REFUSED: (
        "Connection refused",
        "Nothing listens at that address. Check the base URL and port, or start the store.",
    ),
    Kind.CONNECTION_LOST: (
        "Connection dropped",
        "The connection was reset before an answer came. Try again; check proxies or firewalls "
        "if it repeats.",
    ),
    Kind.RATE_LIMITED: (
        "Rate limited",
        "The store asks to slow down (429). Wait for the time it gave, then send again.",
    ),
    Kind.SERVER_ERROR: (
        "Server error",
        "The store failed on its side (5xx). Try again later; the request itself may be fine.",
    ),
    Kind.UNEXPECTED: (
        "Unexpected answer",
        "The store answered with a status the API does not document. Read the response body.",
    ),
    Kind.CANCELLED: ("Cancelled", "You cancelled the send. Send again when ready."),
    Kind.NETWORK: (
        "Network error",
        "The request could not be sent. Check the network connection and the base URL.",
    ),
}


MAYBE_DELIVERED: Final = (
    "May have been delivered; resend from the history if you are sure it was not (a batch "
    "delivered twice counts its signals twice)."
)


def outcome(kind: Kind, detail: str = "", *, maybe_delivered: bool = False) -> Outcome:
    """The outcome of a kind, with its title and next step."""
    title, next_step = _TEXT[kind]
    if maybe_delivered:
        shown = f"{detail.rstrip('. ')}; may have been delivered"
        return Outcome(kind, title, MAYBE_DELIVERED, shown, True)
    return Outcome(kind, title, next_step, detail)


def title_of(code: str) -> str:
    """The title of an outcome kind's code as the history and exports keep it
    (``invalid_request`` → ``Invalid request``); a code this version does not know, as it is."""
    try:
        return _TEXT[Kind(code)][0]
    except ValueError:
        return code


def from_status(status: int) -> Outcome:
    """Maps an HTTP status to an outcome."""
    if status == 202:
        return outcome(Kind.ACCEPTED, "202 Accepted")
    if status == 400:
        return outcome(Kind.INVALID_REQUEST, "400 Bad Request")
    if status in {401, 403}:
        return outcome(Kind.BAD_TOKEN, f"{status} {_reason(status)}")
    if status == 404:
        return outcome(Kind.UNKNOWN_STORE, "404 Not Found: the server knows no such path or store")
    if status == 429:
        return outcome(Kind.RATE_LIMITED, "429 Too Many Requests")
    if 500 <= status <= 599:
        return outcome(Kind.SERVER_ERROR, f"{status} {_reason(status)}")
    detail = f"{status} {_reason(status)}"
    if status == 413:
        detail += ": the body is too large; split the batch"
    return outcome(Kind.UNEXPECTED, detail)


def _reason(status: int) -> str:
    import httpx

    try:
        return httpx.codes.get_reason_phrase(status) or "Unknown"
    except ValueError:
        return "Unknown"


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def from_exception(exc: BaseException) -> Outcome:
    """Maps a transport failure to an outcome; the detail is the underlying reason."""
    import httpx

    chain = _causes(exc)
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        phase = {
            httpx.ConnectTimeout: "while connecting",
            httpx.ReadTimeout: "waiting for the answer",
            httpx.WriteTimeout: "while sending",
            httpx.PoolTimeout: "waiting for a free connection",
        }.get(type(exc), "")
        return outcome(Kind.TIMEOUT, f"no answer {phase}".strip())
    if any(isinstance(c, socket.gaierror) for c in chain) or _looks_like_dns(detail):
        return outcome(Kind.UNRESOLVED, _unresolved(exc, chain, detail))
    if any(isinstance(c, ssl.SSLError) for c in chain) or "SSL" in detail or "TLS" in detail:
        return outcome(Kind.TLS, detail)
    if any(isinstance(c, ConnectionRefusedError) for c in chain) or _has_errno(
        chain, errno.ECONNREFUSED
    ):
        return outcome(Kind.REFUSED, detail)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError) or any(
        isinstance(c, ConnectionResetError | BrokenPipeError) for c in chain
    ):
        return outcome(Kind.CONNECTION_LOST, detail)
    if isinstance(exc, httpx.ConnectError) and "refused" in detail.lower():
        return outcome(Kind.REFUSED, detail)
    return outcome(Kind.NETWORK, detail)


def _unresolved(exc: BaseException, chain: list[BaseException], detail: str) -> str:
    """The failed name, and what the system can tell about why (offline or a wrong name)."""
    import httpx

    from signal_composer.store.netcheck import explain_unresolved

    try:
        host = exc.request.url.host if isinstance(exc, httpx.RequestError) else ""
    except RuntimeError:  # an error made without a request (tests, mock transports)
        host = ""
    if not host:
        return f"the host name did not resolve ({detail})"
    temporary = (
        any(isinstance(c, socket.gaierror) and c.errno == socket.EAI_AGAIN for c in chain)
        or "temporary failure" in detail.lower()
    )
    return f"{host} did not resolve ({detail}); {explain_unresolved(host, temporary)}"


def _looks_like_dns(detail: str) -> bool:
    text = detail.lower()
    return (
        "name or service not known" in text
        or "name resolution" in text
        or ("nodename nor servname" in text)
    )


def _has_errno(chain: list[BaseException], code: int) -> bool:
    return any(isinstance(c, OSError) and c.errno == code for c in chain)


RETRY_STATUSES: Final = frozenset({429, 503})
"""The store said it did not process the request: safe to send again."""
