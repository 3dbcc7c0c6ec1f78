"""``signal-composer token``: set, check or delete a store's embed token in the OS keyring."""

from __future__ import annotations

import argparse
import getpass
import sys

from signal_composer.cli.common import EXIT_OK, Commands, fail
from signal_composer.cli.guard import guarded
from signal_composer.cli.terminal import safe
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.tokens import TokenVault, check_token


def read_secret(prompt: str) -> str:
    """A hidden prompt on a terminal; the first line of standard input otherwise."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline()


def cmd_token(args: argparse.Namespace) -> int:
    vault = TokenVault()
    registry = StoreRegistry()
    if args.action == "status":
        print(f"keyring backend: {vault.backend_name()}")
        stores = [registry.get(args.store)] if args.store else registry.stores
        for store in stores:
            name = store.name
            status = vault.status(store.account, name)
            state = (
                f"set ({status.fingerprint}, from {status.source})" if status.is_set else "not set"
            )
            print(safe(f"{name:<20} {state}"))
        return EXIT_OK
    store = registry.get(args.store)
    if args.action == "set":
        try:
            token = check_token(read_secret(f"Embed token for {args.store}: "))
        except ValueError as exc:
            return fail(f"{exc}; nothing was saved")
        saved = vault.set(store.account, token, store.name)
        print(f"token saved for {args.store!r} in {vault.backend_name()} ({saved})")
        return EXIT_OK
    deleted = vault.delete(store.account, store.name)
    print(
        f"token deleted for {args.store!r}" if deleted else f"no token was set for {args.store!r}"
    )
    return EXIT_OK


def register(commands: Commands) -> None:
    token = commands.add_parser(
        "token", help="set, check or delete a store's embed token (kept in the OS keyring)"
    )
    actions = token.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("set", help="read a token from a hidden prompt or stdin").add_argument(
        "store"
    )
    status = actions.add_parser("status", help="backend, and whether a token is set")
    status.add_argument("store", nargs="?")
    actions.add_parser("delete", help="delete a store's token").add_argument("store")
    token.set_defaults(handler=guarded(cmd_token))
