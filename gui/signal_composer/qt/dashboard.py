"""The metrics dashboard: the METRICS.md figures as tiles, the funnel and signals per day,
over a chosen source, computed off the GUI thread (partial figures show while it counts): in a
worker thread, or for a history slice over IN_THREAD entries in a separate process."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt.charts import FunnelChart, TrendChart
from signal_composer.signals.metrics import METRIC_KEYS, METRIC_NAMES, shown

if TYPE_CHECKING:
    from signal_composer.qt.figures_process import FiguresProcess
    from signal_composer.qt.workers import Runner
    from signal_composer.signals.figures import Figures
    from signal_composer.store.workspace import Workspace

JOURNEY, FILE, HISTORY, MOCK = "journey", "file", "history", "mock"
SOURCES = (
    (JOURNEY, "The journey just played"),
    (FILE, "A JSON Lines file…"),
    (HISTORY, "The history: accepted requests"),
    (MOCK, "What the local mock store received"),
)
SLICES = (
    (1_000, "newest 1,000"),
    (10_000, "newest 10,000"),
    (100_000, "newest 100,000"),
    (0, "all"),
)
IN_THREAD = 10_000
"""History slices up to this many entries count in a worker thread (fast); larger ones in a
process of their own, whose counting cannot hold the window's thread back on Python's GIL."""


class DashboardHost(Protocol):
    runner: Runner
    workspace: Workspace | None


class Dashboard(QWidget):
    """Tiles and charts of one source's figures; ``refresh`` recomputes in a worker."""

    def __init__(self, host: DashboardHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.host = host
        self.played: list[tuple[str, dict[str, Any]]] = []
        """The accepted steps of the journey being played (the first source)."""
        self.path: str | None = None
        self.figures: Figures | None = None
        self._generation = 0
        self._stop: threading.Event | None = None
        self.process: FiguresProcess | None = None
        """The count in a separate process under way (a large history slice), if any."""
        self.source = QComboBox(self)
        self.source.setObjectName("dashboardSource")
        self.source.setAccessibleName("Source")
        for key, label in SOURCES:
            self.source.addItem(label, key)
        self.source.activated.connect(self._source_chosen)
        self.slice = QComboBox(self)
        self.slice.setObjectName("historySlice")
        for limit, label in SLICES:
            self.slice.addItem(label, limit)
        self.slice.setCurrentIndex(1)
        self.slice.activated.connect(lambda _: self.refresh())
        self.reload = QPushButton("Refresh", self)
        self.reload.clicked.connect(self.refresh)
        self.state = QLabel("", self)
        self.state.setObjectName("dashboardState")
        self.tiles: dict[str, QLabel] = {}
        grid = QGridLayout()
        for n, key in enumerate(METRIC_KEYS):
            grid.addWidget(self._tile(key), n // 5, n % 5)
        self.funnel = FunnelChart(self)
        self.trend = TrendChart(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Source", self))
        top.addWidget(self.source)
        top.addWidget(self.slice)
        top.addWidget(self.reload)
        top.addWidget(self.state, 1)
        charts = QHBoxLayout()
        charts.addWidget(self.funnel, 1)
        charts.addWidget(self.trend, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(charts, 1)
        self._slice_shown()

    def _tile(self, key: str) -> QFrame:
        tile = QFrame(self)
        tile.setFrameShape(QFrame.Shape.StyledPanel)
        name = QLabel(METRIC_NAMES[key], tile)
        name.setToolTip(f"{key} (METRICS.md)")
        value = QLabel("-", tile)
        value.setObjectName(f"tile_{key}")
        value.setToolTip(key)
        font = value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        value.setFont(font)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tiles[key] = value
        box = QVBoxLayout(tile)
        box.setContentsMargins(8, 4, 8, 4)
        box.addWidget(name)
        box.addWidget(value)
        return tile

    @property
    def kind(self) -> str:
        return str(self.source.currentData())

    def use(self, kind: str, path: str | None = None) -> None:
        """Shows a source's figures (tests and the menus pick one this way)."""
        self.source.setCurrentIndex([k for k, _ in SOURCES].index(kind))
        if path is not None:
            self.path = path
        self._slice_shown()
        self.refresh()

    def _source_chosen(self, _: int) -> None:
        if self.kind == FILE:
            path, _filter = QFileDialog.getOpenFileName(
                self,
                "Metrics of a JSON Lines file",
                "",
                "JSON Lines (*.jsonl *.ndjson);;All files (*)",
            )
            if not path:
                return
            self.path = path
        self._slice_shown()
        self.refresh()

    def _slice_shown(self) -> None:
        self.slice.setVisible(self.kind == HISTORY)

    # ---- live -----------------------------------------------------------------------------

    def journey_shown(self, _steps: list[Any]) -> None:
        self.played = []
        if self.kind == JOURNEY:
            self.refresh()

    def step_sent(self, kind: str, signal: dict[str, Any], accepted: bool) -> None:
        """A journey's step was answered: the figures of what was played and received move."""
        if accepted:
            self.played.append((kind, signal))
        if self.kind in (JOURNEY, MOCK):
            self.refresh()

    # ---- computing ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recomputes the chosen source's figures in a worker; a newer refresh wins."""
        from signal_composer.signals.figures import figures_of, figures_of_file

        self.stop()
        self._generation += 1
        generation, stop = self._generation, threading.Event()
        self._stop = stop
        kind, ws = self.kind, self.host.workspace
        if kind == FILE and self.path is None:
            self.state.setText("Choose a JSON Lines file")
            return
        if kind in (HISTORY, MOCK) and ws is None:
            self.state.setText("Still starting")
            return
        self.state.setText("Counting…")
        played, path, limit = list(self.played), self.path, int(self.slice.currentData())
        if kind == HISTORY and (limit == 0 or limit > IN_THREAD):
            assert ws is not None
            self._count_in_process(ws.history.path, limit, generation)
            return

        def job(report: Any) -> Figures:
            if kind == FILE:
                assert path is not None
                return figures_of_file(path)
            assert ws is not None or kind == JOURNEY
            if kind == JOURNEY:
                return figures_of(played)
            if kind == MOCK:
                received = ws.mock.accepted if ws is not None and ws.mock is not None else []
                return figures_of((r.type, r.signal) for r in received)
            from signal_composer.store.history_signals import accepted_signals

            pairs = accepted_signals(ws.history, limit=limit or None)  # type: ignore[union-attr]
            return figures_of(pairs, report, stop.is_set)

        def done(figures: Figures) -> None:
            if generation == self._generation:
                self._stop = None
                self.show_figures(figures)

        def progress(figures: Figures) -> None:
            if generation == self._generation:
                self.show_figures(figures)

        def failed(exc: Exception) -> None:
            if generation == self._generation:
                self._stop = None
                self.state.setText(f"Cannot compute the figures: {exc}")

        self.host.runner.start(job, done, failed, progress)

    def _count_in_process(self, history: Any, limit: int, generation: int) -> None:
        from signal_composer.qt.figures_process import FiguresProcess

        self.process = process = FiguresProcess(history, limit or None, parent=self)

        def done(figures: Figures) -> None:
            if generation == self._generation:
                self.process = None
                self.show_figures(figures)
            process.deleteLater()

        def failed(message: str) -> None:
            if generation == self._generation:
                self.process = None
                self.state.setText(f"Cannot compute the figures: {message}")
            process.deleteLater()

        process.progress.connect(self.show_figures)
        process.done.connect(done)
        process.failed.connect(failed)
        process.start()

    def show_figures(self, figures: Figures) -> None:
        self.figures = figures
        for key, label in self.tiles.items():
            label.setText(shown(key, figures.metrics[key]))
        self.funnel.show_figures(figures)
        self.trend.show_figures(figures)
        where = self.source.currentText().rstrip("…")
        if self.kind == FILE and self.path:
            where = self.path
        counted = f"{figures.signals:,} signals"
        self.state.setText(f"{where}: {counted}" + ("" if figures.done else " so far, counting…"))

    def stop(self) -> None:
        """Stops the count under way: a worker's is told to stop, a process is killed."""
        if self._stop is not None:
            self._stop.set()
            self._stop = None
        if self.process is not None:
            self.process.kill()
            self.process.deleteLater()
            self.process = None
