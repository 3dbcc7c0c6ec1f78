"""Starts the Qt application: theme, workspace (with the local mock store) and main window."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from signal_composer.qt.look import dark_palette
from signal_composer.signals.resources import APP_ID, icon_file

STARTUP_PROBE = "SIGNAL_COMPOSER_STARTUP_PROBE"


def apply_theme(app: QApplication, dark: bool | None = None) -> None:
    """A light or dark palette following the system's colour scheme (or ``dark``)."""
    if dark is None:
        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    app.setPalette(dark_palette() if dark else QPalette())  # an empty palette: the default
    for widget in app.allWidgets():  # a widget's own sheet keeps the old palette until re-set
        if widget.styleSheet():
            widget.setStyleSheet(widget.styleSheet())


def install_theme(app: QApplication) -> None:
    """Applies the theme now and again whenever the system switches light and dark."""
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _: apply_theme(app))


def show_window(window: QWidget) -> None:
    """Shows the window, and switches the cyclic GC back on once its first frame is out (the
    entry point switches it off for the start-up)."""
    window.show()
    QTimer.singleShot(0, gc.enable)


def run(argv: Sequence[str]) -> int:
    """Creates the QApplication, shows the main window and runs the event loop."""
    # Fusion on every system, so the palettes look the same everywhere. Asked for on the command
    # line: QApplication.setStyle() would return a QStyle, whose Python type takes 5 ms to build.
    app = QApplication([*argv[:1], "-style", "fusion", *argv[1:]])
    app.setApplicationName("Signal Composer")
    app.setOrganizationName("Signal Composer")
    app.setApplicationDisplayName("Signal Composer")
    install_theme(app)
    app.setWindowIcon(QIcon(str(icon_file())))
    app.setDesktopFileName(APP_ID)  # ties the window to its launcher (Wayland's app id)
    from signal_composer.qt.main_window import MainWindow

    window = MainWindow()
    show_window(window)
    probe = os.environ.get(STARTUP_PROBE)
    if probe:  # bench/bench_gui.py: report the first frame, and ready (or quit at "shown")
        QTimer.singleShot(0, lambda: print("shown", flush=True))
        if probe == "shown":  # counts stop here: no workspace, no teardown
            QTimer.singleShot(0, lambda: os._exit(0))
        else:
            window.ready.connect(lambda: (print("ready", flush=True), app.quit()))
    if probe != "shown":
        # Once the first frame is out, so the worker's imports do not compete with it.
        QTimer.singleShot(0, window.start_background)
    code = app.exec()
    if window.workspace is not None:
        window.workspace.close()
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv))
