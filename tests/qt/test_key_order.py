"""Editing a field keeps its key where it was: in the JSON view, the body sent and the history."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from signal_composer.qt.composer import JSON_TAB
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.workspace import Workspace

PRICE = "productDetails[0].product.price"


def retype(qtbot: QtBot, window: MainWindow, path: str, text: str) -> None:
    """Selects the field's text and types over it, as a user does (it is empty on the way)."""
    editor = window.composer.editor_for(path)
    assert editor is not None, path
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)


def test_edited_fields_keep_their_place_in_the_json_and_the_body_sent(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    draft = window.composer.draft
    keys = list(draft.signal)
    product_keys = list(draft.signal["productDetails"][0]["product"])
    assert keys.index("timestamp") < len(keys) - 1  # not already last: a move would show
    retype(qtbot, window, "timestamp", "1700000000000")
    now = window.findChild(QPushButton, "timestamp.now")
    assert now is not None
    qtbot.mouseClick(now, Qt.MouseButton.LeftButton)
    retype(qtbot, window, "uri", "https://shop.example.com/other")
    retype(qtbot, window, PRICE, "12.5")
    window.composer.tabs.setCurrentIndex(JSON_TAB)
    shown = json.loads(window.composer.json.text())[0]
    assert list(shown) == keys
    assert list(shown["productDetails"][0]["product"]) == product_keys
    assert shown["uri"] == "https://shop.example.com/other"
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: workspace.history.count() == 1, timeout=5000)
    qtbot.waitUntil(lambda: not window.send_control.busy, timeout=10000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)
    assert window.response.title.text() == "Accepted"
    sent = json.loads(workspace.history.get(workspace.history.ids()[0]).body_bytes())[0]
    assert list(sent) == keys
    assert list(sent["productDetails"][0]["product"]) == product_keys


def test_a_field_filled_anew_takes_its_place_in_form_order(
    qtbot: QtBot, window: MainWindow
) -> None:
    keys = list(window.composer.draft.signal)
    assert "ipAddress" not in keys
    retype(qtbot, window, "ipAddress", "203.0.113.7")
    window.composer.tabs.setCurrentIndex(JSON_TAB)
    shown = list(json.loads(window.composer.json.text())[0])
    expected = list(keys)
    expected.insert(keys.index("sessionId") + 1, "ipAddress")  # as in the form's Session group
    assert shown == expected
