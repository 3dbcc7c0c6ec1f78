"""Removing a store takes its token out of the keyring: none is left that nothing can reach."""

from __future__ import annotations

import contextlib
import uuid

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked
from signal_composer.store.removal import remove_store
from signal_composer.store.stores import StoreError, StoreRegistry, make_store
from signal_composer.store.tokens import SERVICE, TokenVault

from tests.conftest import MemoryKeyring
from tests.processes import run_cli

TOKEN = "rmTOKEN0123456789abcdefghijklmn"


def test_removing_a_store_deletes_its_token(memory_keyring: MemoryKeyring) -> None:
    registry = StoreRegistry()
    key = registry.put(make_store(name="shop", store_id="shop-1")).key
    other = registry.put(make_store(name="kept", store_id="kept-1")).key
    vault = TokenVault()
    vault.set(key, TOKEN, "shop")
    vault.set(other, TOKEN, "kept")
    removal = remove_store(registry, vault, "shop")
    assert "shop" not in StoreRegistry().names()
    assert (SERVICE, key) not in memory_keyring.items
    assert memory_keyring.items[(SERVICE, other)] == TOKEN  # another store's token stays
    assert removal.statement() == "removed store 'shop'; deleted its token from the keyring"


def test_a_token_saved_under_the_name_before_keys_goes_too(memory_keyring: MemoryKeyring) -> None:
    registry = StoreRegistry()
    registry.put(make_store(name="old", store_id="old-1"))
    memory_keyring.items[(SERVICE, "old")] = TOKEN
    assert remove_store(registry, TokenVault(), "old").token_deleted
    assert memory_keyring.items == {}


def test_a_store_without_a_token_says_so(memory_keyring: MemoryKeyring) -> None:
    registry = StoreRegistry()
    registry.put(make_store(name="bare", store_id="bare-1"))
    assert (
        remove_store(registry, TokenVault(), "bare")
        .statement()
        .endswith("it had no token in the keyring")
    )


class LockedKeyring(MemoryKeyring):
    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("Failed to unlock the collection!")


def test_a_keyring_error_does_not_keep_the_store_and_says_how_to_clean_up() -> None:
    registry = StoreRegistry()
    key = registry.put(make_store(name="shop", store_id="shop-1")).key
    backend = LockedKeyring()
    backend.items[(SERVICE, key)] = TOKEN
    removal = remove_store(registry, TokenVault(backend), "shop")
    assert "shop" not in StoreRegistry().names()  # the entry went all the same
    assert not removal.token_deleted
    said = removal.statement()
    assert "could not be deleted" in said
    assert "the keyring is locked" in said
    assert "may remain" in said
    assert f"secret-tool clear service {SERVICE} username {key}" in said
    assert TOKEN not in said


def test_the_built_in_mock_is_not_removed_and_no_token_is_touched(
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.items[(SERVICE, "local-mock")] = TOKEN
    with pytest.raises(StoreError, match="cannot be removed"):
        remove_store(StoreRegistry(), TokenVault(), "local-mock")
    assert memory_keyring.items[(SERVICE, "local-mock")] == TOKEN


def test_the_command_line_says_a_keyring_error_and_still_removes_the_store() -> None:
    cli = run_cli
    assert cli("stores", "add", "shop", "--store-id", "shop-1").returncode == 0
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    result = cli("stores", "remove", "shop", env=env)
    assert result.returncode == 1, result.stderr
    assert "removed store 'shop', but its token could not be deleted" in result.stderr
    assert "secret-tool clear service" in result.stderr
    assert "Traceback" not in result.stderr
    assert "shop" not in cli("stores", "list").stdout


@pytest.mark.real_keyring
def test_removing_a_store_deletes_its_token_from_the_real_keyring(
    real_keyring: KeyringBackend,
) -> None:
    cli = run_cli
    name = f"rm-{uuid.uuid4().hex[:12]}"  # never a name a developer's own keyring holds
    assert cli("stores", "add", name, "--store-id", "abc-123").returncode == 0
    key = StoreRegistry().get(name).key
    try:
        assert cli("token", "set", name, stdin=TOKEN + "\n").returncode == 0
        assert real_keyring.get_password(SERVICE, key) == TOKEN
        removed = cli("stores", "remove", name)
        assert removed.returncode == 0, removed.stderr
        assert "deleted its token from the keyring" in removed.stdout
        assert real_keyring.get_password(SERVICE, key) is None
        assert keyring.get_keyring().get_password(SERVICE, key) is None
    finally:
        for entry in (key, name):
            with contextlib.suppress(Exception):
                real_keyring.delete_password(SERVICE, entry)
