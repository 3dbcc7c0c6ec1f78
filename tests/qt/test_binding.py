"""The Qt binding must not corrupt Python's reference counts (PySide6 6.12.0 did on Python 3.11:
every void call dropped a reference to None, every bool signal one to True/False, and a long
session ended in a fatal error).

It guards Python 3.11 only, which the project supports and which is where the damage happens.
From Python 3.12, ``None``, ``True`` and ``False`` are immortal (PEP 683): their reference counts
never change, so the binding's extra decrements can neither free them nor be seen here; the test
would pass whatever the binding did, so it is skipped there with that reason rather than run.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot


@pytest.mark.skipif(
    sys.version_info >= (3, 12),
    reason="None/True/False are immortal from Python 3.12 (PEP 683): refcounts cannot show the bug",
)
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
