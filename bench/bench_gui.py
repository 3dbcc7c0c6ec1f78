"""Window start-up against a bare PySide6 window, and revalidation after a keystroke.

Run: .venv/bin/python -m bench.bench_gui   (offscreen; set QT_QPA_PLATFORM to use a display)

Start-up is timed three ways, in interleaved runs so that drift hits all alike: a bare
PySide6 window (the issue's yardstick), reference_window.py (the same widgets in plain
PySide6, no app code: the floor for a window like ours), and the app as users start it. With
valgrind installed it also counts the instructions to the first frame, which repeat to within
0.1% where wall-clock medians on a shared machine move by 10%.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import os
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 820)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), os._exit(0)))
app.exec()
"""
REFERENCE = str(Path(__file__).with_name("reference_window.py"))
RUNS = 15


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


def startup_env() -> dict[str, str]:
    """Offscreen, the platform folders a user has (not SIGNAL_COMPOSER_HOME), quit when shown."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    folders = tempfile.mkdtemp()
    env["XDG_CONFIG_HOME"], env["XDG_DATA_HOME"] = f"{folders}/config", f"{folders}/data"
    env.pop("SIGNAL_COMPOSER_HOME", None)
    env["SIGNAL_COMPOSER_STARTUP_PROBE"] = "1"
    # The first start writes the config and the field-spec cache; later ones are normal starts.
    time_to_shown([sys.executable, "-m", "signal_composer"], env)
    env["SIGNAL_COMPOSER_STARTUP_PROBE"] = "shown"
    return env


def instructions(command: list[str], env: dict[str, str]) -> float | None:
    """Millions of instructions from process start to the first frame, by callgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    run = subprocess.run(
        [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True,
        text=True,
        env={**env, "PYTHONHASHSEED": "0"},
        timeout=300,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    return int(found.group(1)) / 1e6 if found else None


def bench_startup() -> None:
    env = startup_env()
    commands = {
        "bare": [sys.executable, "-c", BARE],
        "reference": [sys.executable, REFERENCE],
        "app": [sys.executable, "-m", "signal_composer"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, command in commands.items():
            times[name].append(time_to_shown(command, env))
    ms = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(
        f"process start to window shown, median of {RUNS}: bare PySide6 {ms['bare']:.0f} ms; "
        f"the same widgets in plain PySide6 {ms['reference']:.0f} ms = "
        f"{ms['reference'] / ms['bare']:.2f}x; Signal Composer {ms['app']:.0f} ms = "
        f"{ms['app'] / ms['bare']:.2f}x (target <= 1.5x)"
    )
    counts = {name: instructions(command, env) for name, command in commands.items()}
    bare, reference, app = counts["bare"], counts["reference"], counts["app"]
    if bare is None or reference is None or app is None:
        print("instructions to the first frame: skipped (valgrind is not installed)")
        return
    print(
        f"instructions to the first frame: bare {bare:.0f} M; plain PySide6 {reference:.0f} M = "
        f"{reference / bare:.2f}x; Signal Composer {app:.0f} M = {app / bare:.2f}x"
    )


def bench_revalidation() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SIGNAL_COMPOSER_HOME"] = tempfile.mkdtemp()
    from PySide6.QtWidgets import QApplication
    from signal_composer.qt.composer import Composer
    from signal_composer.signals.draft import Draft
    from signal_composer.signals.drafts import new_product

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
