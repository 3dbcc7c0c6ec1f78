"""What the commands that stream signal files share (lint, metrics): a light guard and a pause of
the cyclic garbage collector.

The shared guard (guard.py) loads the store and network modules (a quarter of a second); these
commands read files and need none of them.
"""

from __future__ import annotations

import argparse
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from signal_composer.cli.common import Handler, UsageError, fail
from signal_composer.signals.jsonio import InputError


def guarded_input(handler: Handler) -> Handler:
    """Maps unreadable input and usage errors to a message and exit 2, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (InputError, UsageError) as exc:
            return fail(str(exc))
        except BrokenPipeError:
            raise  # the reader went away (``| head``): the command line ends quietly
        except OSError as exc:
            return fail(f"{exc.filename or 'input'}: {exc.strerror or exc}")

    return run


@contextmanager
def collector_paused() -> Iterator[None]:
    """Streaming makes no reference cycles; the cyclic collector would only walk the open
    sessions and distinct ids again and again (a third of the time on large files)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
