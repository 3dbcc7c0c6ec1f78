"""``signal-composer validate``: checks a file of signals against the API's rules (no network)."""

from __future__ import annotations

import argparse
import json
import sys

from signal_composer.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    Commands,
    add_type_argument,
    print_problems,
)
from signal_composer.signals.jsonio import InputError, read_json
from signal_composer.signals.problems import has_errors
from signal_composer.signals.signalfile import body_of
from signal_composer.signals.types import SignalType
from signal_composer.signals.validation import validate_batch


def cmd_validate(args: argparse.Namespace) -> int:
    kind: SignalType = args.type
    try:
        data, name = read_json(args.file)
        data = body_of(data, kind, name)
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
    validate.add_argument("file", metavar="FILE|-", help="the file, or - for standard input")
    validate.set_defaults(handler=cmd_validate)
