"""Takes the README's demo-mode screenshots (light and dark) into docs/screenshots/.

Run under a display (Xvfb in CI-like machines):
    xvfb-run -a -s "-screen 0 1440x900x24" .venv/bin/python scripts/demo_screenshots.py
It uses a throw-away data folder and the in-process local mock store; nothing leaves the machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> None:
    os.environ["SIGNAL_COMPOSER_HOME"] = tempfile.mkdtemp()
    from PySide6.QtWidgets import QApplication
    from signal_composer.qt.app import apply_theme

    app = QApplication([sys.argv[0], "-style", "fusion"])
    only = sys.argv[1:] or ["light", "dark"]

    def wait(ready: Callable[[], bool], limit: float) -> None:
        end = time.monotonic() + limit
        while not ready() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    for theme in only:
        apply_theme(app, theme == "dark")
        shoot(theme, wait)


def shoot(theme: str, wait: Callable[[Callable[[], bool], float], None]) -> None:
    """The storyboard mid-play, the dashboard and presentation mode, in one theme."""
    from PySide6.QtWidgets import QDockWidget
    from signal_composer.qt.main_window import MainWindow
    from signal_composer.signals.draft import Draft
    from signal_composer.store.workspace import Workspace

    ws = Workspace.open()
    window = MainWindow(ws, Draft.fresh("click"))
    window.resize(1440, 900)
    window.show()
    for dock in window.findChildren(QDockWidget):
        dock.hide()
    assert window.demo is not None
    journey = window.demo.show_journey()
    wait(lambda: len(journey.steps) > 0, 30)
    journey.pause.setValue(10.0)
    journey.play()
    wait(lambda: journey.board.cards[2].verdict.text() == "Accepted", 30)
    wait(lambda: False, 0.3)
    window.grab().save(str(OUT / f"journey-{theme}.png"))
    journey.cancel()
    journey.bulk.shoppers.setValue(300)
    journey.send_many()
    wait(lambda: not journey.bulk.busy, 120)
    window.demo.docks["journeyDock"].hide()
    dashboard = window.demo.show_dashboard()
    dashboard.use("mock")
    wait(lambda: dashboard.figures is not None and dashboard.figures.done, 30)
    wait(lambda: False, 0.3)
    window.grab().save(str(OUT / f"dashboard-{theme}.png"))
    window.demo.docks["dashboardDock"].hide()
    window.send()  # the composer's click, to show the verdict
    wait(lambda: not window.send_control.busy, 30)
    window.demo.presentation.set_on(True)
    wait(lambda: False, 0.5)
    window.grab().save(str(OUT / f"presentation-{theme}.png"))
    window.demo.presentation.set_on(False)
    window.close()
    ws.close()


if __name__ == "__main__":
    main()
