"""The Qt binding must not corrupt Python's reference counts (PySide6 6.12.0 did on Python 3.11:
every void call dropped a reference to None, every bool signal one to True/False, and a long
session ended in a fatal error)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot


def test_void_calls_and_signals_keep_none_and_bools_alive(qtbot: QtBot) -> None:
    field = QLineEdit()
    label = QLabel()
    qtbot.addWidget(field)
    qtbot.addWidget(label)
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(2000):
        label.show()
        label.hide()
        field.setText("x")
        field.textEdited.emit("x")
        field.setProperty("problem", "error")
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    assert min(a - b for a, b in zip(after, before, strict=True)) > -50, (before, after)
