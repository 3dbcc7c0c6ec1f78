"""Window start-up against a bare PySide6 window, and revalidation after a keystroke.

Run: .venv/bin/python -m bench.bench_gui   (offscreen; set QT_QPA_PLATFORM to use a display)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 820)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""


def time_to_shown(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "shown":
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError(f"{command} never showed a window")
    proc.wait(timeout=30)
    return elapsed


def bench_startup() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    folders = tempfile.mkdtemp()  # the platform folders a user has, not SIGNAL_COMPOSER_HOME
    env["XDG_CONFIG_HOME"], env["XDG_DATA_HOME"] = f"{folders}/config", f"{folders}/data"
    env.pop("SIGNAL_COMPOSER_HOME", None)
    env["SIGNAL_COMPOSER_STARTUP_PROBE"] = "1"
    bare: list[float] = []
    ours: list[float] = []
    time_to_shown([sys.executable, "-m", "gui"], env)  # first run writes config, warms caches
    for _ in range(15):  # interleaved, so drift hits both alike
        bare.append(time_to_shown([sys.executable, "-c", BARE], env))
        ours.append(time_to_shown([sys.executable, "-m", "gui"], env))
    b, o = statistics.median(bare), statistics.median(ours)
    print(
        f"process start to window shown: bare PySide6 {b * 1000:.0f} ms, Signal Composer "
        f"{o * 1000:.0f} ms = {o / b:.2f}x (target <= 1.5x)"
    )


def bench_revalidation() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SIGNAL_COMPOSER_HOME"] = tempfile.mkdtemp()
    from PySide6.QtWidgets import QApplication

    from gui.core.draft import Draft
    from gui.core.drafts import new_product
    from gui.qt.composer import Composer

    app = QApplication.instance() or QApplication([])
    draft = Draft.fresh("click")
    draft.signal["productDetails"] = [new_product(i) for i in range(1, 51)]
    composer = Composer(draft)
    composer.resize(1200, 800)
    composer.show()
    app.processEvents()
    cell = composer.products.editors["productDetails[25].product.currencyCode"]
    samples = []
    for i in range(200):
        text = "usd" if i % 2 else "USD"  # alternate, so the field's state flips each time
        started = time.perf_counter()
        cell.setText(text)
        cell.textEdited.emit(text)  # what a keystroke does: update the draft
        composer.revalidate()  # what the debounce timer then runs
        app.processEvents()  # and the repaint of the changed field states
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    print(
        f"revalidate after a keystroke, 50 products: median {statistics.median(samples):.2f} ms, "
        f"p95 {samples[int(len(samples) * 0.95)]:.2f} ms (target < 16 ms)"
    )
    composer.close()


if __name__ == "__main__":
    bench_startup()
    bench_revalidation()
