"""``signal-composer metrics``: the merchandising metrics of a JSON Lines file or of the history."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from signal_composer.cli.arguments import whole_number
from signal_composer.cli.common import EXIT_OK, Commands, UsageError
from signal_composer.cli.forked import MIN_BYTES, Forked, spare_core
from signal_composer.cli.streams import collector_paused, guarded_input
from signal_composer.cli.when import parse_when
from signal_composer.cli.when import shown as shown_time
from signal_composer.signals.jsonl import LineError, halves, open_lines, open_window
from signal_composer.signals.metrics import (
    METRIC_KEYS,
    METRIC_NAMES,
    MetricsTally,
    metrics_of_lines,
    shown,
    tally_lines,
    to_json,
)

if TYPE_CHECKING:
    from signal_composer.store.history import Filter, History, Summary


def cmd_metrics(args: argparse.Namespace) -> int:
    if args.history == (args.file is not None):
        raise UsageError("give a JSON Lines FILE (or - for standard input), or --history")
    if not args.history and (args.store or args.since or args.newest or args.history_file):
        raise UsageError(
            "--store, --since, --newest and --history-file choose history entries: "
            "use them with --history"
        )
    if args.progress:
        return _progress(args)
    if args.history:
        metrics, source = _from_history(args.store, args.since, args.newest, args.history_file)
    else:
        try:
            with collector_paused():
                metrics = _of_file(args.file)
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


def _of_file(path: str) -> dict[str, Any]:
    """The metrics of a JSON Lines file; a large one is read in two halves at once when a core
    is spare (the same sums: the tallies of the halves add up)."""
    split = halves(path) if spare_core() else None
    if split is None or split[1] < MIN_BYTES:
        with open_lines(path) as lines:
            return metrics_of_lines(lines)
    middle, size = split
    second = Forked(lambda: _tally_of_window(path, middle, size))
    tally = MetricsTally()
    try:
        with open_window(path, 0, middle) as lines:
            first_lines = tally_lines(lines, tally)
    except BaseException:
        second.abandon()
        raise
    dumped = second.result()
    if dumped is None:  # the copy failed: read the second half here
        dumped = _tally_of_window(path, middle, size)
    if dumped[:1] == b"!":
        line, _, reason = dumped[1:].decode().partition(" ")
        raise LineError(reason, first_lines + int(line))
    tally.merge(dumped)
    return tally.result()


def _tally_of_window(path: str, start: int, end: int) -> bytes:
    """The dumped tally of part of a file, or ``!LINE REASON`` for its first bad line."""
    tally = MetricsTally()
    try:
        with open_window(path, start, end) as lines:
            tally_lines(lines, tally)
    except LineError as exc:
        return f"!{exc.line} {exc.reason}".encode()
    return tally.dump()


def _progress(args: argparse.Namespace) -> int:
    """The dashboard's figures as JSON lines: partial ones while counting, the last one done."""
    from signal_composer.signals.figures import figures_of, figures_to_json
    from signal_composer.store.history_signals import accepted_signals

    if not (args.history and args.json) or args.since:
        raise UsageError("--progress goes with --history --json (and takes no --since)")
    history = _open(args.history_file)
    out = sys.stdout.buffer

    def report(figures: Any) -> None:
        out.write(figures_to_json(figures) + b"\n")
        out.flush()

    try:
        pairs = accepted_signals(history, args.store, args.newest)
        report(figures_of(pairs, report, every_s=0.1))
    finally:
        history.close()
    return EXIT_OK


def _open(path: str | None) -> History:
    from signal_composer.store.history import History, HistoryError

    try:
        return History(None if path is None else Path(path))
    except HistoryError as exc:
        raise UsageError(str(exc)) from None


def _from_history(
    store: str | None, since: str | None, newest: int | None = None, path: str | None = None
) -> tuple[dict[str, Any], str]:
    from signal_composer.store.history import Filter
    from signal_composer.store.outcomes import Kind

    since_ms = None if since is None else parse_when(since, int(time.time() * 1000), "--since")
    history = _open(path)
    tally = MetricsTally()
    requests = left_out = 0
    filt = Filter(store=store, outcome=str(Kind.ACCEPTED))
    try:
        for summary, body in _accepted(history, filt, newest):
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


def _accepted(
    history: History, filt: Filter, newest: int | None = None
) -> Iterator[tuple[Summary, list[Any] | None]]:
    """Accepted entries, newest first (the ``newest`` of them when given), with the signals
    their bodies held (None when the body cannot be counted: cut by the history's size cap, or
    not JSON).

    The ids are taken once, up front: entries another process adds meanwhile (a send running
    beside this) neither shift the reading nor count twice.
    """
    from signal_composer.store.history import HistoryError

    for entry_id in history.ids(filt)[:newest]:
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
    metrics.add_argument(
        "--newest",
        type=whole_number(1),
        metavar="N",
        help="with --history: the newest N sends only",
    )
    metrics.add_argument(
        "--history-file", metavar="PATH", help="with --history: this history database instead"
    )
    metrics.add_argument(
        "--progress",
        action="store_true",
        help="with --history --json: JSON lines of the dashboard's figures (metrics, signals per "
        'day), partial ones while counting; the last has "done": true',
    )
    metrics.set_defaults(handler=guarded_input(cmd_metrics))
