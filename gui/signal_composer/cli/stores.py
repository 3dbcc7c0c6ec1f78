"""``signal-composer stores``: add, list, show and remove signal stores (with its token)."""

from __future__ import annotations

import argparse
import sys

from signal_composer.cli.arguments import number
from signal_composer.cli.common import EXIT_OK, EXIT_REJECTED, Commands
from signal_composer.cli.guard import guarded
from signal_composer.cli.terminal import safe
from signal_composer.store.removal import remove_store
from signal_composer.store.stores import Store, StoreRegistry, make_store
from signal_composer.store.tokens import TokenError, TokenVault, token_set_command


def store_line(store: Store) -> str:
    flags = []
    if store.production:
        flags.append("PRODUCTION")
    if store.builtin_mock:
        flags.append("built-in mock")
    target = "in-process mock on a free loopback port" if store.builtin_mock else store.base()
    extra = f"  [{', '.join(flags)}]" if flags else ""
    return f"{store.name:<20} {target}  auth={store.auth}{extra}"


def cmd_stores(args: argparse.Namespace) -> int:
    registry = StoreRegistry()
    if args.action == "list":
        for store in registry.stores:
            print(safe(store_line(store)))
        return EXIT_OK
    if args.action == "add":
        store = make_store(
            name=args.name,
            store_id=args.store_id,
            base_url=args.base_url,
            production=args.production,
            auth=args.auth,
            **({} if args.deadline is None else {"deadline_s": args.deadline}),
        )
        registry.put(store)
        print(f"added store {store.name!r}: {store.endpoint('click')}")
        print(f"next: set its embed token with: {token_set_command(store.name)}")
        return EXIT_OK
    store = registry.get(args.name)
    if args.action == "show":
        for key, value in store.model_dump().items():
            print(safe(f"{key:<13} {value}"))
        print(f"{'endpoint':<13} {store.endpoint('{type}') if not store.builtin_mock else '-'}")
        try:
            status = TokenVault().status(store.account, store.name)
            token = f"set ({status.fingerprint})" if status.is_set else "not set"
        except TokenError as exc:
            token = f"unknown: {exc}"
        print(f"{'token':<13} {token}")
        return EXIT_OK
    removal = remove_store(registry, TokenVault(), args.name)
    if removal.token_problem is not None:  # the store is gone all the same
        print(safe(removal.statement()), file=sys.stderr)
        return EXIT_REJECTED
    print(safe(removal.statement()))
    return EXIT_OK


def register(commands: Commands) -> None:
    stores = commands.add_parser("stores", help="add, list, show and remove signal stores")
    actions = stores.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list the stores")
    add = actions.add_parser("add", help="add a store")
    add.add_argument("name")
    add.add_argument("--store-id", required=True, help="the signal store's ID (a DNS label)")
    add.add_argument("--base-url", help="override https://{id}.applications.lucidworks.com")
    add.add_argument("--production", action="store_true", help="ask before every send")
    add.add_argument("--auth", choices=("bare", "bearer"), default="bare")
    add.add_argument(
        "--deadline",
        type=number(what="a number of seconds"),
        metavar="S",
        help="seconds one attempt may take in all (30)",
    )
    for name in ("show", "remove"):
        actions.add_parser(name, help=f"{name} a store").add_argument("name")
    stores.set_defaults(handler=guarded(cmd_stores))
