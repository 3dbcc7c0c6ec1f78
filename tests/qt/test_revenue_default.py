"""A purchase's revenue starts as the sum of its products (price x quantity) and follows them
while the user has not typed another: the window never warns about its own default."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QPushButton
from pytestqt.qtbot import QtBot
from signal_composer.qt import dialogs
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft

from tests.qt.conftest import MakeWindow
from tests.qt.test_composer import editor, settle, type_into


def click(qtbot: QtBot, window: MainWindow, name: str) -> None:
    button = window.findChild(QPushButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def assert_default_holds(qtbot: QtBot, window: MainWindow) -> None:
    """Revenue shows the products' total, and nothing in the batch is a problem."""
    settle(qtbot, window)
    draft = window.composer.draft
    total = sum(d["product"]["price"] * d.get("quantity", 1) for d in draft.products())
    assert draft.get("revenue") == pytest.approx(total, abs=1e-9)
    assert float(editor(window, "revenue").text()) == pytest.approx(total, abs=1e-9)
    assert [p.format() for p in window.composer.problems] == []
    assert window.status_problems.text() == "0 errors · 0 warnings"


@pytest.fixture
def purchase(qtbot: QtBot, make_window: MakeWindow) -> MainWindow:
    window = make_window(Draft.fresh("purchase"))
    assert_default_holds(qtbot, window)  # a new purchase: one product
    return window


def test_adding_duplicating_removing_and_moving_products(
    qtbot: QtBot, purchase: MainWindow
) -> None:
    for step in ("add", "add", "duplicate", "up", "remove", "down", "add"):
        click(qtbot, purchase, f"products.{step}")
        assert_default_holds(qtbot, purchase)
    assert len(purchase.composer.draft.products()) == 4


def test_typing_quantities_and_prices(qtbot: QtBot, purchase: MainWindow) -> None:
    click(qtbot, purchase, "products.add")
    click(qtbot, purchase, "products.add")
    for path, text in (
        ("productDetails[1].quantity", "3"),
        ("productDetails[0].product.price", "12.5"),
        ("productDetails[2].product.price", "0.125"),  # not a cent: no rounding to warn about
        ("productDetails[2].quantity", "7"),
        ("productDetails[0].product.price", "19.99"),
    ):
        type_into(qtbot, editor(purchase, path), text)  # emptied first, then typed
        assert_default_holds(qtbot, purchase)
    # An empty quantity counts as 1, as the spec says; the revenue follows that too.
    type_into(qtbot, editor(purchase, "productDetails[1].quantity"), "")
    assert_default_holds(qtbot, purchase)


def test_switching_a_click_with_products_to_purchase(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(Draft.fresh("click"))
    click(qtbot, window, "products.add")
    click(qtbot, window, "products.add")
    type_into(qtbot, editor(window, "productDetails[2].quantity"), "4")
    kind = window.findChild(QComboBox, "signalType")
    assert kind is not None
    kind.setCurrentText("purchase")
    assert window.composer.draft.kind == "purchase"
    assert_default_holds(qtbot, window)


def test_new_request_and_another_signal_in_a_purchase_batch(
    qtbot: QtBot, purchase: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    click(qtbot, purchase, "products.add")
    monkeypatch.setattr(dialogs, "save_discard_cancel", lambda *_: "discard")
    purchase.files.new()  # File > New, with the type still purchase
    assert_default_holds(qtbot, purchase)
    purchase.composer.signal_list.action.emit("add")  # the signal list's Add
    assert len(purchase.composer.draft.signals) == 2
    assert_default_holds(qtbot, purchase)


def test_a_revenue_the_user_typed_is_kept_and_checked(qtbot: QtBot, purchase: MainWindow) -> None:
    type_into(qtbot, editor(purchase, "revenue"), "5")
    click(qtbot, purchase, "products.add")
    settle(qtbot, purchase)
    assert purchase.composer.draft.get("revenue") == 5  # the user's value: a negative test
    assert [p.code for p in purchase.composer.problems] == ["revenue_mismatch"]
    click(qtbot, purchase, "revenueSum")  # "Sum of products" takes the default back
    assert_default_holds(qtbot, purchase)
    click(qtbot, purchase, "products.add")
    assert_default_holds(qtbot, purchase)  # and it follows again
