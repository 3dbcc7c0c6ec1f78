"""A piece of work run in a forked copy of this process, beside this one, for the commands that
read large files (``metrics``): each process reads half the file, on a machine with a core to
spare.

The copy sends its result back as bytes through a pipe. If it cannot (no ``fork`` on this
system, one core, or the copy failed), the caller does that work itself, so the result never
depends on whether the copy ran.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import Final

MIN_BYTES: Final = 32 << 20
"""Smaller files are read in one process: starting the copy would cost more than it saves."""


def spare_core() -> bool:
    """Whether this system can fork and this process may run on more than one core."""
    if not hasattr(os, "fork"):
        return False
    affinity = getattr(os, "sched_getaffinity", None)
    cores = len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)
    return cores > 1


class Forked:
    """Runs ``work`` in a forked copy at once; ``result()`` waits for its bytes."""

    def __init__(self, work: Callable[[], bytes]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the copy: do the work, send it, leave without the parent's clean-up
            code = 1
            try:
                os.close(read)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C ends the copy too
                data = work()
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid = pid
        self._read = read

    def result(self) -> bytes | None:
        """The copy's bytes; None when it failed (the caller then does the work itself)."""
        try:
            with os.fdopen(self._read, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(self._pid, 0)
        return data if os.waitstatus_to_exitcode(status) == 0 else None

    def abandon(self) -> None:
        """Stops the copy (when this process gives up: a bad line, Ctrl+C)."""
        try:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
        finally:
            os.close(self._read)
