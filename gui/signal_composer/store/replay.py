"""Replaying a customer's request to the local mock or a store, recorded with where it came from."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from signal_composer.signals.diagnosis import RequestDiagnosis
from signal_composer.store.export import to_har
from signal_composer.store.sending import (
    Recorded,
    SendError,
    build_request,
    count_signals,
    send_recorded,
)
from signal_composer.store.stores import Store, StoreRegistry, make_store
from signal_composer.store.workspace import Workspace

SOURCE = "diagnose"
"""The history's ``source`` of every replay."""


def replay_tag(case_name: str, origin: str) -> str:
    """The history's tag of a replay, where it came from: ``storefront.har (HAR entry 7)``."""
    return f"{case_name} ({origin})" if origin else case_name


def store_for(registry: StoreRegistry, store_id: str | None) -> Store | None:
    """The configured store with this store ID (not the built-in mock), if any."""
    if not store_id:
        return None
    return next(
        (s for s in registry.stores if not s.builtin_mock and s.store_id == store_id.lower()),
        None,
    )


def local_mock(registry: StoreRegistry) -> Store:
    """The built-in local mock store."""
    return next(s for s in registry.stores if s.builtin_mock)


def proposed_store(registry: StoreRegistry, store_id: str, bearer: bool) -> Store:
    """A new store entry for a store ID the config does not know yet (named after it)."""
    base = f"customer-{store_id[:8]}"
    name, n = base, 2
    while name in registry.names():
        name, n = f"{base}-{n}", n + 1
    return make_store(name=name, store_id=store_id, auth="bearer" if bearer else "bare")


def replay(
    workspace: Workspace,
    store: Store,
    result: RequestDiagnosis,
    case_name: str,
    cancel: threading.Event | None = None,
) -> Recorded:
    """Sends the customer's body byte for byte to a store (its token from the keyring, as for
    any send) and records it in the history from ``diagnose``, tagged with the file and entry."""
    if result.kind is None:
        raise SendError(
            "the request's path names no signal type, so it cannot be replayed as it is; "
            "open it in the composer and pick the type"
        )
    if result.request.body is None:
        raise SendError("the request has no body here to replay")
    body = result.request.body.encode("utf-8")
    request = build_request(
        store, result.kind, body, count_signals(body), workspace.vault, workspace.mock_url
    )
    return send_recorded(
        workspace.sender(),
        workspace.history,
        store,
        request,
        source=SOURCE,
        tag=replay_tag(case_name, result.request.origin),
        cancel=cancel,
    )


def evidence_har(workspace: Workspace, entry_ids: Sequence[int]) -> str:
    """The replays of a case as a HAR log (tokens only as fingerprints, as in every export)."""
    return to_har([workspace.history.get(i) for i in entry_ids])
