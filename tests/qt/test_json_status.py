"""The JSON tab's status line: a long parse error can be read whole, and nothing moves for it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from signal_composer.qt.composer import JSON_TAB
from signal_composer.qt.main_window import MainWindow


def placed(widget: QWidget, window: MainWindow) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def painted_whole(label: QLabel) -> bool:
    """The label paints its whole text: wrapped within its own space, or on one line that fits."""
    shown = getattr(label, "shown_text", None)
    if shown is not None:
        return " ".join(shown().split()) == " ".join(label.text().split())
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.contentsRect().height()
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def test_a_long_parse_error_is_readable_and_moves_nothing(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1440, 860)
    qtbot.waitUntil(lambda: window.width() == 1440, timeout=2000)
    composer = window.composer
    composer.tabs.setCurrentIndex(JSON_TAB)
    view = composer.json
    editor = view.editor
    qtbot.waitUntil(lambda: editor.toPlainText().startswith("["), timeout=2000)
    qtbot.wait(50)
    before = {
        "signal list": placed(composer.signal_list, window),
        "tabs": placed(composer.tabs, window),
        "editor": placed(editor, window),
        "response": placed(window.response, window),
    }
    text = editor.toPlainText()
    cursor = editor.textCursor()
    cursor.setPosition(text.index('"visitorId"'))
    editor.setTextCursor(cursor)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)  # the key loses its opening quote
    qtbot.waitUntil(lambda: view.error is not None, timeout=3000)
    qtbot.wait(50)
    status = view.status
    message = status.text()
    assert "Expecting property name enclosed in double quotes" in message
    assert "The forms keep their values" in message
    assert painted_whole(status) or status.toolTip() == message
    after = {name: placed(w, window) for name, w in (
        ("signal list", composer.signal_list), ("tabs", composer.tabs),
        ("editor", editor), ("response", window.response),
    )}  # fmt: skip
    assert after == before
    # A narrow window: the message is still readable (wrapped, or whole in the tooltip).
    window.resize(900, 860)
    qtbot.waitUntil(lambda: window.width() == 900, timeout=2000)
    qtbot.wait(50)
    assert painted_whole(status) or status.toolTip() == message
    window.resize(1440, 860)
    qtbot.waitUntil(lambda: window.width() == 1440, timeout=2000)
    qtbot.wait(50)
    # Fixing the text takes the message away; again nothing moves.
    qtbot.keyClicks(editor, '"')
    qtbot.waitUntil(lambda: view.error is None, timeout=3000)
    qtbot.wait(50)
    assert {name: placed(w, window) for name, w in (
        ("signal list", composer.signal_list), ("tabs", composer.tabs),
        ("editor", editor), ("response", window.response),
    )} == before  # fmt: skip
