"""Counts a large slice of the history in a separate process (``metrics --history --json
--progress``), so the window's thread never waits on the counting's GIL; figures come back as
JSON lines, read on the GUI thread as they arrive (only the newest complete line is decoded)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from signal_composer.signals.figures import Figures, figures_from_json


class FiguresProcess(QObject):
    """One count in a child process.

    Signals:
    progress(object): partial Figures.
    done(object): the final Figures.
    failed(str): what went wrong (the process's own words when it said any).
    """

    progress = Signal(object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        history: Path,
        newest: int | None,
        store: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._buffer = b""
        self._finished = False
        self._final: Figures | None = None
        self.process = QProcess(self)
        self.process.setProgram(sys.executable)
        args = ["-m", "signal_composer", "metrics", "--history", "--json", "--progress"]
        args += ["--history-file", str(history)]
        if newest:
            args += ["--newest", str(newest)]
        if store:
            args += ["--store", store]
        self.process.setArguments(args)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._ended)
        self.process.errorOccurred.connect(self._error)

    def start(self) -> None:
        self.process.start()

    def pid(self) -> int:
        return int(self.process.processId())

    def kill(self) -> None:
        """Stops the count: the process is killed and reaped (no orphan, no zombie); nothing
        more is reported."""
        self._finished = True
        for signal in (
            self.process.readyReadStandardOutput,
            self.process.finished,
            self.process.errorOccurred,
        ):
            signal.disconnect()
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()
            self.process.waitForFinished(3000)

    def _read(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput().data())
        head, newline, rest = self._buffer.rpartition(b"\n")
        if not newline:
            return
        self._buffer = rest
        line = head.rpartition(b"\n")[2]  # the newest complete line; older ones are superseded
        try:
            figures = figures_from_json(line)
        except ValueError as exc:
            self._fail(str(exc))
            return
        if figures.done:
            self._final = figures  # reported once the process has ended (and is reaped)
        else:
            self.progress.emit(figures)

    def _ended(self, code: int, status: QProcess.ExitStatus) -> None:
        self._read()
        if self._finished:
            return
        if self._final is not None and code == 0 and status == QProcess.ExitStatus.NormalExit:
            self._finished = True
            self.done.emit(self._final)
            return
        said = bytes(self.process.readAllStandardError().data()).decode(errors="replace")
        said = said.strip().splitlines()[-1] if said.strip() else ""
        how = "crashed" if status == QProcess.ExitStatus.CrashExit else f"exited with {code}"
        self._fail(said or f"the counting process {how} before its figures")

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._finished:
            self._fail(f"cannot start {sys.executable}: {self.process.errorString()}")

    def _fail(self, message: str) -> None:
        self._finished = True
        self.failed.emit(message)
