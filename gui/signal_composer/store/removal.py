"""Removing a store: its entry in the config, then its token in the keyring.

The token is kept under the store's stable key, which only the store's entry names: once the
entry is gone, ``token delete NAME`` cannot reach it. So the token goes with the store, and a
keyring that fails is said (with the way to remove the token by hand) without keeping the
store.
"""

from __future__ import annotations

from dataclasses import dataclass

from signal_composer.store.stores import Store, StoreRegistry
from signal_composer.store.tokens import SERVICE, TokenError, TokenVault


@dataclass(frozen=True)
class Removal:
    """A removed store and what became of its token."""

    store: Store
    token_deleted: bool  # it had one and it is gone
    token_problem: str | None = None  # the keyring failed: the token may remain

    def statement(self) -> str:
        """What happened, in one or two sentences."""
        done = f"removed store {self.store.name!r}"
        if self.token_problem is None:
            token = (
                "deleted its token from the keyring"
                if self.token_deleted
                else "it had no token in the keyring"
            )
            return f"{done}; {token}"
        return (
            f"{done}, but its token could not be deleted: {self.token_problem}. The token may "
            f"remain in the keyring under service {SERVICE!r}, entry {self.store.account!r}; "
            "remove it with your keyring's manager (such as Passwords and Keys) or with: "
            f"secret-tool clear service {SERVICE} username {self.store.account}"
        )


def remove_store(registry: StoreRegistry, vault: TokenVault, name: str) -> Removal:
    """Removes the store's entry (StoreError, ConfigError, OSError as the registry raises them),
    then deletes its token; a keyring failure is part of the answer, not an exception."""
    store = registry.remove(name)
    try:
        deleted = vault.delete(store.account, store.name)
    except TokenError as exc:
        return Removal(store, token_deleted=False, token_problem=str(exc))
    return Removal(store, token_deleted=deleted)
