"""Entry point: with a command, the command line; without one, the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """``signal-composer [COMMAND …]``: a command runs in the terminal, none opens the app."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        from gui.core.cli import main as cli_main

        return cli_main(args)
    return main_gui()


def main_gui() -> int:
    """Opens the main window."""
    from gui.qt.app import run

    return run(sys.argv[:1])
