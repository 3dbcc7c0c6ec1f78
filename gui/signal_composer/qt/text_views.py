"""Read-only monospace text views, for requests, responses and attempts."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QPlainTextEdit, QWidget


def read_only_text(name: str, parent: QWidget, wrap: bool = True) -> QPlainTextEdit:
    """A read-only monospace view named ``name``; ``wrap=False`` keeps long lines whole."""
    view = QPlainTextEdit(parent)
    view.setObjectName(name)
    view.setReadOnly(True)
    if not wrap:
        view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    return view
