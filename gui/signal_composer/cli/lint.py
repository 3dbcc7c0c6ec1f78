"""``signal-composer lint``: the journey lint over a JSON Lines file of signals."""

from __future__ import annotations

import argparse
import sys

from signal_composer.cli.common import EXIT_OK, EXIT_REJECTED, Commands
from signal_composer.cli.streams import collector_paused, guarded_input
from signal_composer.cli.terminal import safe
from signal_composer.signals.jsonl import open_lines
from signal_composer.signals.lint import JourneyLint, lint_lines
from signal_composer.signals.problems import Problem


def _line(problem: Problem) -> str:
    """One problem for a person: its line counted from 1 (as editors and ``metrics`` count), the
    field, and a path holding a list index called a JSON path (its indexes count from 0)."""
    where = f"line {(problem.index or 0) + 1}"
    if "[" in problem.path:
        where += f", JSON path {problem.path}"
    elif problem.path:
        where += f", {problem.path}"
    return safe(f"{where}: {problem.message} [{problem.severity}: {problem.code}]")


def cmd_lint(args: argparse.Namespace) -> int:
    errors = warnings = 0
    out = sys.stdout
    lint = JourneyLint()
    with collector_paused(), open_lines(args.file) as lines:
        if args.json:
            out.write("[")
        for problem in lint_lines(lines, lint):
            if problem.severity == "error":
                errors += 1
            else:
                warnings += 1
            if args.json:
                out.write(("," if errors + warnings > 1 else "") + _json(problem))
            else:
                out.write(_line(problem) + "\n")
        if args.json:
            out.write("]\n")
    if not args.json:
        count = lint.lines_read
        signals = f"{count:,} line{'s' * (count != 1)}"
        if errors or warnings:
            print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {signals}")
        else:
            print(f"{signals}: every journey relation holds")
    return EXIT_REJECTED if errors else EXIT_OK


def _count(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'s' * (count != 1)}"


def _json(problem: Problem) -> str:
    import json

    return json.dumps(problem.as_dict(), ensure_ascii=False)


def register(commands: Commands) -> None:
    lint = commands.add_parser(
        "lint",
        help="check the id relations between a shopper's signals (JSON Lines)",
        description='Reads a JSON Lines file of signals ({"type": ..., "signal": {...}} per '
        "line, in the order they happened) and lists each broken journey relation with a "
        "stable code (see the README). Exit 0: no errors; 1: errors found; 2: unreadable input.",
    )
    lint.add_argument("--json", action="store_true", help="print the problems as a JSON array")
    lint.add_argument("file", metavar="FILE|-", help="the file, or - for standard input")
    lint.set_defaults(handler=guarded_input(cmd_lint))
