"""Command-line groups that talk to the world: stores, token, send, history, mock-store."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from gui.core import cli
from gui.core.cli import EXIT_NETWORK, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, add_type_argument
from gui.core.export import EXPORT_FORMATS, export
from gui.core.history import Entry, Filter, History, HistoryError
from gui.core.jsonio import InputError, parse_json, pretty_text, read_text
from gui.core.mockstore import MockOptions, MockStore
from gui.core.paths import write_private
from gui.core.problems import has_errors
from gui.core.sender import Sender, SendResult, make_client
from gui.core.sending import (
    SendError,
    build_request,
    count_signals,
    encode_body,
    send_recorded,
)
from gui.core.stores import (
    ConfigError,
    NetworkSettings,
    Store,
    StoreError,
    StoreRegistry,
    make_store,
)
from gui.core.tokens import TOKEN_VARIABLE, TokenError, TokenVault, check_token
from gui.core.types import SignalType
from gui.core.validation import validate_batch


class UsageError(Exception):
    """Exit 2 with this message."""


def fail(message: str) -> int:
    print(f"signal-composer: {message}", file=sys.stderr)
    return EXIT_USAGE


# ---- stores -------------------------------------------------------------------------------


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
            print(store_line(store))
        return EXIT_OK
    if args.action == "add":
        store = make_store(
            name=args.name,
            store_id=args.store_id,
            base_url=args.base_url,
            production=args.production,
            auth=args.auth,
        )
        registry.put(store)
        print(f"added store {store.name!r}: {store.endpoint('click')}")
        print(f"next: set its embed token with 'signal-composer token set {store.name}'")
        return EXIT_OK
    store = registry.get(args.name)
    if args.action == "show":
        for key, value in store.model_dump().items():
            print(f"{key:<13} {value}")
        print(f"{'endpoint':<13} {store.endpoint('{type}') if not store.builtin_mock else '-'}")
        try:
            status = TokenVault().status(store.name)
            token = f"set ({status.fingerprint})" if status.is_set else "not set"
        except TokenError as exc:
            token = f"unknown: {exc}"
        print(f"{'token':<13} {token}")
        return EXIT_OK
    registry.remove(args.name)
    print(f"removed store {args.name!r} (its token stays in the keyring until 'token delete')")
    return EXIT_OK


# ---- tokens -------------------------------------------------------------------------------


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
        names = [args.store] if args.store else registry.names()
        for name in names:
            status = vault.status(name)
            state = (
                f"set ({status.fingerprint}, from {status.source})" if status.is_set else "not set"
            )
            print(f"{name:<20} {state}")
        return EXIT_OK
    registry.get(args.store)
    if args.action == "set":
        try:
            token = check_token(read_secret(f"Embed token for {args.store}: "))
        except ValueError as exc:
            return fail(f"{exc}; nothing was saved")
        saved = vault.set(args.store, token)
        print(f"token saved for {args.store!r} in {vault.backend_name()} ({saved})")
        return EXIT_OK
    deleted = vault.delete(args.store)
    print(
        f"token deleted for {args.store!r}" if deleted else f"no token was set for {args.store!r}"
    )
    return EXIT_OK


# ---- send ---------------------------------------------------------------------------------


@contextmanager
def target_url(store: Store) -> Iterator[str | None]:
    """For the built-in mock, a mock store on a free loopback port for the command's duration."""
    if not store.builtin_mock:
        yield None
        return
    with MockStore() as mock:
        yield mock.url


def confirm_production(store: Store, yes: bool, reads_stdin: bool) -> None:
    if not store.production or yes:
        return
    if reads_stdin or not sys.stdin.isatty():
        raise UsageError(
            f"store {store.name!r} is a production store: add --yes to confirm the send"
        )
    typed = input(f"{store.name!r} is a PRODUCTION store. Type its name to send: ")
    if typed.strip() != store.name:
        raise UsageError("not confirmed; nothing was sent")


def print_result(result: SendResult, entry_id: int) -> None:
    o = result.outcome
    attempts = len(result.attempts)
    print(
        f"{o.title}: {o.detail} in {result.duration_ms:.0f} ms, "
        f"{attempts} attempt{'s' * (attempts != 1)}; history entry {entry_id}"
    )
    if not o.accepted:
        print(f"next step: {o.next_step}")
        problems = _problems_in(result.response_body)
        for problem in problems:
            print(f"  {problem}")


