"""The Suites panel's layout: folder and title on top, the cases with their run controls on
the left, the selected case's details on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


def arrange(
    panel: QWidget,
    buttons: dict[str, QPushButton],
    title: QLabel,
    store: QComboBox,
    progress: QProgressBar,
    table: QTableWidget,
    details: QPlainTextEdit,
) -> None:
    top = QHBoxLayout()
    for name in ("open", "reload"):
        top.addWidget(buttons[name])
    top.addWidget(title, 1)
    run = QHBoxLayout()
    run.addWidget(QLabel("Store:", panel))
    run.addWidget(store)
    for name in ("runAll", "runOne", "cancel"):
        run.addWidget(buttons[name])
    run.addWidget(progress, 1)
    left = QWidget(panel)
    column = QVBoxLayout(left)
    column.setContentsMargins(0, 0, 0, 0)
    column.addLayout(run)
    column.addWidget(table, 1)
    actions = QHBoxLayout()
    actions.addWidget(buttons["openCase"])
    actions.addWidget(buttons["saveCase"])
    actions.addStretch(1)
    column.addLayout(actions)
    splitter = QSplitter(Qt.Orientation.Horizontal, panel)
    splitter.addWidget(left)
    splitter.addWidget(details)
    splitter.setSizes([640, 460])
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addLayout(top)
    layout.addWidget(splitter, 1)
