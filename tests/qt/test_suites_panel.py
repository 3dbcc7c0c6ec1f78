"""The Suites panel on a real workspace: open a suite, run all or one against the local mock
off the GUI thread, cancel, see expected vs got, open a case, save the composer as a case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget
from pytestqt.qtbot import QtBot
from signal_composer.qt import dialogs
from signal_composer.qt.main_window import MainWindow
from signal_composer.qt.suites_panel import SuitesPanel
from signal_composer.signals.drafts import new_signal
from signal_composer.signals.resources import resources_dir
from signal_composer.store.history import Filter
from signal_composer.store.workspace import Workspace

DOCS_TRAPS = resources_dir() / "suites" / "docs-traps"


def panel_of(window: MainWindow) -> SuitesPanel:
    assert window.suites is not None
    return window.suites.panel


def open_suite(qtbot: QtBot, panel: SuitesPanel, folder: Path) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.open_folder(folder)


def run(qtbot: QtBot, panel: SuitesPanel, button: str = "runAll") -> Any:
    with qtbot.waitSignal(panel.run_finished, timeout=30000) as finished:
        panel.buttons[button].click()
    return finished.args[0]


def states(panel: SuitesPanel) -> list[str]:
    return [panel.table.row_state(row) for row in range(panel.table.rowCount())]


def cell(panel: SuitesPanel, row: int, column: int) -> str:
    item = panel.table.item(row, column)
    assert item is not None
    return item.text()


def copy_suite(tmp_path: Path) -> Path:
    folder = tmp_path / "docs-traps"
    shutil.copytree(DOCS_TRAPS, folder)
    return folder


def test_the_panel_is_a_dock_with_the_history(window: MainWindow) -> None:
    dock = window.findChild(QDockWidget, "suitesDock")
    assert isinstance(dock, QDockWidget)
    assert dock.toggleViewAction() in window.view_menu.actions()
    assert window.findChild(QAction, "saveAsCase") in window.file_menu.actions()
    assert dock in window.tabifiedDockWidgets(window.history_dock)


def test_run_all_passes_the_sample_suite_and_records_every_request(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    panel = panel_of(window)
    open_suite(qtbot, panel, DOCS_TRAPS)
    assert panel.table.rowCount() == 10
    assert states(panel) == [""] * 10
    assert cell(panel, 4, 0) == "trap: the docs' IP address 111.222.333 is rejected"
    assert cell(panel, 4, 2) == "Invalid request"
    result = run(qtbot, panel)
    assert result.passed
    assert states(panel) == ["passed"] * 10
    assert cell(panel, 4, 3) == "✔ passed · Invalid request · local-mock"
    assert " in 0.0 s" not in panel.title.text()  # a quick run says its milliseconds
    assert "10 passed, 0 failed of 10 cases against local-mock" in panel.title.text()
    assert panel.title.property("state") == "good"
    assert not panel.progress.isVisible()
    assert workspace.mock is not None
    assert workspace.mock.requests == 10
    tagged = workspace.history.ids(Filter(contains="suite docs-traps"))
    assert len(tagged) == 10
    assert workspace.history.get(tagged[0]).source == "app"


def test_a_failed_case_shows_expected_vs_got(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "wrong"
    folder.mkdir()
    bad = new_signal("click")
    bad["ipAddress"] = "111.222.333"
    case = {
        "name": "should pass",
        "type": "click",
        "signals": [bad],
        "expect": {"outcome": "accepted"},
    }
    (folder / "01.json").write_text(json.dumps(case))
    panel = panel_of(window)
    open_suite(qtbot, panel, folder)
    result = run(qtbot, panel)
    assert not result.passed
    assert states(panel) == ["failed"]
    assert panel.title.property("state") == "error"
    panel.table.selectRow(0)
    details = panel.details.toPlainText()
    assert "expected outcome: Accepted (accepted)" in details
    assert "FAILED\n  outcome: expected accepted, got invalid_request" in details
    assert "signal 1 · ipAddress: not a valid IPv4 or IPv6 address" in details


def test_run_selected_runs_only_that_case(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    panel = panel_of(window)
    open_suite(qtbot, panel, DOCS_TRAPS)
    assert not panel.buttons["runOne"].isEnabled()
    panel.table.selectRow(5)
    assert panel.buttons["runOne"].isEnabled()
    result = run(qtbot, panel, "runOne")
    assert [r.case.file for r in result.results] == ["06-lower-case-currency-rejected.json"]
    assert states(panel) == [""] * 5 + ["passed"] + [""] * 4
    assert workspace.mock is not None
    assert workspace.mock.requests == 1


def test_cancel_stops_the_run_and_the_window_stays_live(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    assert workspace.mock is not None
    workspace.mock.options.latency = 0.3
    panel = panel_of(window)
    open_suite(qtbot, panel, DOCS_TRAPS)
    with qtbot.waitSignal(panel.run_finished, timeout=30000) as finished:
        panel.buttons["runAll"].click()
        assert panel.running
        assert panel.progress.isVisible()
        assert not panel.buttons["runAll"].isEnabled()
        qtbot.waitUntil(lambda: states(panel)[0] == "passed", timeout=10000)
        assert panel.progress.value() == 1
        panel.buttons["cancel"].click()
        assert not panel.buttons["cancel"].isEnabled()
    result = finished.args[0]
    ran = len(result.results)
    assert 1 <= ran < 10
    assert result.cancelled
    assert states(panel)[ran:] == ["not run"] * (10 - ran)
    assert workspace.mock.requests == ran
    assert "not run (cancelled)" in panel.title.text()
    assert panel.buttons["runAll"].isEnabled()


def test_open_a_case_in_the_composer_with_its_variables_replaced(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = panel_of(window)
    open_suite(qtbot, panel, DOCS_TRAPS)
    panel.table.selectRow(8)
    panel.buttons["openCase"].click()
    draft = window.composer.draft
    assert draft.kind == "cartadd"
    assert window.store_bar.kind.currentText() == "cartadd"
    signal = draft.signals[0]
    assert signal["cartId"] == "abcc8e25d-d30f-4212-9f60-9b45a71453cf"
    assert isinstance(signal["timestamp"], int)
    assert "{{" not in json.dumps(signal)


def test_save_as_case_takes_the_last_response_and_the_problems(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_suite(tmp_path)
    panel = panel_of(window)
    open_suite(qtbot, panel, folder)
    signal = new_signal("click")
    signal["sourceId"] = "<string>"
    window.set_draft(type(window.composer.draft)("click", [signal], 0))
    with qtbot.waitSignal(window.send_control.finished, timeout=10000):
        window.send()
    monkeypatch.setattr(dialogs, "get_text", lambda *a: "Placeholder source, sent")
    window.problems_dock.raise_()  # the Suites tab is behind another one
    save = window.findChild(QAction, "saveAsCase")
    assert isinstance(save, QAction)
    with qtbot.waitSignal(panel.saved, timeout=10000) as saved:
        save.trigger()
    assert saved.args == ["11-placeholder-source-sent.json"]
    qtbot.waitUntil(lambda: panel.table.rowCount() == 11, timeout=10000)
    data = json.loads((folder / "11-placeholder-source-sent.json").read_text())
    assert data["name"] == "Placeholder source, sent"
    assert data["type"] == "click"
    assert data["signals"] == [signal]
    assert data["expect"] == {
        "outcome": "accepted",
        "problems": [{"path": "sourceId", "code": "placeholder_value"}],
    }
    assert [c.file for c in panel.selected_cases()] == ["11-placeholder-source-sent.json"]
    assert not panel.visibleRegion().isEmpty()  # the Suites tab came to the front
    result = run(qtbot, panel, "runOne")  # the saved case passes as it stands
    assert [r.passed for r in result.results] == [True]


def test_save_as_case_after_an_edit_expects_no_stale_outcome(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_suite(tmp_path)
    panel = panel_of(window)
    open_suite(qtbot, panel, folder)
    with qtbot.waitSignal(window.send_control.finished, timeout=10000):
        window.send()
    window.composer.draft.set("ipAddress", "111.222.333")
    window.composer.refresh()
    monkeypatch.setattr(dialogs, "get_text", lambda *a: "edited")
    with qtbot.waitSignal(panel.saved, timeout=10000) as saved:
        panel.buttons["saveCase"].click()
    data = json.loads((folder / saved.args[0]).read_text())
    assert "outcome" not in data["expect"]  # the last response answered other signals
    assert {"path": "ipAddress", "code": "invalid_ip"} in data["expect"]["problems"]


def test_a_malformed_suite_shows_its_problems(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "01.json").write_text('{"type": "click", "signals": [], "expect": {"outcome": 1}}')
    panel = panel_of(window)
    open_suite(qtbot, panel, folder)
    assert panel.table.rowCount() == 0
    assert panel.title.text() == "The suite has 1 problem; fix them and Reload."
    assert panel.details.toPlainText().startswith(
        "01.json, JSON path expect.outcome: unknown outcome 1"
    )
    assert not panel.buttons["runAll"].isEnabled()
    assert panel.buttons["reload"].isEnabled()


def test_closing_the_window_stops_a_run(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    assert workspace.mock is not None
    workspace.mock.options.latency = 0.3
    panel = panel_of(window)
    open_suite(qtbot, panel, DOCS_TRAPS)
    panel.buttons["runAll"].click()
    qtbot.waitUntil(lambda: workspace.mock is not None and workspace.mock.requests == 1)
    window.close()
    assert window.runner.wait(5000)
    assert workspace.mock.requests < 3  # not the whole suite behind a hidden window
    assert workspace.history.count() == workspace.mock.requests  # each one recorded


def test_the_last_results_of_an_earlier_run_show_when_a_suite_opens(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    import httpx
    from signal_composer.store.sender import Sender
    from signal_composer.store.suite_run import Target, run_suite
    from signal_composer.store.suite_run import open_suite as read_suite

    suite = read_suite(DOCS_TRAPS)
    store = workspace.registry.get("local-mock")
    with httpx.Client() as client:  # as the command line would have run it
        target = Target(
            store, Sender(client), workspace.history, workspace.vault, workspace.mock_url
        )
        run_suite(suite, target, cases=suite.cases[:3])
    panel = panel_of(window)
    open_suite(qtbot, panel, DOCS_TRAPS)
    assert states(panel) == ["passed"] * 3 + [""] * 7
    assert cell(panel, 0, 3) == "✔ passed · Accepted · local-mock (earlier)"
    panel.table.selectRow(0)
    assert "last run " in panel.details.toPlainText()


def test_last_results_name_their_store_and_prefer_the_chosen_one(
    qtbot: QtBot, window: MainWindow, workspace: Workspace
) -> None:
    import httpx
    from signal_composer.store.sender import Sender
    from signal_composer.store.stores import make_store
    from signal_composer.store.suite_run import Target, run_suite
    from signal_composer.store.suite_run import open_suite as read_suite

    from tests.servers import closed_port

    dead = make_store(name="dead", store_id="dead", base_url=f"http://127.0.0.1:{closed_port()}")
    workspace.registry.put(dead)
    workspace.vault.set("dead", "deadTOKEN0123456789abcdefghijkl")
    suite = read_suite(DOCS_TRAPS)
    mock = workspace.registry.get("local-mock")
    with httpx.Client() as client:
        for store in (mock, dead):  # the run against the dead store is the newer one
            target = Target(
                store, Sender(client, retries=0), workspace.history, workspace.vault,
                workspace.mock_url,
            )  # fmt: skip
            run_suite(suite, target, cases=suite.cases[:1])
    panel = panel_of(window)
    open_suite(qtbot, panel, DOCS_TRAPS)
    assert panel.store.currentText() == "local-mock"
    assert cell(panel, 0, 3) == "✔ passed · Accepted · local-mock (earlier)"
    panel.store.setCurrentText("dead")
    qtbot.waitUntil(lambda: cell(panel, 0, 3).endswith("· dead (earlier)"), timeout=5000)
    assert cell(panel, 0, 3) == "✘ failed · Connection refused · dead (earlier)"


def test_a_suite_for_another_store_says_so_and_runs_against_the_chosen_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "suite.json").write_text('{"name": "<b>x</b>", "store": "staging"}')
    case = {"type": "click", "signals": [new_signal("click")], "expect": {"outcome": "accepted"}}
    (folder / "01.json").write_text(json.dumps(case))
    panel = panel_of(window)
    open_suite(qtbot, panel, folder)
    assert "&lt;b&gt;x&lt;/b&gt;" in panel.title.text()  # a name is text, not markup
    assert "its store 'staging' is not set up here" in panel.title.text()
    assert panel.store.currentText() == "local-mock"
    assert run(qtbot, panel).passed
