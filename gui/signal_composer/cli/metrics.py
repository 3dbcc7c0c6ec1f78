"""``signal-composer metrics``: the merchandising metrics of a JSON Lines file or of the history."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from signal_composer.cli.common import EXIT_OK, Commands, UsageError
from signal_composer.cli.streams import collector_paused, guarded_input
from signal_composer.cli.when import parse_when
from signal_composer.cli.when import shown as shown_time
from signal_composer.signals.jsonl import LineError, open_lines
from signal_composer.signals.metrics import (
    METRIC_KEYS,
    METRIC_NAMES,
    MetricsTally,
    metrics_of_lines,
    shown,
    to_json,
)

if TYPE_CHECKING:
    from signal_composer.store.history import Filter, History, Summary


def cmd_metrics(args: argparse.Namespace) -> int:
    if args.history == (args.file is not None):
        raise UsageError("give a JSON Lines FILE (or - for standard input), or --history")
    if not args.history and (args.store or args.since):
        raise UsageError("--store and --since choose history entries: use them with --history")
    if args.history:
        metrics, source = _from_history(args.store, args.since)
    else:
        try:
            with collector_paused(), open_lines(args.file) as lines:
                metrics = metrics_of_lines(lines)
        except LineError as exc:
            name = "standard input" if args.file == "-" else args.file
            raise UsageError(
                f'{name}, {exc}; each line is {{"type": ..., "signal": {{...}}}}'
            ) from None
        source = "standard input" if args.file == "-" else args.file
    if args.json:
        sys.stdout.buffer.write(to_json(metrics) + b"\n")
    else:
        print(table(metrics, source))
    return EXIT_OK


def _from_history(store: str | None, since: str | None) -> tuple[dict[str, Any], str]:
    from signal_composer.store.history import Filter, History, HistoryError
    from signal_composer.store.outcomes import Kind

    since_ms = None if since is None else parse_when(since, int(time.time() * 1000), "--since")
    try:
        history = History()
    except HistoryError as exc:
        raise UsageError(str(exc)) from None
    tally = MetricsTally()
    requests = left_out = 0
    try:
        for summary, body in _accepted(history, Filter(store=store, outcome=str(Kind.ACCEPTED))):
            if since_ms is not None and summary.created_at * 1000 < since_ms:
                break  # newest first: the rest is older still
            if body is None:
                left_out += 1
                continue
            requests += 1
            for signal in body:
                if isinstance(signal, dict):
                    tally.add(summary.kind, signal)
    finally:
        history.close()
    if left_out:
        print(
            f"note: {left_out:,} accepted request{'s' * (left_out != 1)} left out: the history "
            "kept only part of the body (raise history.max_body_kib in config.json to keep "
            "whole bodies) or the body was not a JSON array of signals",
            file=sys.stderr,
        )
    where = f"store {store!r}" if store else "every store"
    when = f" since {shown_time(since_ms)}" if since_ms is not None else ""
    return tally.result(), f"{requests:,} accepted requests to {where}{when} (history)"


def _accepted(history: History, filt: Filter) -> Iterator[tuple[Summary, list[Any] | None]]:
    """Accepted entries, newest first, with the signals their bodies held (None when the body
    cannot be counted: cut by the history's size cap, or not JSON).

    The ids are taken once, up front: entries another process adds meanwhile (a send running
    beside this) neither shift the reading nor count twice.
    """
    from signal_composer.store.history import HistoryError

    for entry_id in history.ids(filt):
        try:
            entry = history.get(entry_id)
        except HistoryError:
            continue  # deleted meanwhile
        if entry.request_cut is not None:
            yield entry.summary, None
            continue
        try:
            body = json.loads(entry.body_bytes())
        except ValueError:
            yield entry.summary, None
            continue
        yield entry.summary, body if isinstance(body, list) else [body]


def table(metrics: dict[str, Any], source: str) -> str:
    """The human form: the funnel, then the rates and the money."""
    width = max(len(name) for name in METRIC_NAMES.values())
    rows = [f"Metrics of {source}", ""]
    for key in METRIC_KEYS:
        if key == "visitors" or key == "search_ctr" or key == "revenue":
            rows.append("")
        indent = "  " if key == "zero_result_queries" else ""
        name = f"{indent}{METRIC_NAMES[key]}"
        rows.append(f"{name:<{width + 2}}  {shown(key, metrics[key]):>14}")
    return "\n".join(rows)


def register(commands: Commands) -> None:
    metrics = commands.add_parser(
        "metrics",
        help="merchandising metrics of a JSON Lines file of signals, or of the history",
        description="Counts, click-through, click position, add-to-cart, abandoned carts, "
        "conversion and revenue, as defined in the README. FILE is JSON Lines "
        '({"type": ..., "signal": {...}} per line); --history reads what stores accepted. '
        "Exit 0, or 2 for unusable input.",
    )
    metrics.add_argument("file", nargs="?", metavar="FILE|-", help="JSON Lines, - for stdin")
    metrics.add_argument("--json", action="store_true", help="one JSON object, the metric keys")
    metrics.add_argument("--history", action="store_true", help="over accepted sends instead")
    metrics.add_argument("--store", help="with --history: only this store's sends")
    metrics.add_argument(
        "--since", metavar="WHEN", help="with --history: sends since then (2026-11-30, 2h, 7d)"
    )
    metrics.set_defaults(handler=guarded_input(cmd_metrics))
