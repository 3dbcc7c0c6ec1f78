"""The metrics dashboard over a history of 1,000,000 accepted entries: how long it takes to
open and show its first figures, to count the default slice and the whole history, and the
longest gap between frames meanwhile (the default slice counts in a worker thread, the whole
history in a separate process, ``metrics --history --json --progress``).

Run: .venv/bin/python -m bench.bench_dashboard [N]   (offscreen unless QT_QPA_PLATFORM is set)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from signal_composer.signals.journeys import JourneyGenerator
from signal_composer.signals.jsonl import encode_signal
from signal_composer.signals.profiles import load_profile
from signal_composer.store.history import History

N = 1_000_000
NOW = 1_796_040_000_000


def fill(path: Path, n: int) -> None:
    """``n`` accepted entries of one generated signal each (straight into the schema)."""
    history = History(path)
    journeys = JourneyGenerator(load_profile("default"), 1, max(1, n // 12), 30, NOW)
    rows: list[tuple[str, str]] = []
    for kind, signal in journeys:
        rows.append((kind, "[" + encode_signal(signal).decode() + "]"))
        if len(rows) == n:
            break
    while len(rows) < n:
        rows.extend(rows[: n - len(rows)])
    db = history._writer()
    with history._lock:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO entries (created_at, state, source, store, store_id, production, kind,"
            " signal_count, method, url, request_headers, request_body, status, outcome,"
            " response_headers, response_body, duration_ms, attempts, pid, host) VALUES"
            " (strftime('%s','now'), 'done', 'bench', 'local mock', 's', 0, ?1, 1, 'POST', 'u',"
            " '[]', ?2, 202, 'accepted', '[]', '', 3, '[]', 1, 'h')",
            rows,
        )
        db.execute("COMMIT")
    history.close()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else N
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp())
    os.environ["SIGNAL_COMPOSER_HOME"] = str(tmp)
    path = tmp / "history.sqlite3"
    t = time.perf_counter()
    fill(path, n)
    print(f"history of {n:,} accepted entries built in {time.perf_counter() - t:.1f} s")
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from signal_composer.qt.dashboard import HISTORY, Dashboard
    from signal_composer.qt.workers import Runner
    from signal_composer.store.workspace import Workspace

    app = QApplication.instance() or QApplication([])

    class Host:
        def __init__(self) -> None:
            self.runner = Runner()
            self.workspace: Any = Workspace.__new__(Workspace)
            self.workspace.history = History(path)

    host = Host()
    gaps: list[float] = []
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(5)

    def tick() -> None:
        gaps.append(clock.restart())

    ticker.timeout.connect(tick)

    def run_until(done: Any, limit_s: float = 600) -> float:
        start = time.perf_counter()
        while not done() and time.perf_counter() - start < limit_s:
            loop = QEventLoop()
            QTimer.singleShot(1, loop.quit)
            loop.exec()
        return time.perf_counter() - start

    started = time.perf_counter()
    clock.start()
    ticker.start()
    dashboard = Dashboard(host)
    dashboard.resize(1100, 700)
    dashboard.source.setCurrentIndex(2)  # the history, newest 10,000 by default
    dashboard._slice_shown()
    dashboard.show()
    app.processEvents()
    shown = time.perf_counter() - started
    dashboard.refresh()
    counted = run_until(lambda: dashboard.figures is not None and dashboard.figures.done)
    assert dashboard.figures is not None
    assert dashboard.kind == HISTORY
    print(
        f"open the dashboard: shown in {shown * 1000:.0f} ms; the default slice (newest 10,000 of "
        f"{n:,}) counted {counted * 1000:.0f} ms later; longest frame gap {max(gaps):.0f} ms"
    )
    gaps.clear()
    clock.restart()
    dashboard.slice.setCurrentIndex(dashboard.slice.findData(0))
    t = time.perf_counter()
    dashboard.refresh()
    first = run_until(
        lambda: (
            (dashboard.figures is not None and not dashboard.figures.done)
            or (dashboard.figures is not None and dashboard.figures.signals == n)
        )
    )
    whole = first + run_until(lambda: dashboard.figures is not None and dashboard.figures.done)
    assert dashboard.figures is not None
    print(
        f"all {n:,} entries: first figures after {first * 1000:.0f} ms, all counted in "
        f"{whole:.1f} s ({dashboard.figures.signals:,} signals); longest frame gap "
        f"{max(gaps):.0f} ms, frames over 50 ms: {sum(g > 50 for g in gaps)} of {len(gaps)}"
    )
    ticker.stop()
    host.runner.wait()
    host.workspace.history.close()
    del t


if __name__ == "__main__":
    main()
