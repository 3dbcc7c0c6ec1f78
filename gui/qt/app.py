"""Starts the Qt application: theme, workspace (with the local mock store) and main window."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from gui.core.paths import resources_dir

STARTUP_PROBE = "SIGNAL_COMPOSER_STARTUP_PROBE"


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#171717",
        QPalette.ColorRole.AlternateBase: "#2a2b2e",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2e31",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#8ab4f8",
        QPalette.ColorRole.HighlightedText: "#202124",
        QPalette.ColorRole.ToolTipBase: "#2d2e31",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):  # greyed out, or disabled buttons look live on a dark background
        palette.setColor(disabled, role, QColor("#6f7378"))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor("#26272a"))
    return palette


def apply_theme(app: QApplication, dark: bool | None = None) -> None:
    """Fusion, with a light or dark palette following the system's colour scheme (or ``dark``)."""
    app.setStyle("Fusion")
    if dark is None:
        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    sheet = resources_dir() / "styles" / "app.qss"
    # Without the sheet the app still works; problem states then show in tooltips and the list.
    with contextlib.suppress(OSError):
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))


def install_theme(app: QApplication) -> None:
    """Applies the theme now and again whenever the system switches light and dark."""
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _: apply_theme(app))


def run(argv: Sequence[str]) -> int:
    """Creates the QApplication, shows the main window and runs the event loop."""
    app = QApplication(list(argv))
    app.setApplicationName("Signal Composer")
    app.setOrganizationName("Signal Composer")
    app.setApplicationDisplayName("Signal Composer")
    install_theme(app)
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "signal-composer.svg")))
    from gui.qt.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.start_background()
    if os.environ.get(STARTUP_PROBE):  # bench/bench_gui.py: report the first frame and ready
        QTimer.singleShot(0, lambda: print("shown", flush=True))
        window.ready.connect(lambda: (print("ready", flush=True), app.quit()))
    code = app.exec()
    if window.workspace is not None:
        window.workspace.close()
    return code


if __name__ == "__main__":
    sys.exit(run(sys.argv))
