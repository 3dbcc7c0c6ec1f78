"""Starts the Qt application and shows the main window."""

from __future__ import annotations

from collections.abc import Sequence


def run(argv: Sequence[str]) -> int:
    """Creates the QApplication, shows the main window and runs the event loop."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(list(argv))
    app.setApplicationName("Signal Composer")
    app.setOrganizationName("Signal Composer")
    window = QMainWindow()
    window.setWindowTitle("Signal Composer")
    window.setCentralWidget(QLabel("Signal Composer"))
    window.resize(1100, 720)
    window.show()
    return app.exec()
