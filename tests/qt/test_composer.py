"""The composer as a user drives it: fields by JSON path, live validation, JSON sync."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot
from signal_composer.qt.fields import FieldEditor
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import MISSING
from signal_composer.signals.drafts import demo_catalog


def editor(window: MainWindow, path: str) -> FieldEditor:
    found = window.findChild(QLineEdit, path)
    assert isinstance(found, FieldEditor), f"no field named {path}"
    return found


def type_into(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    qtbot.keyClicks(widget, text)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.composer._timer.isActive(), timeout=2000)


def test_every_field_is_named_by_its_json_path_and_described(window: MainWindow) -> None:
    for path in [
        "timestamp",
        "visitorId",
        "sessionId",
        "ipAddress",
        "sourceId",
        "queryId",
        "uri",
        "selectedPosition",
        "productDetails[0].product.productId",
        "productDetails[0].product.price",
        "productDetails[0].product.currencyCode",
        "productDetails[0].quantity",
    ]:
        field = editor(window, path)
        assert field.accessibleName()
        assert field.accessibleDescription(), path
        assert field.maxLength() == 32767  # no widget restates a limit
    assert window.findChild(QPushButton, "send") is not None
    assert window.findChild(QLabel, "outcomeTitle") is not None


def test_an_invalid_currency_lights_its_cell_with_the_cores_message(
    qtbot: QtBot, window: MainWindow
) -> None:
    cell = editor(window, "productDetails[0].product.currencyCode")
    type_into(qtbot, cell, "usd")
    settle(qtbot, window)
    assert cell.property("problem") == "error"
    assert "did you mean 'USD'?" in cell.toolTip()
    assert window.problems.topLevelItemCount() == 1
    assert window.status_problems.text() == "1 error · 0 warnings"
    type_into(qtbot, cell, "USD")
    settle(qtbot, window)
    assert cell.property("problem") == ""
    assert window.status_problems.text() == "0 errors · 0 warnings"


def test_lengths_count_code_points_at_the_edge(qtbot: QtBot, window: MainWindow) -> None:
    field = editor(window, "visitorId")
    emoji = "\U0001f600"
    field.setText(emoji * 128)
    field.textEdited.emit(field.text())
    settle(qtbot, window)
    assert field.property("problem") == ""
    field.setText(emoji * 129)
    field.textEdited.emit(field.text())
    settle(qtbot, window)
    assert field.property("problem") == "error"
    message = window.findChild(QLabel, "visitorId.message")
    assert message is not None
    assert message.text() == "too long: 129 characters, at most 128"


def test_text_in_an_integer_field_is_kept_and_reported(qtbot: QtBot, window: MainWindow) -> None:
    type_into(qtbot, editor(window, "selectedPosition"), "2a")
    settle(qtbot, window)
    assert window.composer.draft.get("selectedPosition") == "2a"
    assert editor(window, "selectedPosition").property("problem") == "error"
    type_into(qtbot, editor(window, "selectedPosition"), "")
    settle(qtbot, window)
    assert window.composer.draft.get("selectedPosition") is MISSING
    assert editor(window, "selectedPosition").property("problem") == "warning"


def test_new_id_and_now_buttons(qtbot: QtBot, window: MainWindow) -> None:
    before = window.composer.draft.get("visitorId")
    button = window.findChild(QPushButton, "visitorId.newid")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    after = window.composer.draft.get("visitorId")
    assert after != before
    assert editor(window, "visitorId").text() == after
    window.composer.draft.set("timestamp", 0)
    now = window.findChild(QPushButton, "timestamp.now")
    assert now is not None
    qtbot.mouseClick(now, Qt.MouseButton.LeftButton)
    assert window.composer.draft.get("timestamp") > 1_700_000_000_000
    human = window.findChild(QLabel, "timestampHuman")
    assert human is not None
    assert human.text().startswith("20")


def test_products_add_duplicate_remove_reorder(qtbot: QtBot, window: MainWindow) -> None:
    table = window.composer.products
    table.add()
    assert len(window.composer.draft.products()) == 2
    first, second = (p["productId"] for p in demo_catalog()[:2])
    assert editor(window, "productDetails[1].product.productId").text() == second
    table.table.selectRow(1)
    table.move_selected(-1)
    assert editor(window, "productDetails[0].product.productId").text() == second
    table.table.selectRow(0)
    table.duplicate()
    ids = [d["product"]["productId"] for d in window.composer.draft.products()]
    assert ids == [second, second, first]
    table.table.selectRow(2)
    table.remove()
    assert len(window.composer.draft.products()) == 2
    assert window.findChild(QLineEdit, "productDetails[2].product.productId") is None


def test_a_new_signal_keeps_the_session(qtbot: QtBot, window: MainWindow) -> None:
    first = dict(window.composer.draft.signal)
    add = window.findChild(QPushButton, "signals.add")
    assert add is not None
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    draft = window.composer.draft
    assert (len(draft.signals), draft.current) == (2, 1)
    assert draft.signal["visitorId"] == first["visitorId"]
    assert draft.signal["sessionId"] == first["sessionId"]
    assert window.composer.signal_list.list.count() == 2
    window.composer.signal_list.list.setCurrentRow(0)
    assert draft.current == 0


def test_switching_type_changes_the_fields(qtbot: QtBot, window: MainWindow) -> None:
    window.store_bar.kind.setCurrentText("purchase")
    assert window.findChild(QLineEdit, "selectedPosition") is None
    assert editor(window, "cartId").text()
    revenue = editor(window, "revenue")
    window.composer.draft.products()[0]["quantity"] = 3
    type_into(qtbot, revenue, "1")
    total = window.findChild(QPushButton, "revenueSum")
    assert total is not None
    qtbot.mouseClick(total, Qt.MouseButton.LeftButton)
    expected = round(3 * window.composer.draft.products()[0]["product"]["price"], 2)
    assert window.composer.draft.get("revenue") == expected
    assert revenue.text() == str(expected)


def test_form_edits_show_in_json_and_json_edits_show_in_forms(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_into(qtbot, editor(window, "sourceId"), "qa-bench")
    assert window.findChild(QPlainTextEdit, "jsonEditor") is None  # built when first opened
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # View > JSON
    shown = window.findChild(QPlainTextEdit, "jsonEditor")
    assert shown is not None
    assert shown.isVisible()
    json_text = shown.toPlainText()
    assert '"sourceId": "qa-bench"' in json_text
    window.composer.json.editor.setPlainText(json_text.replace("qa-bench", "from-json"))
    qtbot.waitUntil(lambda: window.composer.draft.get("sourceId") == "from-json", timeout=3000)
    window.composer.tabs.setCurrentIndex(0)
    assert editor(window, "sourceId").text() == "from-json"


def test_broken_json_names_line_and_column_and_keeps_the_form(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_into(qtbot, editor(window, "sourceId"), "kept")
    window.composer.tabs.setCurrentIndex(1)
    window.composer.json.editor.setPlainText('[\n  {"sourceId": "lost",\n}')
    status = window.composer.json.status
    qtbot.waitUntil(lambda: "Not valid JSON" in status.text(), timeout=3000)
    # The mistake is the trailing comma, on every Python version (3.11 reported the brace).
    assert "line 2, column 22" in status.text()
    assert "remove the comma" in status.text()
    assert window.composer.draft.get("sourceId") == "kept"
    window.composer.tabs.setCurrentIndex(0)
    assert editor(window, "sourceId").text() == "kept"


def test_clicking_a_problem_focuses_its_field(qtbot: QtBot, window: MainWindow) -> None:
    window.composer.products.add()
    type_into(qtbot, editor(window, "productDetails[1].product.price"), "free")
    settle(qtbot, window)
    editor(window, "sourceId").setFocus()
    item = window.problems.topLevelItem(0)
    assert item is not None
    window.problems.itemClicked.emit(item, 0)
    price = editor(window, "productDetails[1].product.price")
    qtbot.waitUntil(price.hasFocus, timeout=2000)


def test_an_unknown_field_is_found_in_the_json_view(qtbot: QtBot, window: MainWindow) -> None:
    window.composer.draft.signal["visitorID"] = "x"
    window.composer.refresh()
    window.composer.focus_path(0, "visitorID")
    assert window.composer.tabs.currentWidget() is window.composer.json.parentWidget()
    assert window.composer.json.editor.textCursor().selectedText() == '"visitorID"'


def test_tab_reaches_every_field_in_order(qtbot: QtBot, window: MainWindow) -> None:
    start = editor(window, "timestamp")
    start.setFocus()
    qtbot.waitUntil(start.hasFocus, timeout=2000)
    seen: list[str] = []
    for _ in range(80):
        focused = window.focusWidget()
        if focused is not None and focused.objectName() and focused.objectName() not in seen:
            seen.append(focused.objectName())
        if focused is not None:
            qtbot.keyClick(focused, Qt.Key.Key_Tab)
    fields = [name for name in seen if name in window.composer.form.editors]
    assert fields == list(window.composer.form.editors)  # the form's order, nothing skipped
    assert "productDetails[0].product.price" in seen
    assert seen[:4] == ["timestamp", "timestamp.now", "visitorId", "visitorId.newid"], seen
    assert "send" in seen or "signals" in seen, " ".join(seen)


def test_edit_menu_acts_on_the_focused_field(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QAction, QGuiApplication

    field = editor(window, "sourceId")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    actions = {a.objectName(): a for a in window.findChildren(QAction)}
    actions["selectAll"].trigger()
    actions["copy"].trigger()
    assert QGuiApplication.clipboard().text() == field.text()
    actions["cut"].trigger()
    assert field.text() == ""
    assert window.composer.draft.get("sourceId") == ""  # the draft follows, as when typing
    actions["undo"].trigger()
    assert field.text() == QGuiApplication.clipboard().text()


def test_product_column_headers_are_not_cut(window: MainWindow) -> None:
    table = window.composer.products.table
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        item = table.horizontalHeaderItem(column)
        assert item is not None
        text_width = header.fontMetrics().horizontalAdvance(item.text())
        assert table.columnWidth(column) > text_width, item.text()
