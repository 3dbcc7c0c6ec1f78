"""Replacing a draft with unsaved changes asks first: Save, Discard or Cancel (the default)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.stores import make_store
from signal_composer.store.workspace import Workspace

from tests.qt.test_diagnose import STORE_ID, open_har

Button = QMessageBox.StandardButton


def answer_box(
    qtbot: QtBot, key: Qt.Key | None = None, button: Button | None = None
) -> dict[str, Any]:
    """Answers the next message box, as a user would (a key or a click), and says what it was."""
    seen: dict[str, Any] = {}

    def poke() -> None:  # runs inside the box's own event loop, or at the next wait
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        seen["name"], seen["text"] = box.objectName(), box.text()
        seen["default"] = box.standardButton(box.defaultButton())
        if key is not None:
            qtbot.keyClick(box, key)
        else:
            box.button(button or Button.Cancel).click()

    QTimer.singleShot(0, poke)
    return seen


def edit_source(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = window.findChild(QLineEdit, "sourceId")
    assert field is not None
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
    qtbot.waitUntil(lambda: window.composer.draft.get("sourceId") == text, timeout=2000)


def test_an_unchanged_draft_is_replaced_without_a_question(
    qtbot: QtBot, window: MainWindow
) -> None:
    seen = answer_box(qtbot, button=Button.Cancel)
    window.files.new()
    qtbot.wait(100)
    assert seen == {}
    assert window.statusBar().currentMessage() == "New request"


def test_new_asks_and_enter_keeps_the_draft(qtbot: QtBot, window: MainWindow) -> None:
    edit_source(qtbot, window, "my-edit")
    seen = answer_box(qtbot, key=Qt.Key.Key_Return)
    window.files.new()
    assert seen["name"] == "unsavedDraft"
    assert seen["default"] == Button.Cancel
    assert "not saved" in seen["text"]
    assert window.composer.draft.get("sourceId") == "my-edit"
    seen = answer_box(qtbot, button=Button.Discard)
    window.files.new()
    assert seen["name"] == "unsavedDraft"
    assert window.composer.draft.get("sourceId") == "signal-composer"
    seen = answer_box(qtbot, button=Button.Cancel)
    window.files.new()  # a fresh draft has nothing to lose
    qtbot.wait(100)
    assert seen == {}


def test_save_writes_the_draft_before_new_replaces_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "mine.json"
    window.files.save_path(str(path))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Saved"), timeout=5000)
    edit_source(qtbot, window, "second-edit")
    seen = answer_box(qtbot, button=Button.Save)
    window.files.new()
    assert seen["name"] == "unsavedDraft"
    qtbot.waitUntil(
        lambda: (
            json.loads(path.read_text(encoding="utf-8"))["signals"][0]["sourceId"] == "second-edit"
        ),
        timeout=5000,
    )
    assert window.composer.draft.get("sourceId") == "signal-composer"


def test_open_in_composer_from_a_diagnosis_asks_too(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path
) -> None:
    workspace.registry.put(make_store(name="acme", store_id=STORE_ID))
    edit_source(qtbot, window, "my-edit")
    dialog = open_har(qtbot, window, tmp_path)
    dialog.requests.setCurrentRow(1)
    seen = answer_box(qtbot, key=Qt.Key.Key_Enter)
    dialog.open_button.click()
    assert seen["name"] == "unsavedDraft"
    assert seen["default"] == Button.Cancel
    assert "the customer's request" in seen["text"]
    assert window.composer.draft.get("sourceId") == "my-edit"
    answer_box(qtbot, button=Button.Discard)
    dialog.open_button.click()
    qtbot.waitUntil(lambda: window.composer.draft.get("sourceId") != "my-edit", timeout=5000)
    assert window.store_bar.stores.currentText() == "acme"


def test_opening_a_history_entry_asks_too(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    window.send()
    qtbot.waitUntil(
        lambda: workspace.history.count() == 1 and not window.runner.busy, timeout=10000
    )
    edit_source(qtbot, window, "my-edit")
    (entry,) = workspace.history.ids()
    seen = answer_box(qtbot, key=Qt.Key.Key_Return)
    window.open_entry(entry)
    assert seen["name"] == "unsavedDraft"
    assert f"history entry {entry}" in seen["text"]
    assert window.composer.draft.get("sourceId") == "my-edit"
    answer_box(qtbot, button=Button.Discard)
    window.open_entry(entry)
    assert window.composer.draft.get("sourceId") == "signal-composer"


def test_opening_a_journey_step_or_a_suite_case_asks_too(qtbot: QtBot, window: MainWindow) -> None:
    from tests.qt.test_journey_view import open_journey
    from tests.qt.test_suites_panel import DOCS_TRAPS, open_suite, panel_of

    view = open_journey(qtbot, window)
    number = next(i for i, (kind, _) in enumerate(view.steps) if kind == "click")
    edit_source(qtbot, window, "my-edit")
    seen = answer_box(qtbot, key=Qt.Key.Key_Return)
    qtbot.mouseClick(view.board.cards[number].open, Qt.MouseButton.LeftButton)
    assert seen["name"] == "unsavedDraft"
    assert "the journey's click step" in seen["text"]
    assert window.composer.draft.get("sourceId") == "my-edit"
    answer_box(qtbot, button=Button.Discard)
    qtbot.mouseClick(view.board.cards[number].open, Qt.MouseButton.LeftButton)
    assert window.composer.draft.signals == [view.steps[number][1]]
    seen = answer_box(qtbot, button=Button.Cancel)
    qtbot.mouseClick(view.board.cards[0].open, Qt.MouseButton.LeftButton)
    qtbot.wait(100)
    assert seen == {}  # the step just opened is kept by its card: nothing to lose

    panel = panel_of(window)
    open_suite(qtbot, panel, DOCS_TRAPS)
    panel.table.selectRow(8)
    edit_source(qtbot, window, "my-edit")
    seen = answer_box(qtbot, key=Qt.Key.Key_Return)
    panel.buttons["openCase"].click()
    assert seen["name"] == "unsavedDraft"
    assert "the suite's case" in seen["text"]
    assert window.composer.draft.get("sourceId") == "my-edit"
    answer_box(qtbot, button=Button.Discard)
    panel.buttons["openCase"].click()
    assert window.composer.draft.kind == "cartadd"


def test_save_after_opening_something_else_asks_where_instead_of_writing_over_the_file(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path, monkeypatch: Any
) -> None:
    from signal_composer.qt import dialogs

    path = tmp_path / "mine.json"
    edit_source(qtbot, window, "kept-in-the-file")
    window.files.save_path(str(path))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Saved"), timeout=5000)
    window.send()
    qtbot.waitUntil(
        lambda: workspace.history.count() == 1 and not window.runner.busy, timeout=10000
    )
    from signal_composer.signals.draft import Draft
    from signal_composer.store import library

    library.save_template("plain click", Draft.fresh("click"))
    asked: list[str] = []

    def save_file(parent: object, title: str, *rest: object) -> str:
        asked.append(title)
        return ""  # cancelled

    monkeypatch.setattr(dialogs, "save_file", save_file)
    for open_other in (
        lambda: window.open_entry(workspace.history.ids()[0]),
        lambda: window.files.load_template("plain click"),
    ):
        window.files.open_path(str(path))
        qtbot.waitUntil(lambda: window.files.path == str(path), timeout=5000)
        open_other()
        qtbot.waitUntil(lambda: window.files.path is None, timeout=5000)  # read in a worker
        edit_source(qtbot, window, "not-for-that-file")
        window.files.save()
        assert asked.pop() == "Save signals"  # a file is asked for, not the one opened before
        saved = json.loads(path.read_text(encoding="utf-8"))
        assert saved["signals"][0]["sourceId"] == "kept-in-the-file"
        answer_box(qtbot, button=Button.Discard)  # the next open_path replaces the edit


def test_save_in_the_question_then_save_again_does_not_write_the_newcomer_over_that_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: Any
) -> None:
    from signal_composer.qt import dialogs
    from signal_composer.signals.draft import Draft
    from signal_composer.store import library

    library.save_template("plain click", Draft.fresh("click"))
    path = tmp_path / "mine.json"
    window.files.save_path(str(path))
    qtbot.waitUntil(lambda: window.files.path == str(path), timeout=5000)
    edit_source(qtbot, window, "edited-then-saved-by-the-question")
    seen = answer_box(qtbot, button=Button.Save)
    window.files.load_template("plain click")  # Save: written to mine.json in a worker
    assert seen["name"] == "unsavedDraft"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Saved {path}", timeout=5000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=5000)  # the template is read
    assert window.files.path is None  # the template is in no file
    asked: list[str] = []

    def save_file(parent: object, title: str, *rest: object) -> str:
        asked.append(title)
        return ""

    monkeypatch.setattr(dialogs, "save_file", save_file)
    edit_source(qtbot, window, "the-template-edited")
    window.files.save()
    assert asked == ["Save signals"]
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["signals"][0]["sourceId"] == "edited-then-saved-by-the-question"
    seen = answer_box(qtbot, button=Button.Discard)
    window.files.load_template("plain click")
    assert seen["name"] == "unsavedDraft"  # the edit is unsaved: not counted as saved


def test_a_failed_save_after_the_draft_was_replaced_offers_another_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: Any
) -> None:
    from signal_composer.qt import dialogs

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    other = tmp_path / "elsewhere.json"
    titles: list[str] = []

    def save_file(parent: object, title: str, *rest: object) -> str:
        titles.append(title)
        return str(blocked / "mine.json") if len(titles) == 1 else str(other)

    warned: list[str] = []
    monkeypatch.setattr(dialogs, "save_file", save_file)
    monkeypatch.setattr(dialogs, "warn", lambda parent, title, text: warned.append(text))
    edit_source(qtbot, window, "precious")
    answer_box(qtbot, button=Button.Save)
    window.files.new()  # Save: the first file cannot be written; the draft is replaced anyway
    qtbot.waitUntil(lambda: other.exists(), timeout=5000)
    assert titles == ["Save signals", "Save the earlier draft"]
    assert "replaced meanwhile" in warned[0]
    assert json.loads(other.read_text(encoding="utf-8"))["signals"][0]["sourceId"] == "precious"
    assert window.composer.draft.get("sourceId") == "signal-composer"  # the new request
