"""The send flow shared by the window and the command line: build, record, send, record."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from signal_composer.signals.jsonio import dumps_compact
from signal_composer.signals.types import SignalType
from signal_composer.store import recording
from signal_composer.store.history import History, HistoryError
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
            token = vault.get(store.account, store.name)
        except TokenError:
            token = None
    else:
        token = vault.get(store.account, store.name)
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
    """A finished send and its history entry (0 when the history could not record it)."""

    entry_id: int

    @property
    def in_history(self) -> bool:
        return self.entry_id > 0

    result: SendResult
    unrecorded: str = ""
    """Empty when the history holds the whole answer; else what it holds, said for the user."""


def send_recorded(
    sender: Sender,
    history: History | None,
    store: Store,
    request: SignalRequest,
    *,
    source: str,
    cancel: threading.Event | None = None,
    on_attempt: Callable[[Attempt], None] | None = None,
    on_begin: Callable[[int], None] | None = None,
    on_history_off: Callable[[str], None] | None = None,
    tag: str = "",
) -> Recorded:
    """Writes the entry before the request leaves, sends, and completes the entry in any case.

    A history that cannot be written (damaged, full disk) does not stop the send: the reason
    goes to ``on_history_off`` (which must say it loudly) and the send goes on unrecorded.
    ``tag`` says what the send belongs to (a suite's case); the history keeps and searches it.
    """

    def history_off(exc: HistoryError) -> None:
        if on_history_off is not None:
            on_history_off(str(exc))

    entry_id = 0
    if history is not None:
        try:
            entry_id = history.begin(
                request,
                store_id=store.store_id,
                production=store.production,
                source=source,
                store_key=getattr(store, "key", None),
                tag=tag,
            )
        except HistoryError as exc:
            history_off(exc)
    if on_begin is not None and entry_id:
        on_begin(entry_id)
    try:
        result = sender.send(request, cancel=cancel, on_attempt=on_attempt)
    except Exception as exc:  # a bug must not leave the entry "sending" forever
        if history is not None and entry_id:
            failed = SendResult(outcome(Kind.NETWORK, request.scrub(repr(exc))))
            with contextlib.suppress(HistoryError):
                history.complete(entry_id, failed)
        raise
    if cancel is not None and cancel.is_set() and result.status is not None:
        result.outcome = late_outcome(result.status)
    if history is None or not entry_id:
        return Recorded(entry_id, result)
    return Recorded(entry_id, result, recording.complete(history, entry_id, result))


def late_outcome(status: int) -> Outcome:
    """A cancelled send that the store answered all the same: the answer is the truth."""
    answered = from_status(status)
    verdict = "it was accepted" if answered.accepted else f"it was not accepted ({answered.title})"
    return replace(answered, detail=f"Cancelled here, but the store answered {status}: {verdict}")
