"""The Problems list follows the form: fields top to bottom, then the products in their rows,
each product's cells left to right; signal by signal."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from signal_composer.signals.draft import Draft

from tests.qt.conftest import MakeWindow
from tests.qt.test_composer import editor, settle, type_into


def test_problems_are_listed_in_form_order(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(Draft.fresh("purchase"))
    add = window.findChild(QPushButton, "products.add")
    assert add is not None
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    # Typed in no particular order: the list must not care.
    type_into(qtbot, editor(window, "productDetails[1].product.currencyCode"), "usd")
    type_into(qtbot, editor(window, "revenue"), "-1")
    type_into(qtbot, editor(window, "productDetails[0].quantity"), "0")
    type_into(qtbot, editor(window, "timestamp"), "12")  # a warning, at the top of the form
    type_into(qtbot, editor(window, "productDetails[0].product.productId"), "")
    type_into(qtbot, editor(window, "visitorId"), "")
    settle(qtbot, window)
    tree = window.problems
    listed = [
        (item.text(1), item.text(4))
        for item in (tree.topLevelItem(n) for n in range(tree.topLevelItemCount()))
        if item is not None
    ]
    assert listed == [
        ("#1", "timestamp"),
        ("#1", "visitorId"),
        ("#1", "revenue"),
        ("#1", "productDetails[0].product.productId"),
        ("#1", "productDetails[0].quantity"),
        ("#1", "productDetails[1].product.currencyCode"),
    ]
    # Clicking the first goes to the first field of the form with a problem.
    tree.itemClicked.emit(tree.topLevelItem(0), 0)
    assert window.focusWidget() is editor(window, "timestamp")
