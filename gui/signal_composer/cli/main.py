"""The command line's parser and dispatch: each command group lives in a module of its own.

Only the module of the command being run is imported (``validate`` starts without httpx);
``--help`` imports them all to list them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, Final

from signal_composer.cli.arguments import Parser
from signal_composer.cli.common import EXIT_OK, Handler

# command name -> module in signal_composer.cli that registers its parser and handler
COMMANDS: Final = {
    "validate": "validate",
    "stores": "stores",
    "token": "token",
    "send": "send",
    "history": "history",
    "mock-store": "mock_store",
    "simulate": "simulate",
    "metrics": "metrics",
    "lint": "lint",
    "run": "run",
    "install-desktop": "install_desktop",
    "diagnose": "diagnose",
}


class VersionAction(argparse.Action):
    """``--version``: like argparse's own, but reads the package metadata only when given."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object, **__: object) -> None:
        from signal_composer.version import version

        print(f"{parser.prog} {version()}")
        parser.exit()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``only`` when it names one (the others stay unloaded)."""
    parser = Parser(
        prog="signal-composer",
        description="Compose, validate, send and inspect Lucidworks retail signals. "
        "Run without a command to open the app.",
    )
    parser.add_argument(
        "--version", action=VersionAction, help="print the installed version and exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if only == "--version":  # no command module is needed to answer it
        return parser
    names = [only] if only in COMMANDS else list(COMMANDS)
    for name in names:
        module = importlib.import_module(f"signal_composer.cli.{COMMANDS[name]}")
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command; returns its exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(only=argv[0] if argv else None).parse_args(argv)
    handler: Handler = args.handler
    try:
        status = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return status
    except KeyboardInterrupt:
        print("signal-composer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): end quietly, and point standard output at
        # nowhere so that the interpreter's last flush finds no closed pipe either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
