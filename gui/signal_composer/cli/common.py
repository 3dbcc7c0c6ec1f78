"""What every command shares: exit codes, usage errors, the ``--type`` option, problem listings."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Final, TextIO, TypeAlias

from signal_composer.signals.problems import Problem
from signal_composer.signals.types import SIGNAL_TYPES

EXIT_OK: Final = 0
EXIT_REJECTED: Final = 1
EXIT_USAGE: Final = 2
EXIT_NETWORK: Final = 3

Handler = Callable[[argparse.Namespace], int]
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """Exit 2 with this message."""


def fail(message: str) -> int:
    """Prints a usage error and returns its exit status."""
    from signal_composer.cli.terminal import safe

    print(f"signal-composer: {safe(message)}", file=sys.stderr)
    return EXIT_USAGE


def add_type_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--type`` option shared by every command that handles signals."""
    parser.add_argument(
        "--type", required=True, choices=SIGNAL_TYPES, help="the signal type of the batch"
    )


def plural(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``."""
    return f"{count} {noun}{'s' * (count != 1)}"


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
    from signal_composer.cli.terminal import safe

    for problem in problems:
        print(safe(problem.format()), file=out)
    print(summary(problems, count), file=out)
