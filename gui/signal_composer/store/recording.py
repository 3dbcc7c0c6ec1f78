"""Completing a history entry when the disk may refuse: the answer is never lost in the process.

When the full answer cannot be written (disk full, I/O error), the entry is marked with its
outcome and status only ("accepted, not fully recorded"), which needs no new disk space, and the
full answer stays in memory: every later send of the same history, and its closing, try again.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from typing import Final

from signal_composer.store.history import History, HistoryError
from signal_composer.store.sender import SendResult

_lock: Final = threading.Lock()
_unwritten: Final[weakref.WeakKeyDictionary[History, dict[int, SendResult]]] = (
    weakref.WeakKeyDictionary()
)


def unwritten(history: History) -> dict[int, SendResult]:
    """The answers kept in memory for this history, by entry id (a copy)."""
    with _lock:
        return dict(_unwritten.get(history, {}))


def flush(history: History) -> int:
    """Writes the answers kept in memory, oldest first; returns how many are still waiting."""
    with _lock:
        waiting = _unwritten.get(history, {})
        for entry_id, result in sorted(waiting.items()):
            try:
                history.complete(entry_id, result)
            except (sqlite3.Error, OSError, HistoryError):
                break
            del waiting[entry_id]
        return len(waiting)


def complete(history: History, entry_id: int, result: SendResult) -> str:
    """Completes the entry; "" when it is written in full, else what happened to it (a sentence
    for the user: the outcome itself is shown and printed regardless)."""
    flush(history)
    try:
        history.complete(entry_id, result)
    except (sqlite3.Error, OSError, HistoryError) as exc:
        cause = str(exc) or type(exc).__name__
    else:
        return ""
    with _lock:
        _unwritten.setdefault(history, {})[entry_id] = result
    label = f"{result.outcome.kind}, not fully recorded"
    try:
        history.mark_partial(entry_id, result, f"{label}: the disk refused the answer ({cause})")
    except (sqlite3.Error, OSError, HistoryError):
        return (
            f"the history could not record this answer ({cause}); entry {entry_id} may show as "
            f"interrupted, but the outcome above is what happened: {result.outcome.title}. "
            "It is kept in memory and written when the disk has room again."
        )
    return (
        f"the history could record only the outcome of entry {entry_id} ({cause}); it shows "
        f"as '{label}'. The full answer is kept in memory and written when the disk has room."
    )
