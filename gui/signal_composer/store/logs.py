"""The diagnostic log: a rotating file in the data folder, written by a thread of its own;
every record passes the token scrub of tokens.py before it is queued."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final

from signal_composer.store.paths import data_dir
from signal_composer.store.tokens import scrub_known

if TYPE_CHECKING:
    from collections.abc import Callable
    from logging.handlers import QueueHandler, QueueListener

    ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]

LOG_FILE: Final = "signal-composer.log"
MAX_BYTES: Final = 1_000_000
BACKUPS: Final = 3
"""At most four files of 1 MB: the current one and three older."""
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
APP_LOGGER: Final = "signal_composer"


def log_dir() -> Path:
    """The folder of the log files (Help > Open log folder), user-only, created on first use."""
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


class RedactTokens(logging.Filter):
    """Runs the token scrub on a record's message (with its arguments), its traceback and its
    stack: whatever a record holds, no token reaches a handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub_known(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub_known(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_known(record.stack_info)
        return True


@dataclass
class _Running:
    path: Path
    handler: QueueHandler
    listener: QueueListener
    previous_hook: ExceptHook


_running: _Running | None = None
_lock = threading.Lock()


def start(level: int = logging.INFO) -> Path:
    """Starts logging to the file (once per process; later calls return at once) and logs
    uncaught exceptions. Returns the file's path."""
    import atexit
    import queue
    from logging.handlers import QueueHandler, QueueListener, RotatingFileHandler

    global _running
    with _lock:
        if _running is not None:
            return _running.path
        path = log_dir() / LOG_FILE
        to_file = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
        to_file.setFormatter(logging.Formatter(FORMAT))
        records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
        handler = QueueHandler(records)  # the caller never waits on the disk
        handler.addFilter(RedactTokens())
        listener = QueueListener(records, to_file)
        listener.start()
        logging.getLogger().addHandler(handler)
        logging.getLogger(APP_LOGGER).setLevel(level)
        _running = _Running(path, handler, listener, sys.excepthook)
        sys.excepthook = _log_uncaught
        atexit.register(stop)
    return path


def start_app_log() -> Path:
    """The window's log: started in the worker that opens the workspace (after the first
    frame), with a line that says what runs where."""
    import platform

    from signal_composer.version import version

    path = start()
    logging.getLogger(APP_LOGGER).info(
        "Signal Composer %s started (Python %s, %s); data in %s",
        version(),
        platform.python_version(),
        platform.platform(),
        data_dir(),
    )
    return path


def stop() -> None:
    """Writes what is queued and closes the file (at exit, and in tests)."""
    global _running
    with _lock:
        running, _running = _running, None
    if running is None:
        return
    logging.getLogger().removeHandler(running.handler)
    running.listener.stop()
    for handler in running.listener.handlers:
        handler.close()
    if sys.excepthook is _log_uncaught:
        sys.excepthook = running.previous_hook


def _log_uncaught(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """An exception nothing caught (in a Qt slot, say): into the log, then as before."""
    logging.getLogger(APP_LOGGER).critical("Uncaught exception", exc_info=(kind, value, tb))
    running = _running
    previous = running.previous_hook if running is not None else sys.__excepthook__
    previous(kind, value, tb)
