"""Entry point: with a command, the command line; without one, the window."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """``signal-composer [COMMAND …]``: a command runs in the terminal, none opens the app."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        from signal_composer.cli.main import main as cli_main

        return cli_main(args)
    return main_gui()


NO_DISPLAY = (
    "signal-composer: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is "
    "set). Run it in a desktop session, under a virtual X server (xvfb-run), or use the command "
    "line: signal-composer --help"
)


def has_display() -> bool:
    """False on a Linux machine with no screen, where Qt would abort the process."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main_gui() -> int:
    """Opens the main window."""
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    # Start-up makes a few hundred thousand objects that all live on (modules, the binding's
    # enums, widgets); the cyclic GC would walk them again and again, for about 8 ms of the
    # first frame. It is switched back on once the window is shown (qt.app.show_window).
    gc.disable()
    from signal_composer.qt.app import run

    return run(sys.argv[:1])
