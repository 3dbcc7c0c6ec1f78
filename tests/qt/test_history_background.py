"""The history's Export…, Diff and Copy cURL, and the Templates menu, read and write in workers:
the window keeps turning while they work, says how far an export has got, and says clearly
what went wrong, losing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from signal_composer.qt import dialogs
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft
from signal_composer.store import library
from signal_composer.store.history import History
from signal_composer.store.paths import data_dir
from signal_composer.store.workspace import Workspace

from tests.qt.test_history_panel import loaded, panel_of, record

MANY = 5000


def fill(history: History, count: int) -> None:
    """``count`` finished entries at once, through the store's own import."""
    rows = [
        {
            "created_at": 1_700_000_000 + n,
            "state": "done",
            "source": "test",
            "store": "local-mock",
            "store_id": "local-mock",
            "production": 0,
            "kind": "click",
            "signal_count": 1,
            "method": "POST",
            "url": "http://127.0.0.1:1/retail/signals/click",
            "request_headers": "[]",
            "request_body": json.dumps([{"visitorId": f"visitor-{n}", "pad": "p" * 300}]),
            "status": 202,
            "outcome": "accepted",
            "response_headers": "[]",
            "response_body": "",
            "duration_ms": 3.0,
            "attempts": "[]",
            "pid": 1,
            "host": "h",
        }
        for n in range(count)
    ]
    assert history.restore(rows) == count


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """The warning boxes shown (title, text), instead of modal boxes a test cannot close."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "warn", lambda _parent, title, text: shown.append((title, text)))
    return shown


def test_export_of_many_entries_keeps_the_window_turning_and_says_how_far(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, home: Path
) -> None:
    fill(workspace.history, MANY)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, MANY)
    panel.table.selectAll()
    out = home.parent / "many.json"
    seen: list[tuple[str, bool]] = []  # at each tick: the status bar, whether Export is enabled
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(
        lambda: seen.append(
            (window.statusBar().currentMessage(), panel.buttons["export"].isEnabled())
        )
    )
    ticker.start()
    with qtbot.waitSignal(panel.commands.exported, timeout=60000):
        panel.commands.export_to(str(out), "json")
        assert not out.exists()  # the click only starts it
    ticker.stop()
    while_reading = [s for s in seen if "entries read" in s[0]]
    assert while_reading, "no tick came while the entries were read"
    assert f"of {MANY:,} entries read" in while_reading[0][0]
    assert str(out) in while_reading[0][0]
    assert not any(enabled for _, enabled in while_reading)  # one export at a time
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [e["id"] for e in exported] == sorted(workspace.history.ids())  # whole, in order
    said = f"Exported {MANY:,} entries to {out} (JSON)"
    assert window.statusBar().currentMessage() == said
    assert panel.buttons["export"].isEnabled()


def test_a_failed_export_says_why_and_keeps_the_old_file(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    home: Path,
    warnings: list[tuple[str, str]],
) -> None:
    for _ in range(3):
        record(workspace.history)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 3)
    panel.table.selectAll()
    out = home.parent / "evidence.har"
    out.write_text("yesterday's evidence", encoding="utf-8")
    gone = workspace.history.ids()[1]
    other = History(workspace.history.path)  # the command line deletes one meanwhile
    try:
        other.delete([gone])
    finally:
        other.close()
    panel.commands.export_to(str(out), "har")
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    title, text = warnings[0]
    assert title == "Not exported"
    assert f"no history entry {gone}" in text
    assert "No file was written" in text
    assert out.read_text(encoding="utf-8") == "yesterday's evidence"
    assert window.statusBar().currentMessage() == f"Not exported to {out}"
    assert panel.buttons["export"].isEnabled()  # ready to try again


def test_diff_and_copy_curl_say_when_an_entry_is_gone(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, warnings: list[tuple[str, str]]
) -> None:
    record(workspace.history)
    record(workspace.history)
    panel = panel_of(window)
    panel.reload()
    loaded(qtbot, panel, 2)
    panel.table.selectAll()
    newest = workspace.history.ids()[0]
    other = History(workspace.history.path)
    try:
        other.delete([newest])
    finally:
        other.close()
    qtbot.mouseClick(panel.buttons["diff"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warnings), timeout=10000)
    assert warnings[0][0] == "No diff"
    assert f"The history could not be read: no history entry {newest}" in warnings[0][1]
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.buttons["curl"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(warnings) == 2, timeout=10000)
    assert warnings[1][0] == "Nothing copied"
    assert f"no history entry {newest}" in warnings[1][1]


def menu_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in window.templates_menu.actions() if action.text()]


def test_the_templates_menu_is_listed_in_a_worker(
    qtbot: QtBot, window: MainWindow, home: Path
) -> None:
    library.save_template("red shoes", Draft.fresh("query"))
    window.files.fill_templates()  # as the menu opens
    assert menu_texts(window) == ["Listing the templates…"]
    qtbot.waitUntil(lambda: "red shoes" in menu_texts(window), timeout=5000)
    library.save_template("blue shoes", Draft.fresh("query"))  # another window saves one
    window.files.fill_templates()
    assert menu_texts(window)[0] == "red shoes"  # the last list at once
    qtbot.waitUntil(lambda: menu_texts(window)[:2] == ["blue shoes", "red shoes"], timeout=5000)


def test_an_unreadable_template_is_named_and_the_draft_kept(
    qtbot: QtBot, window: MainWindow, home: Path, warnings: list[tuple[str, str]]
) -> None:
    folder = data_dir() / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "broken.json").write_bytes(b"\xff\xfe not text")
    window.composer.draft.set("sourceId", "mine")
    window.files.mark_clean()
    window.files.load_template("broken")
    qtbot.waitUntil(lambda: bool(warnings), timeout=5000)
    title, text = warnings[0]
    assert title == "Cannot load the template"
    assert "template 'broken' is not a template" in text
    assert "not UTF-8 text" in text
    assert "Your current draft is unchanged." in text
    assert window.composer.draft.get("sourceId") == "mine"


def test_deleting_a_template_runs_in_a_worker_and_says_so(
    qtbot: QtBot, window: MainWindow, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.save_template("old one", Draft.fresh("click"))
    monkeypatch.setattr(QMessageBox, "question", lambda *_: QMessageBox.StandardButton.Yes)
    window.files.delete_template("old one")
    said = "Template 'old one' deleted"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == said, timeout=5000)
    assert library.template_names() == []
