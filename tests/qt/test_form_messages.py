"""Messages under form fields take space reserved for them: they never move another field."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from signal_composer.qt.fields import MessageLabel
from signal_composer.qt.main_window import MainWindow
from signal_composer.qt.store_dialog import StoreDialog
from signal_composer.signals.draft import Draft

from tests.qt.conftest import MakeWindow
from tests.qt.test_composer import editor, settle, type_into
from tests.qt.test_store_dialog import open_dialog


def places(root: QWidget) -> dict[str, QRect]:
    """Where each editor, button and check box of ``root`` is, in ``root``'s coordinates."""
    out = {}
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit | QAbstractButton) and widget.isVisible():
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            out[f"{widget.objectName()}:{text}"] = QRect(
                widget.mapTo(root, QPoint(0, 0)), widget.size()
            )
    return out


def message_under(window: MainWindow, name: str) -> MessageLabel:
    found = window.findChild(QLabel, f"{name}.message")
    assert isinstance(found, MessageLabel), f"no message under {name}"
    return found


def test_problem_messages_do_not_move_the_fields_below(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window(Draft.fresh("purchase"))
    form = window.composer.form_host
    settle(qtbot, window)
    before, width = places(form), window.width()
    assert "revenue:" in before
    # Errors and a warning, top to bottom, as a user types them.
    type_into(qtbot, editor(window, "timestamp"), "12")
    type_into(qtbot, editor(window, "visitorId"), "")
    type_into(qtbot, editor(window, "ipAddress"), "999.1.1")
    type_into(qtbot, editor(window, "cartId"), "x" * 300)
    settle(qtbot, window)
    for name, says in (
        ("timestamp", "seconds"),
        ("visitorId", "must not be empty"),
        ("ipAddress", "not a valid"),
        ("cartId", "not a UUID"),
    ):
        message = message_under(window, name)
        assert message.isVisible()
        assert says in message.text()
    assert places(form) == before
    assert window.width() == width
    # A click where the revenue field was still lands on it.
    assert form.childAt(before["revenue:"].center()) is editor(window, "revenue")
    # Fixing them takes the messages away, and nothing moves either.
    type_into(qtbot, editor(window, "visitorId"), "v-1")
    type_into(qtbot, editor(window, "ipAddress"), "192.0.2.1")
    settle(qtbot, window)
    assert message_under(window, "visitorId").text() == ""
    assert places(form) == before


def test_a_long_message_wraps_in_its_space_and_keeps_the_whole_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    type_into(qtbot, editor(window, "selectedPosition"), "")
    settle(qtbot, window)
    message = message_under(window, "selectedPosition")
    whole = "no selectedPosition: this click will not count toward Average Click Position"
    assert message.text() == whole  # what a screen reader reads
    message.resize(120, message.height())  # narrower than the message
    shown = message.shown_text()
    assert shown.endswith("…")
    assert "\n" not in shown  # one line, as reserved
    assert message.toolTip() == whole


def test_store_messages_do_not_move_the_production_box(qtbot: QtBot, window: MainWindow) -> None:
    dialog: StoreDialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.findChild(QAbstractButton, "newStore"), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.name, "Shop")
    qtbot.keyClicks(dialog.store_id, "0b1c2d3e-aaaa")
    before, width = places(dialog), dialog.width()
    production = dialog.findChild(QCheckBox, "production")
    assert production is not None
    qtbot.keyClicks(dialog.store_id, "/x#" * 40)
    qtbot.keyClicks(dialog.base_url, "http://192.0.2.1/" + "a" * 200)
    assert "not a DNS label" in dialog.id_message.text()
    assert "unencrypted" in dialog.url_message.text()
    assert places(dialog) == before
    assert dialog.width() == width
    # A click where the production box was still lands on it.
    spot = before[f"production:{production.text()}"].center()
    assert dialog.childAt(spot) is production
