"""Export… of many history entries from the history panel: how long the window's thread goes
without turning its event loop (the longest gap between ticks of a 5 ms timer) while the
export runs, and how long the export takes.

Run: .venv/bin/python -m bench.bench_history_export [entries] [format]
     (offscreen unless QT_QPA_PLATFORM is set; 50,000 JSON entries by default)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from signal_composer.signals.drafts import new_signal
from signal_composer.store.history import History
from signal_composer.store.sending import encode_body

from bench.common import Row, bulk_insert


def fill(path: Path, count: int) -> None:
    history = History(path)
    outcomes = [("accepted", 202), ("invalid_request", 400), ("server_error", 503)]
    rows: list[Row] = []
    for i in range(count):
        signal = new_signal("click")
        signal["visitorId"] = f"visitor-{i}"
        body, _ = encode_body([signal])
        outcome, status = outcomes[i % 3]
        rows.append((f"store-{i % 4}", body.decode(), status, outcome))
    bulk_insert(history, rows)
    history.close()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    fmt = sys.argv[2] if len(sys.argv) > 2 else "json"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp())
    os.environ["SIGNAL_COMPOSER_HOME"] = str(tmp)
    path = tmp / "history.sqlite3"
    fill(path, count)
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from signal_composer.qt.history_panel import HistoryPanel
    from signal_composer.qt.workers import Runner

    app = QApplication.instance() or QApplication([])
    runner = Runner()
    history = History(path)
    panel = HistoryPanel(history, runner)
    panel.resize(900, 700)
    panel.show()

    def spin(until: object) -> None:
        while not until():  # type: ignore[operator]
            loop = QEventLoop()
            QTimer.singleShot(1, loop.quit)
            loop.exec()

    spin(lambda: panel.settled and panel.model.rowCount() == count)
    panel.table.selectAll()
    calm = time.perf_counter() + 1.0  # the selection's own relayout is not the export's
    spin(lambda: not runner.busy and time.perf_counter() > calm)
    out = tmp / f"export.{'sh' if fmt == 'curl' else fmt}"
    gaps: list[int] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: gaps.append(clock.restart()))
    clock.start()
    ticker.start()
    started = time.perf_counter()
    panel.commands.export_to(str(out), fmt)  # type: ignore[arg-type]
    called = (time.perf_counter() - started) * 1000
    spin(lambda: out.exists() and not runner.busy)
    took = time.perf_counter() - started
    ticker.stop()
    gaps.append(clock.elapsed())
    slow = sorted(g for g in gaps if g > 50)
    print(
        f"export {count:,} entries as {fmt} ({out.stat().st_size / 1e6:.0f} MB) from the panel: "
        f"{took:.1f} s; Export's click returned after {called:.0f} ms; longest gap in the "
        f"event loop {max(gaps)} ms; {len(gaps):,} ticks, over 50 ms: {slow or 'none'}"
    )
    started = time.perf_counter()
    panel.reload()  # as when another process adds an entry: every chosen row chosen again
    spin(lambda: panel.settled and len(panel.selected_ids()) == count)
    took = time.perf_counter() - started
    print(f"reload with all {count:,} rows chosen, chosen again: {took * 1000:.0f} ms")
    panel.stop_polling()
    panel.close()
    runner.wait()
    history.close()
    del app


if __name__ == "__main__":
    main()
