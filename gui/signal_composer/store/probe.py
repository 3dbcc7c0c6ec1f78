"""The token test for support: a request that proves what it can and touches no analytics."""

from __future__ import annotations

from dataclasses import dataclass

from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind
from signal_composer.store.sender import Sender, SendResult
from signal_composer.store.sending import build_request, send_recorded
from signal_composer.store.stores import Store, is_loopback
from signal_composer.store.tokens import TokenVault

PROBE_BODY = b"[]"
"""An empty batch: no signal, so nothing can reach the store's analytics."""


@dataclass(frozen=True, slots=True)
class ProbeReport:
    """What the token test proved, in plain words."""

    verdict: str
    """``works``, ``refused``, ``no store``, ``unresolved`` or ``unknown``."""
    statement: str
    result: SendResult
    entry_id: int


LOCAL_CAVEAT = (
    " This is a local mock store, not the real service: it takes the token in either form "
    "(bare or Bearer), and any token unless it was started with --token, so this says nothing "
    "about the token or auth form a real store expects."
)


def is_local(store: Store, url: str) -> bool:
    """A store on this machine (the built-in mock, or a loopback base URL): not the service."""
    from urllib.parse import urlsplit

    return store.builtin_mock or is_loopback(urlsplit(url).hostname or "")


def explain(result: SendResult, local: bool = False) -> tuple[str, str]:
    """The verdict and statement for a probe's result; ``local`` adds what a mock cannot prove."""
    verdict, statement = _explain(result)
    if local and verdict == "works":
        statement += LOCAL_CAVEAT
    return verdict, statement


def _explain(result: SendResult) -> tuple[str, str]:
    kind = result.outcome.kind
    if kind is Kind.ACCEPTED:
        return "works", (
            "The token works for this store: it accepted an empty batch (202). The batch held "
            "no signal, so the store's analytics are untouched."
        )
    if kind is Kind.INVALID_REQUEST:
        return "works", (
            "The token was accepted: the store got as far as reading the body, an empty batch "
            "sent on purpose, and rejected it (400). This assumes the store checks the token "
            "before the body, as the API's error order suggests; no signal was recorded."
        )
    if kind is Kind.BAD_TOKEN:
        return "refused", (
            f"The store refused the token ({result.status}). It is wrong, revoked, or meant for "
            "another store; or the store expects the other auth form (bare or Bearer)."
        )
    if kind is Kind.UNRESOLVED:
        return "unresolved", (
            "The store's name did not resolve, so the token was not checked: either the store "
            f"ID is wrong or there is no network. Here: {result.outcome.detail}."
        )
    if kind is Kind.UNKNOWN_STORE:
        return "no store", (
            "No signal store answers at this address, so the token was not checked. Check the "
            "store ID and the base URL."
        )
    return "unknown", (
        f"The test did not reach a verdict ({result.outcome.title}: {result.outcome.detail}). "
        "The token was not checked."
    )


def probe_token(
    sender: Sender,
    history: History,
    store: Store,
    vault: TokenVault,
    mock_url: str | None = None,
) -> ProbeReport:
    """POSTs an empty batch to the store's query endpoint and says what the answer proves."""
    request = build_request(store, "query", PROBE_BODY, 0, vault, mock_url)
    recorded = send_recorded(sender, history, store, request, source="token test")
    verdict, statement = explain(recorded.result, is_local(store, request.url))
    return ProbeReport(verdict, statement, recorded.result, recorded.entry_id)
