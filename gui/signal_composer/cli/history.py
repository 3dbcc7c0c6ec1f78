"""``signal-composer history``: list, show, resend and export past sends."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import Any, Final

from signal_composer.cli.arguments import whole_number
from signal_composer.cli.common import EXIT_OK, Commands
from signal_composer.cli.delivery import (
    add_network_arguments,
    confirm_production,
    deliver,
    network_settings,
)
from signal_composer.cli.guard import guarded
from signal_composer.cli.outputs import is_special, output_path, write_failed
from signal_composer.cli.terminal import safe
from signal_composer.signals.jsonio import read_text
from signal_composer.signals.types import SignalType
from signal_composer.store.export import EXPORT_FORMATS, export
from signal_composer.store.history import (
    INTERRUPTED,
    SENDING,
    Entry,
    Filter,
    History,
    HistoryDamagedError,
)
from signal_composer.store.history_import import rows_of
from signal_composer.store.history_recover import recover
from signal_composer.store.outcomes import Kind
from signal_composer.store.paths import data_dir, write_private
from signal_composer.store.stores import StoreRegistry


def summary_line(entry_summary: Any) -> str:
    return safe(_summary_line(entry_summary))


def _summary_line(entry_summary: Any) -> str:
    s = entry_summary
    when = datetime.fromtimestamp(s.created_at).strftime("%Y-%m-%d %H:%M:%S")
    status = "-" if s.status is None else str(s.status)
    duration = "-" if s.duration_ms is None else f"{s.duration_ms:.0f}ms"
    return (
        f"{s.id:>6}  {when}  {s.store:<16} {s.kind:<8} {s.signal_count:>4}  "
        f"{s.outcome_label:<16} {status:>4} {duration:>8}"
    )


def show_entry(entry: Entry) -> None:
    """Prints an entry; text from outside has its control characters escaped."""
    s = entry.summary
    _out(summary_line(s))
    if entry.tag:
        _out(f"tag: {entry.tag}")
    _out(f"\n{entry.method} {entry.url}")
    for key, value in entry.request_headers:
        _out(f"{key}: {value}")
    _out()
    _out(entry.request_body)
    for note in entry.cut_notes():
        _out(f"[{note}]")
    _out(f"\n--> {s.status or '-'} {s.outcome_label}: {entry.detail}")
    for key, value in entry.response_headers:
        _out(f"{key}: {value}")
    if entry.response_body:
        _out(f"\n{entry.response_body}")
    for attempt in entry.attempts:
        _out(
            f"attempt {attempt['number']}: {attempt['status'] or '-'} {attempt['kind']} "
            f"{attempt['duration_ms']:.0f} ms (waited {attempt['waited_s']:.1f} s)"
        )


def recover_history() -> int:
    """Copies what is readable of a damaged history into a new file; keeps the old aside."""
    path = data_dir() / "history.sqlite3"
    try:
        History(path).close()
    except HistoryDamagedError:
        pass
    else:
        print(f"{path}: the history is not damaged; nothing to recover")
        return EXIT_OK
    done = recover(path)
    print(f"recovered {done.recovered} entries into a new {path}")
    if done.unreadable:
        print(f"{done.unreadable} entries could not be read")
    print(f"the damaged file is kept as {done.damaged_copy}")
    return EXIT_OK


def _out(text: object = "") -> None:
    sys.stdout.write(safe(str(text)) + "\n")


def cmd_history(args: argparse.Namespace) -> int:
    if args.action == "recover":
        return recover_history()
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
        listed = history.page(filt, limit=args.limit)
        for row in listed:
            print(summary_line(row))
        if not listed and args.store and args.store not in (stores := history.stores()):
            having = ", ".join(stores) if stores else "none yet"
            print(
                f"no entries for store {args.store!r}; stores with entries: {having}",
                file=sys.stderr,
            )
        return EXIT_OK
    if args.action == "import":
        text, name = read_text(args.file)
        rows = rows_of(text, name)
        added = history.restore(rows)
        skipped = len(rows) - added
        print(
            f"imported {added} entries from {name}"
            + (f" ({skipped} already in the history)" if skipped else "")
        )
        return EXIT_OK
    if args.action == "show":
        show_entry(history.get(args.id))
        return EXIT_OK
    if args.action == "export":
        return _export(history, args)
    entry = history.get(args.id)
    registry = StoreRegistry()
    store = registry.by_key(entry.store_key, entry.summary.store)  # renamed since: its key
    confirm_production(store, args.yes, reads_stdin=False)
    kind: SignalType = entry.summary.kind  # type: ignore[assignment]
    net = network_settings(registry, args)
    max_body = registry.config.history.max_body_bytes
    return deliver(store, kind, entry.body_bytes(), entry.summary.signal_count, net, max_body)


def _export(history: History, args: argparse.Namespace) -> int:
    target = output_path(args.output, f"history.{_SUFFIXES[args.format]}") if args.output else None
    ids = args.ids or history.ids()
    text = export([history.get(i) for i in ids], args.format)
    if target is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        if is_special(target):  # a named pipe, /dev/null: written to, never replaced
            target.write_bytes(text.encode("utf-8"))
        else:
            write_private(target, text.encode("utf-8"))
    except OSError as exc:
        raise write_failed(args.output, exc) from None
    print(f"exported {len(ids)} entries to {args.output}", file=sys.stderr)
    return EXIT_OK


_SUFFIXES: Final = {"json": "json", "har": "har", "curl": "sh"}


def entry_id(text: str) -> int:
    """A history id: a whole number the database can hold."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a history entry's id (a whole number), not {text!r}"
        ) from None
    if not 1 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"no history entry {text}; 'history list' shows the ids")
    return value


OUTCOMES = (*(str(kind) for kind in Kind), INTERRUPTED, SENDING)
"""What ``--outcome`` can match: every outcome kind, and entries that never finished."""


def register(commands: Commands) -> None:
    history = commands.add_parser("history", help="list, show, resend and export past sends")
    actions = history.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="newest first")
    listing.add_argument("--limit", type=whole_number(), default=50)
    listing.add_argument("--store")
    listing.add_argument("--type", choices=("query", "click", "cartadd", "purchase"))
    listing.add_argument(
        "--outcome",
        choices=OUTCOMES,
        metavar="KIND",
        help=f"one of: {', '.join(OUTCOMES)}",
    )
    listing.add_argument("--status", type=whole_number(100, 599, "an HTTP status"))
    listing.add_argument("--contains", help="text in the request or response body")
    actions.add_parser("show", help="one entry in full").add_argument(
        "id", type=entry_id, metavar="ID"
    )
    resend = actions.add_parser("resend", help="send an entry's body again")
    resend.add_argument("id", type=entry_id, metavar="ID")
    resend.add_argument("--yes", action="store_true", help="confirm a production send")
    add_network_arguments(resend)
    exporting = actions.add_parser("export", help="entries as JSON, HAR or cURL (token redacted)")
    exporting.add_argument("--format", choices=EXPORT_FORMATS, default="json")
    exporting.add_argument("--output", "-o", help="write to a file (user-only) instead of stdout")
    exporting.add_argument("ids", nargs="*", type=entry_id, metavar="ID")
    importing = actions.add_parser(
        "import", help="bring entries back from a JSON export (entries already there are skipped)"
    )
    importing.add_argument("file", metavar="FILE|-")
    actions.add_parser("recover", help="copy what is readable of a damaged history into a new file")
    history.set_defaults(handler=guarded(cmd_history))
