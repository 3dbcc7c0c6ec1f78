"""What Send sends is what the window shows: broken JSON is refused, raw mode cannot be missed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from signal_composer.qt.composer import FORM_TAB, JSON_TAB
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.problems import Problem
from signal_composer.store.workspace import Workspace


def ctrl_enter(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def type_json(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Opens the JSON tab, selects all and types ``text`` over it, as a user would."""
    window.composer.tabs.setCurrentIndex(JSON_TAB)
    editor = window.composer.json.editor
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy and not window.send_control.busy, timeout=10000)


def test_broken_json_is_not_sent_as_the_old_form(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    type_json(qtbot, window, '[{"visitorId": "abc", "timestamp": "yesterday",')
    ctrl_enter(qtbot, window)
    settle(qtbot, window)
    assert workspace.history.count() == 0  # nothing went out
    assert window.response.title.text() == "Not sent: the JSON text is not a request"
    said = window.response.summary.text()
    assert "line 1, column" in said
    assert "Fix the text, or turn Raw on" in said
    assert window.composer.tabs.currentIndex() == JSON_TAB


def test_an_empty_array_is_not_sent_as_an_empty_signal(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    type_json(qtbot, window, "[]")
    ctrl_enter(qtbot, window)
    settle(qtbot, window)
    assert workspace.history.count() == 0
    assert "empty array" in window.response.summary.text()
    assert "empty array" in window.composer.json.status.text()


def test_a_form_edit_after_broken_json_sends_the_form(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    type_json(qtbot, window, "[{")
    window.composer.json.flush()
    window.composer.tabs.setCurrentIndex(FORM_TAB)
    editor = window.composer.editor_for("sourceId")
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "form-wins")
    ctrl_enter(qtbot, window)
    settle(qtbot, window)
    assert window.response.title.text() == "Accepted"
    assert b"form-wins" in workspace.history.get(workspace.history.ids()[0]).body_bytes()


def test_raw_mode_shows_beside_send_and_in_the_status_bar_and_opening_resets_it(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signal_composer.qt import dialogs

    asked: list[str] = []

    def discard(_parent: object, name: str, *_: object) -> str:
        asked.append(name)
        return "discard"

    monkeypatch.setattr(dialogs, "save_discard_cancel", discard)
    ctrl_enter(qtbot, window)  # a valid entry to open later
    settle(qtbot, window)
    assert not window.store_bar.raw_badge.isVisible()
    window.composer.tabs.setCurrentIndex(JSON_TAB)
    qtbot.mouseClick(window.composer.json.raw, Qt.MouseButton.LeftButton)
    assert window.store_bar.raw_badge.isVisible()
    assert window.store_bar.raw_badge.text() == "RAW"
    assert window.status_problems.text().startswith("RAW")
    assert not window.composer.tabs.isTabEnabled(FORM_TAB)  # no form that is not sent
    type_json(qtbot, window, '[{"broken": ')
    qtbot.waitUntil(lambda: "1 error" in window.status_problems.text(), timeout=3000)
    window.open_entry(workspace.history.ids()[0])
    assert asked == ["unsavedDraft"]  # the typed raw text is a change no file holds
    assert not window.composer.raw
    assert not window.store_bar.raw_badge.isVisible()
    assert window.composer.tabs.isTabEnabled(FORM_TAB)
    assert '"broken"' not in window.composer.json.text()
    assert window.composer.json.text().startswith("[")
    assert window.status_problems.text().startswith("0 errors")


def test_the_status_bar_and_the_send_anyway_dialog_count_the_same(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.composer.tabs.setCurrentIndex(JSON_TAB)
    qtbot.mouseClick(window.composer.json.raw, Qt.MouseButton.LeftButton)
    type_json(qtbot, window, '[{"visitorId": 5}, {"visitorId": 6}]')
    window.composer.json.flush()
    asked: list[list[Problem]] = []

    def refuse(errors: list[Problem]) -> bool:
        asked.append(errors)
        return False

    monkeypatch.setattr(window.send_control, "confirm_invalid", refuse)
    ctrl_enter(qtbot, window)
    errors = len(asked[0])
    assert errors > 2
    assert window.status_problems.text().startswith(
        f"RAW: the JSON text is sent as typed · {errors} errors"
    )
