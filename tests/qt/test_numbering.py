"""One numbering rule for people: counted from 1 wherever a person reads a number; JSON paths
(counted from 0) only where the window says that what it shows is a JSON path."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QTreeWidget
from pytestqt.qtbot import QtBot
from signal_composer.qt import dialogs
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft

from tests.qt.conftest import MakeWindow
from tests.qt.test_composer import editor, settle, type_into

INDEX = re.compile(r"\[\d+\]")


def three_products(make_window: MakeWindow, qtbot: QtBot) -> MainWindow:
    window = make_window(Draft.fresh("purchase"))
    add = window.findChild(QPushButton, "products.add")
    assert add is not None
    for _ in range(2):
        qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    return window


def columns(tree: QTreeWidget) -> list[str]:
    header = tree.headerItem()
    return [header.text(i) for i in range(tree.columnCount())]


def test_problems_list_counts_from_one_and_labels_the_json_path(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = three_products(make_window, qtbot)
    type_into(qtbot, editor(window, "productDetails[1].product.currencyCode"), "usd")
    type_into(qtbot, editor(window, "ipAddress"), "999.1.1")
    settle(qtbot, window)
    tree = window.problems
    heads = columns(tree)
    rows = [
        [item.text(i) for i in range(tree.columnCount())]
        for item in (tree.topLevelItem(n) for n in range(tree.topLevelItemCount()))
        if item is not None
    ]
    code = next(row for row in rows if "currencyCode" in " ".join(row))
    for head, cell in zip(heads, code, strict=True):
        if INDEX.search(cell):  # a zero-based index only under a header saying "JSON path"
            assert "JSON path" in head, (head, cell)
    assert code[heads.index("Signal")] == "#1"
    assert code[heads.index("Field")] == "product 2 › currencyCode"  # the table's row 2
    assert code[heads.index("JSON path")] == "productDetails[1].product.currencyCode"


def test_send_anyway_names_signals_and_products_from_one(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = three_products(make_window, qtbot)
    window.composer.signal_action("add")  # a second signal, the current one now
    type_into(qtbot, editor(window, "ipAddress"), "999.1.1")
    type_into(qtbot, editor(window, "productDetails[0].quantity"), "x")
    settle(qtbot, window)
    asked: list[str] = []

    def confirm(*args: Any, informative: str = "", details: str = "", **_: Any) -> bool:
        asked.extend([*(a for a in args if isinstance(a, str)), informative, details])
        return False

    monkeypatch.setattr(dialogs, "confirm", confirm)
    window.send()
    shown = "\n".join(asked)
    assert "signal 2 · ipAddress: not a valid IPv4" in shown
    assert "signal 2 · product 1 › quantity: expected an integer" in shown
    assert not INDEX.search(shown), shown  # no "[1] ipAddress", no "productDetails[0]"
