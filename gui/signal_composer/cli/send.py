"""``signal-composer send``: validate a file of signals and send it to a store."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from signal_composer.cli.common import Commands, add_type_argument, fail, print_problems
from signal_composer.cli.delivery import (
    add_network_arguments,
    confirm_production,
    deliver,
    network_settings,
)
from signal_composer.cli.guard import guarded
from signal_composer.cli.terminal import safe
from signal_composer.signals.jsonio import (
    DuplicateKey,
    InputError,
    decode_text,
    parse_json,
    read_bytes,
)
from signal_composer.signals.problems import has_errors
from signal_composer.signals.signalfile import body_of
from signal_composer.signals.types import SignalType
from signal_composer.signals.validation import duplicate_problems, validate_batch
from signal_composer.store.sending import count_signals, encode_body
from signal_composer.store.stores import StoreRegistry
from signal_composer.store.tokens import TOKEN_VARIABLE


def cmd_send(args: argparse.Namespace) -> int:
    registry = StoreRegistry()
    store = registry.get(args.store)
    kind: SignalType = args.type
    raw, name = read_bytes(args.file)
    duplicates: list[DuplicateKey] = []
    try:
        data: Any = parse_json(decode_text(raw, name), name, duplicates)
        if not args.raw:
            data = body_of(data, kind, name)
        problems = validate_batch(kind, data)
        doubled = duplicate_problems(duplicates, batch=isinstance(data, list))
        for problem in doubled:
            print(f"warning: {safe(problem.format())}", file=sys.stderr)
    except InputError as exc:
        if not (args.raw and args.allow_invalid):
            raise
        print(f"warning: {exc}; sending it anyway (--raw --allow-invalid)", file=sys.stderr)
        data, problems = None, []
    if has_errors(problems) and not args.allow_invalid:
        print_problems(problems, len(data) if isinstance(data, list) else 1, sys.stderr)
        return fail("not sent: the signals have errors (add --allow-invalid to send anyway)")
    confirm_production(store, args.yes, args.file == "-")
    if args.raw:
        body, count = raw, count_signals(raw)  # the exact bytes: no decoding, BOM kept
    else:
        body, count = encode_body(data)
    net = network_settings(registry, args)
    return deliver(store, kind, body, count, net, registry.config.history.max_body_bytes)


def register(commands: Commands) -> None:
    send = commands.add_parser(
        "send",
        help="validate and send signals to a store",
        description="Exit 0: accepted; 1: rejected by the store; 2: usage or invalid input; "
        f"3: network failure. The token comes from the keyring or {TOKEN_VARIABLE}.",
    )
    send.add_argument("--store", required=True)
    add_type_argument(send)
    send.add_argument("--yes", action="store_true", help="confirm a production send")
    send.add_argument("--allow-invalid", action="store_true", help="send despite errors")
    send.add_argument("--raw", action="store_true", help="send the file's bytes exactly")
    add_network_arguments(send)
    send.add_argument("file", metavar="FILE|-")
    send.set_defaults(handler=guarded(cmd_send))