def _problems_in(body: str) -> list[str]:
    try:
        data = json.loads(body)
    except ValueError:
        return [body[:500]] if body.strip() else []
    if isinstance(data, dict) and isinstance(data.get("problems"), list):
        return [
            f"[{p.get('index')}] {p.get('path') or '(signal)'}: {p.get('message')} "
            f"[{p.get('severity')}]"
            for p in data["problems"]
            if isinstance(p, dict)
        ]
    return [body[:500]]


def exit_code(result: SendResult) -> int:
    if result.outcome.accepted:
        return EXIT_OK
    if result.status is None:
        return EXIT_NETWORK
    return EXIT_REJECTED


def network_settings(registry: StoreRegistry, args: argparse.Namespace) -> NetworkSettings:
    """The config's timeouts and retries, with the command's overrides (checked by the model)."""
    overrides = {
        key: value
        for key in ("connect_timeout", "read_timeout", "retries")
        if (value := getattr(args, key, None)) is not None
    }
    try:
        return NetworkSettings.model_validate({**registry.config.network.model_dump(), **overrides})
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        raise UsageError(f"--{str(first['loc'][0]).replace('_', '-')}: {first['msg']}") from None


def deliver(store: Store, kind: SignalType, body: bytes, count: int, net: NetworkSettings) -> int:
    vault = TokenVault()
    with target_url(store) as mock_url, make_client(net) as client:
        request = build_request(store, kind, body, count, vault, mock_url)
        sender = Sender(client, retries=net.retries)
        history = History()
        try:
            recorded = send_recorded(sender, history, store, request, source="cli")
        finally:
            history.close()
    print_result(recorded.result, recorded.entry_id)
    return exit_code(recorded.result)


def cmd_send(args: argparse.Namespace) -> int:
    registry = StoreRegistry()
    store = registry.get(args.store)
    kind: SignalType = args.type
    text, name = read_text(args.file)
    try:
        data: Any = parse_json(text, name)
        problems = validate_batch(kind, data)
    except InputError as exc:
        if not (args.raw and args.allow_invalid):
            raise
        print(f"warning: {exc}; sending it anyway (--raw --allow-invalid)", file=sys.stderr)
        data, problems = None, []
    if has_errors(problems) and not args.allow_invalid:
        cli.print_problems(problems, len(data) if isinstance(data, list) else 1, sys.stderr)
        return fail("not sent: the signals have errors (add --allow-invalid to send anyway)")
    confirm_production(store, args.yes, args.file == "-")
    if args.raw:
        body = text.encode("utf-8") if args.file == "-" else Path(args.file).read_bytes()
        count = count_signals(body)
    else:
        body, count = encode_body(data)
    return deliver(store, kind, body, count, network_settings(registry, args))


# ---- history ------------------------------------------------------------------------------


def summary_line(entry_summary: Any) -> str:
    s = entry_summary
    when = datetime.fromtimestamp(s.created_at).strftime("%Y-%m-%d %H:%M:%S")
    status = "-" if s.status is None else str(s.status)
    duration = "-" if s.duration_ms is None else f"{s.duration_ms:.0f}ms"
    return (
        f"{s.id:>6}  {when}  {s.store:<16} {s.kind:<8} {s.signal_count:>4}  "
        f"{s.outcome_label:<16} {status:>4} {duration:>8}"
    )


def show_entry(entry: Entry) -> None:
    s = entry.summary
    print(summary_line(s))
    print(f"\n{entry.method} {entry.url}")
    for key, value in entry.request_headers:
        print(f"{key}: {value}")
    print()
    print(pretty_text(entry.request_body))
    print(f"\n--> {s.status or '-'} {s.outcome_label}: {entry.detail}")
    for key, value in entry.response_headers:
        print(f"{key}: {value}")
    if entry.response_body:
        print(f"\n{entry.response_body}")
    for attempt in entry.attempts:
        print(
            f"attempt {attempt['number']}: {attempt['status'] or '-'} {attempt['kind']} "
            f"{attempt['duration_ms']:.0f} ms (waited {attempt['waited_s']:.1f} s)"
        )


def cmd_history(args: argparse.Namespace) -> int:
    history = History()
    try:
        return _history(args, history)
    finally:
        history.close()


