"""``signal-composer validate``: checks a file of signals against the API's rules (no network).

Problems are printed as they are found, one signal at a time, and at most ``--max-problems``
of them: memory stays flat however many problems a huge file holds.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, Final

from signal_composer.cli.arguments import whole_number
from signal_composer.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    Commands,
    add_type_argument,
    plural,
)
from signal_composer.cli.terminal import safe
from signal_composer.signals.jsonio import DuplicateKey, InputError, batch_items, read_text
from signal_composer.signals.signalfile import body_of
from signal_composer.signals.types import SignalType
from signal_composer.signals.validation import stream_problems

MAX_PROBLEMS: Final = 1000


def cmd_validate(args: argparse.Namespace) -> int:
    kind: SignalType = args.type
    try:
        text, name = read_text(args.file)
        is_array, items = batch_items(text, name)
        if not is_array:
            is_array, items = _signal_file(next(items), kind, name)
        elif (first := next(items, None)) is not None:
            body_of([first[0]], kind, name)  # a history export's entry is no signal: refused
            items = itertools.chain([first], items)
    except InputError as exc:
        print(f"signal-composer: {safe(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    counted = _Counted(items)
    errors = warnings = shown = 0
    out = sys.stdout
    if args.json:
        out.write("[")
    try:
        for problem in stream_problems(kind, counted, is_array):
            if problem.severity == "error":
                errors += 1
            else:
                warnings += 1
            if args.max_problems and shown >= args.max_problems:
                continue
            if args.json:
                out.write(
                    ("," if shown else "") + json.dumps(problem.as_dict(), ensure_ascii=False)
                )
            else:
                out.write(safe(problem.format()) + "\n")
            shown += 1
    except InputError as exc:  # a lone surrogate found while reading an item
        if args.json:
            out.write("]\n")
        print(f"signal-composer: {safe(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        out.write("]\n")
    hidden = errors + warnings - shown
    note = sys.stderr if args.json else out
    if hidden:
        print(
            f"... and {plural(hidden, 'more problem')} not shown (--max-problems N shows more, "
            "0 shows all)",
            file=note,
        )
    if not args.json:
        count = counted.count if is_array else 1
        print(_summary(errors, warnings, count), file=out)
    return EXIT_REJECTED if errors else EXIT_OK


def _signal_file(
    item: tuple[Any, list[DuplicateKey]], kind: SignalType, name: str
) -> tuple[bool, Iterator[tuple[Any, list[DuplicateKey]]]]:
    """A single object: a signal file's signals (as an array), or one signal."""
    value, duplicates = item
    body = body_of(value, kind, name)
    if body is value or not isinstance(body, list):
        return False, iter([item])
    by_index: dict[int, list[DuplicateKey]] = {}
    for dup in duplicates:
        if len(dup.loc) >= 2 and dup.loc[0] == "signals" and isinstance(dup.loc[1], int):
            by_index.setdefault(dup.loc[1], []).append(replace(dup, loc=dup.loc[2:]))
    return True, iter([(signal, by_index.get(i, [])) for i, signal in enumerate(body)])


class _Counted:
    """Passes items through, counting them."""

    def __init__(self, items: Iterator[tuple[Any, list[DuplicateKey]]]) -> None:
        self.items = items
        self.count = 0

    def __iter__(self) -> Iterator[tuple[Any, list[DuplicateKey]]]:
        for item in self.items:
            self.count += 1
            yield item


def _summary(errors: int, warnings: int, count: int) -> str:
    signals = plural(count, "signal")
    if not errors and not warnings:
        return f"{signals}: valid"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {signals}"


def register(commands: Commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="check a JSON file of signals against the API's rules",
        description="Reads a JSON array of signals, one signal object, or a signal file saved "
        "by the app (its type must match --type), and lists every "
        "problem. Exit 0: no errors; 1: errors found; 2: usage error or unreadable input.",
    )
    add_type_argument(validate)
    validate.add_argument("--json", action="store_true", help="print problems as a JSON array")
    validate.add_argument(
        "--max-problems",
        type=whole_number(0, note=" (0: all)"),
        default=MAX_PROBLEMS,
        metavar="N",
        help=f"print at most N problems (default {MAX_PROBLEMS}; 0: all); all are counted",
    )
    validate.add_argument("file", metavar="FILE|-", help="the file, or - for standard input")
    validate.set_defaults(handler=cmd_validate)
