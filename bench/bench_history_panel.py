"""The history panel over 100,000 entries: open, scroll, filter, memory.

Run: .venv/bin/python -m bench.bench_history_panel   (offscreen unless QT_QPA_PLATFORM is set)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from signal_composer.signals.drafts import new_signal
from signal_composer.store.history import History
from signal_composer.store.sending import encode_body

from bench.common import Row, bulk_insert

N = 100_000


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def fill(path: Path) -> None:
    history = History(path)
    stores = [f"store-{i}" for i in range(8)]
    outcomes = [("accepted", 202), ("invalid_request", 400), ("server_error", 503)]
    rows: list[Row] = []
    for i in range(N):
        signal = new_signal("click")
        if i == N // 2:
            signal["orderId"] = "ORDER-NEEDLE"
        body, _ = encode_body([signal])
        outcome, status = outcomes[i % 3]
        rows.append((stores[i % 8], body.decode(), status, outcome))
    bulk_insert(history, rows)
    history.close()


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp())
    os.environ["SIGNAL_COMPOSER_HOME"] = str(tmp)
    path = tmp / "history.sqlite3"
    fill(path)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from signal_composer.qt.history_panel import HistoryPanel
    from signal_composer.qt.workers import Runner

    app = QApplication.instance() or QApplication([])
    runner = Runner()

    def settle(panel: HistoryPanel) -> None:
        while not panel.settled:
            loop = QEventLoop()
            QTimer.singleShot(1, loop.quit)
            loop.exec()
        app.processEvents()

    history = History(path)
    before = rss_mb()
    started = time.perf_counter()
    panel = HistoryPanel(history, runner)
    panel.resize(700, 900)
    panel.show()
    settle(panel)
    opened = (time.perf_counter() - started) * 1000
    grown = rss_mb() - before
    print(f"open the panel over {panel.model.rowCount():,} entries: {opened:.0f} ms (target < 300)")

    bar = panel.table.verticalScrollBar()
    steps = []
    for value in range(0, bar.maximum(), max(1, bar.maximum() // 400)):
        t = time.perf_counter()
        bar.setValue(value)
        app.processEvents()
        steps.append((time.perf_counter() - t) * 1000)
    steps.sort()
    print(
        f"scroll through all rows in {len(steps)} jumps: median {statistics.median(steps):.2f} ms,"
        f" p95 {steps[int(len(steps) * 0.95)]:.2f} ms, max {steps[-1]:.2f} ms (a frame is 16 ms)"
    )
    actions: list[tuple[str, Callable[[], None]]] = [
        ("store", lambda: panel.store.setCurrentIndex(panel.store.findData("store-3"))),
        ("status", lambda: panel.status.setText("400")),
        ("search (one match)", lambda: panel.search.setText("ORDER-NEEDLE")),
    ]
    wheel = []
    bar.setValue(bar.maximum() // 3)
    app.processEvents()
    for _ in range(600):  # a mouse wheel: three rows a notch, 1,800 rows in all
        t = time.perf_counter()
        bar.setValue(bar.value() + 3 * bar.singleStep())
        app.processEvents()
        wheel.append((time.perf_counter() - t) * 1000)
    wheel.sort()
    print(
        f"wheel-scroll 1,800 rows, 3 a notch: median {statistics.median(wheel):.2f} ms, "
        f"p95 {wheel[int(len(wheel) * 0.95)]:.2f} ms, max {wheel[-1]:.2f} ms"
    )
    for label, action in actions:
        panel.store.setCurrentIndex(0)
        panel.status.clear()
        panel.search.clear()
        panel.reload()
        settle(panel)
        t = time.perf_counter()
        action()
        panel._debounce.stop()  # measure the query, not the typing pause
        panel.reload()
        settle(panel)
        took = (time.perf_counter() - t) * 1000
        print(f"filter by {label}: {took:.0f} ms, {panel.model.rowCount():,} rows (target < 200)")
    print(f"memory growth with the panel open: {rss_mb() - before:.1f} MB "
          f"(after opening {grown:.1f} MB; target < 50)")  # fmt: skip
    panel.close()
    runner.wait()
    history.close()


if __name__ == "__main__":
    main()