def _history(args: argparse.Namespace, history: History) -> int:
    if args.action == "list":
        filt = Filter(
            store=args.store,
            kind=args.type,
            outcome=args.outcome,
            status=args.status,
            contains=args.contains,
        )
        for row in history.page(filt, limit=args.limit):
            print(summary_line(row))
        return EXIT_OK
    if args.action == "show":
        show_entry(history.get(args.id))
        return EXIT_OK
    if args.action == "export":
        ids = args.ids or history.ids()
        text = export([history.get(i) for i in ids], args.format)
        if args.output:
            write_private(Path(args.output), text.encode("utf-8"))
            print(f"exported {len(ids)} entries to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return EXIT_OK
    entry = history.get(args.id)
    registry = StoreRegistry()
    store = registry.get(entry.summary.store)
    confirm_production(store, args.yes, reads_stdin=False)
    kind: SignalType = entry.summary.kind  # type: ignore[assignment]
    net = network_settings(registry, args)
    return deliver(store, kind, entry.body_bytes(), entry.summary.signal_count, net)


# ---- mock store ---------------------------------------------------------------------------


def cmd_mock_store(args: argparse.Namespace) -> int:
    options = MockOptions(
        token=args.token, latency=args.latency, fail_rate=args.fail_rate, status=args.status
    )
    try:
        mock = MockStore(args.host, args.port, options)
    except OSError as exc:
        return fail(
            f"cannot listen on {args.host}:{args.port} ({exc.strerror}); try another --port"
        )
    print(f"mock store listening on {mock.url} (Ctrl+C stops it)", flush=True)
    print(f"  POST {mock.url}/retail/signals/{{query,click,cartadd,purchase}}", flush=True)
    print(f"  GET|DELETE {mock.url}/_mock/signals", flush=True)
    try:
        mock.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        mock.stop()
    return EXIT_OK


# ---- parser -------------------------------------------------------------------------------


def _guarded(handler: cli.Handler) -> cli.Handler:
    """Maps the core's expected failures to a message and exit 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (
            StoreError,
            ConfigError,
            TokenError,
            HistoryError,
            SendError,
            InputError,
            UsageError,
        ) as exc:
            return fail(str(exc))
        except OSError as exc:
            return fail(f"{exc.filename or ''}: {exc.strerror or exc}")

    return run


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """Overrides of the config's network settings for one command."""
    parser.add_argument("--connect-timeout", type=float, metavar="S", help="seconds to connect")
    parser.add_argument(
        "--read-timeout", type=float, metavar="S", help="seconds to wait for an answer"
    )
    parser.add_argument("--retries", type=int, metavar="N", help="extra attempts (0 to 10)")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stores = commands.add_parser("stores", help="add, list, show and remove signal stores")
    actions = stores.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list the stores")
    add = actions.add_parser("add", help="add a store")
    add.add_argument("name")
    add.add_argument("--store-id", required=True, help="the signal store's ID (a DNS label)")
    add.add_argument("--base-url", help="override https://{id}.applications.lucidworks.com")
    add.add_argument("--production", action="store_true", help="ask before every send")
    add.add_argument("--auth", choices=("bare", "bearer"), default="bare")
    for name in ("show", "remove"):
        actions.add_parser(name, help=f"{name} a store").add_argument("name")
    stores.set_defaults(handler=_guarded(cmd_stores))

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
    token.set_defaults(handler=_guarded(cmd_token))

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
    send.set_defaults(handler=_guarded(cmd_send))

    history = commands.add_parser("history", help="list, show, resend and export past sends")
    actions = history.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="newest first")
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--store")
    listing.add_argument("--type", choices=("query", "click", "cartadd", "purchase"))
    listing.add_argument("--outcome", help="accepted, invalid_request, interrupted, ...")
    listing.add_argument("--status", type=int)
    listing.add_argument("--contains", help="text in the request or response body")
    actions.add_parser("show", help="one entry in full").add_argument("id", type=int)
    resend = actions.add_parser("resend", help="send an entry's body again")
    resend.add_argument("id", type=int)
    resend.add_argument("--yes", action="store_true", help="confirm a production send")
    add_network_arguments(resend)
    exporting = actions.add_parser("export", help="entries as JSON, HAR or cURL (token redacted)")
    exporting.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    exporting.add_argument("--output", "-o", help="write to a file (user-only) instead of stdout")
    exporting.add_argument("ids", nargs="*", type=int, metavar="ID")
    history.set_defaults(handler=_guarded(cmd_history))

    mock = commands.add_parser("mock-store", help="run a local mock of the Signals API")
    mock.add_argument("--host", default="127.0.0.1")
    mock.add_argument("--port", type=int, default=8787)
    mock.add_argument("--token", help="require this token (401 without, 403 when it differs)")
    mock.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    mock.add_argument("--fail-rate", type=_fraction, default=0.0, help="share answered 503")
    mock.add_argument("--status", type=int, help="answer every signal request with this status")
    mock.set_defaults(handler=_guarded(cmd_mock_store))
