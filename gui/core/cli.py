"""The ``signal-composer`` command line: the same core as the window, for automation."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Final, TextIO

from gui.core.jsonio import InputError, read_json
from gui.core.problems import Problem, has_errors
from gui.core.types import SIGNAL_TYPES, SignalType
from gui.core.validation import validate_batch

EXIT_OK: Final = 0
EXIT_REJECTED: Final = 1
EXIT_USAGE: Final = 2
EXIT_NETWORK: Final = 3

Handler = Callable[[argparse.Namespace], int]


def summary(problems: Sequence[Problem], count: int) -> str:
    """``2 errors, 1 warning in 10 signals`` or ``10 signals valid``."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    signals = f"{count} signal{'s' * (count != 1)}"
    if not problems:
        return f"{signals}: valid"
    parts = [f"{errors} error{'s' * (errors != 1)}", f"{warnings} warning{'s' * (warnings != 1)}"]
    return f"{', '.join(parts)} in {signals}"


def print_problems(problems: Sequence[Problem], count: int, out: TextIO) -> None:
    """The human listing: one line per problem, then the summary."""
    for problem in problems:
        print(problem.format(), file=out)
    print(summary(problems, count), file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    kind: SignalType = args.type
    try:
        data, _ = read_json(args.file)
    except InputError as exc:
        print(f"signal-composer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    problems = validate_batch(kind, data)
    if args.json:
        json.dump([p.as_dict() for p in problems], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        count = len(data) if isinstance(data, list) else 1
        print_problems(problems, count, sys.stdout)
    return EXIT_REJECTED if has_errors(problems) else EXIT_OK


def add_type_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--type`` option shared by every command that handles signals."""
    parser.add_argument(
        "--type", required=True, choices=SIGNAL_TYPES, help="the signal type of the batch"
    )


def build_parser(network_commands: bool = True) -> argparse.ArgumentParser:
    """The full parser; without network commands it skips importing httpx and friends."""
    parser = argparse.ArgumentParser(
        prog="signal-composer",
        description="Compose, validate, send and inspect Lucidworks retail signals. "
        "Run without a command to open the app.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    validate = commands.add_parser(
        "validate",
        help="check a JSON file of signals against the API's rules",
        description="Reads a JSON array of signals (or one signal object) and lists every "
        "problem. Exit 0: no errors; 1: errors found; 2: usage error or unreadable input.",
    )
    add_type_argument(validate)
    validate.add_argument("--json", action="store_true", help="print problems as a JSON array")
    validate.add_argument("file", metavar="FILE|-", help="the file, or - for standard input")
    validate.set_defaults(handler=cmd_validate)
    if network_commands:
        from gui.core import cli_net

        cli_net.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command; returns its exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(network_commands=argv[:1] != ["validate"]).parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("signal-composer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
