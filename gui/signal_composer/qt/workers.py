"""Runs blocking work (network, keyring, disk) off the GUI thread; results come back as signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Signals:
    done(object): the function returned this value.
    failed(object): the function raised this exception.
    progress(object): the function reported progress.
    """

    done = Signal(object)
    failed = Signal(object)
    progress = Signal(object)


class Task(QRunnable):
    """One call of a function in the pool. The function receives a progress callback when
    ``with_progress`` is set."""

    def __init__(self, func: Callable[..., Any], with_progress: bool = False) -> None:
        super().__init__()
        self.func = func
        self.with_progress = with_progress
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            args = (self.signals.progress.emit,) if self.with_progress else ()
            result = self.func(*args)
        except Exception as exc:  # reported to the GUI, which shows it; the log keeps the trace
            log.warning("%s failed", getattr(self.func, "__qualname__", self.func), exc_info=True)
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Runner(QObject):
    """Starts tasks in its own pools and keeps them alive until they report.

    Network calls get a pool of their own: a request that hangs until its read timeout (or a
    few cancelled ones) must not hold up the disk work behind it (the history's newest entry, a
    draft's save). So do keyring calls: a keyring that waits for its unlock prompt, or a stuck
    Secret Service, answers nothing for as long as it likes.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(4)
        self.network_pool = QThreadPool(self)
        self.network_pool.setMaxThreadCount(16)  # they wait on sockets, not on the CPU
        self.keyring_pool = QThreadPool(self)
        self.keyring_pool.setMaxThreadCount(2)
        self._running: set[Task] = set()

    def start(
        self,
        func: Callable[..., Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
        on_progress: Callable[[Any], None] | None = None,
        *,
        network: bool = False,
        keyring: bool = False,
    ) -> Task:
        """Runs ``func`` in a worker; ``network`` and ``keyring`` put it in their own pools."""
        task = Task(func, with_progress=on_progress is not None)
        task.setAutoDelete(False)
        self._running.add(task)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._running.discard(task)
            callback(value)

        task.signals.done.connect(lambda value: finish(on_done, value))
        task.signals.failed.connect(lambda exc: finish(on_failed, exc))
        if on_progress is not None:
            task.signals.progress.connect(on_progress)
        pool = self.network_pool if network else self.keyring_pool if keyring else self.pool
        pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30000) -> bool:
        """Waits for running tasks (on close); True when all finished."""
        network_done = self.network_pool.waitForDone(msecs)
        keyring_done = self.keyring_pool.waitForDone(msecs)
        return self.pool.waitForDone(msecs) and network_done and keyring_done
