"""The send flow shared by the window and the command line: build, record, send, record."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from signal_composer.signals.jsonio import dumps_compact
from signal_composer.signals.types import SignalType
from signal_composer.store import recording
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind, Outcome, from_status, outcome
from signal_composer.store.sender import Attempt, Sender, SendResult, SignalRequest
from signal_composer.store.stores import Store, StoreError
from signal_composer.store.tokens import (
    TOKEN_VARIABLE,
    TokenError,
    TokenVault,
    token_set_command,
)


class SendError(Exception):
    """A send that cannot start (no token, store not running); the message says what to do."""


def encode_body(data: Any) -> tuple[bytes, int]:
    """The wire body of composed signals (always an array) and how many signals it holds."""
    batch = data if isinstance(data, list) else [data]
    return dumps_compact(batch), len(batch)


def count_signals(body: bytes) -> int:
    """How many signals a raw body holds, best effort (0 when it is not a JSON array)."""
    import json

    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return 0
    return len(data) if isinstance(data, list) else 1


def build_request(
    store: Store,
    kind: SignalType,
    body: bytes,
    signal_count: int,
    vault: TokenVault,
    mock_url: str | None = None,
) -> SignalRequest:
    """The request for a store, with its token from the keyring (optional for the local mock)."""
    try:
        url = store.endpoint(kind, mock_url)
    except StoreError as exc:
        raise SendError(str(exc)) from None
    if store.builtin_mock:
        # The local mock needs no token; one set for it is sent, a broken keyring is no obstacle.
        try:
            token = vault.get(store.name)
        except TokenError:
            token = None
    else:
        token = vault.get(store.name)
    if token is None and not store.builtin_mock:
        raise SendError(
            f"no embed token for store {store.name!r}: set one in Stores & tokens (Ctrl+T), "
            f"or with the command: {token_set_command(store.name)}; or set {TOKEN_VARIABLE}"
        )
    return SignalRequest(
        store=store.name,
        kind=kind,
        url=url,
        body=body,
        signal_count=signal_count,
        token=token,
        bearer=store.auth == "bearer",
        deadline=store.deadline_s,
    )


@dataclass(frozen=True, slots=True)
class Recorded:
    """A finished send and its history entry."""

    entry_id: int
    result: SendResult
    unrecorded: str = ""
    """Empty when the history holds the whole answer; else what it holds, said for the user."""


def send_recorded(
    sender: Sender,
    history: History,
    store: Store,
    request: SignalRequest,
    *,
    source: str,
    tag: str = "",
    cancel: threading.Event | None = None,
    on_attempt: Callable[[Attempt], None] | None = None,
    on_begin: Callable[[int], None] | None = None,
) -> Recorded:
    """Writes the entry before the request leaves, sends, and completes the entry in any case.

    ``tag`` says what the send belongs to (a suite's case); the history keeps and searches it.
    """
    entry_id = history.begin(
        request, store_id=store.store_id, production=store.production, source=source, tag=tag
    )
    if on_begin is not None:
        on_begin(entry_id)
    try:
        result = sender.send(request, cancel=cancel, on_attempt=on_attempt)
    except Exception as exc:  # a bug must not leave the entry "sending" forever
        history.complete(entry_id, SendResult(outcome(Kind.NETWORK, request.scrub(repr(exc)))))
        raise
    if cancel is not None and cancel.is_set() and result.status is not None:
        result.outcome = late_outcome(result.status)
    return Recorded(entry_id, result, recording.complete(history, entry_id, result))


def late_outcome(status: int) -> Outcome:
    """A cancelled send that the store answered all the same: the answer is the truth."""
    answered = from_status(status)
    verdict = "it was accepted" if answered.accepted else f"it was not accepted ({answered.title})"
    return replace(answered, detail=f"Cancelled here, but the store answered {status}: {verdict}")
