"""Replays of a customer's request: the store they go to, what cannot be replayed, the record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from signal_composer.store.casefile import open_case
from signal_composer.store.history import History
from signal_composer.store.mockstore import MockStore
from signal_composer.store.replay import proposed_store, replay, store_for
from signal_composer.store.sending import SendError
from signal_composer.store.stores import StoreRegistry, make_store
from signal_composer.store.tokens import TokenVault
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring

INPUTS = Path(__file__).parent.parent / "inputs" / "diagnose"
STORE_ID = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"


@pytest.fixture
def workspace(memory_keyring: MemoryKeyring) -> Iterator[Workspace]:
    ws = Workspace(StoreRegistry(), TokenVault(use_env=False), History(), MockStore().start())
    yield ws
    ws.close()


def test_the_store_is_found_by_its_id_and_a_new_one_is_named_without_clash(
    workspace: Workspace,
) -> None:
    registry = workspace.registry
    assert store_for(registry, STORE_ID) is None
    assert store_for(registry, "local-mock") is None  # the built-in mock is never the target
    first = proposed_store(registry, STORE_ID, bearer=True)
    assert (first.name, first.auth) == ("customer-3f2a9c1e", "bearer")
    saved = registry.put(first)  # given its stable key
    assert store_for(registry, STORE_ID.upper()) == saved
    assert proposed_store(registry, STORE_ID, bearer=False).name == "customer-3f2a9c1e-2"


def test_a_replay_is_recorded_as_from_diagnose_with_its_file_and_entry(
    workspace: Workspace,
) -> None:
    case = open_case((INPUTS / "storefront.har").read_text(encoding="utf-8"), "storefront.har")
    mock = next(s for s in workspace.registry.stores if s.builtin_mock)
    recorded = replay(workspace, mock, case.results[0], case.name)
    assert recorded.result.outcome.accepted
    entry = workspace.history.get(recorded.entry_id)
    assert (entry.source, entry.tag) == ("diagnose", "storefront.har (HAR entry 5)")
    assert entry.request_body == case.results[0].request.body


def test_what_cannot_be_replayed_says_why(workspace: Workspace) -> None:
    raw = (INPUTS / "raw-request.txt").read_text(encoding="utf-8")
    case = open_case(raw, "raw-request.txt")  # its path says "clicks"
    store = make_store(name="acme", store_id=STORE_ID)
    with pytest.raises(SendError, match="names no signal type"):
        replay(workspace, store, case.results[0], case.name)
    assert workspace.history.count() == 0
