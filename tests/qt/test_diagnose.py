"""Support's flow in the window: diagnose a customer's request, open it, use its token, replay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from signal_composer.qt import dialogs
from signal_composer.qt.diagnosis_dialog import DiagnosisDialog
from signal_composer.qt.main_window import MainWindow
from signal_composer.store.history import Filter
from signal_composer.store.stores import Store, make_store
from signal_composer.store.tokens import SERVICE
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring
from tests.servers import Reply, ScriptedServer

INPUTS = Path(__file__).parent.parent / "inputs" / "diagnose"
TOKEN = "Xy7Qp2Lm9Rt4Vw8Zb3Nc6Hd1Kf5Gj0As"  # the customer's, in every input
STORE_ID = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b"
STORE_TOKEN = "supportOwnTokenForAcme0123456789"


class Answers:
    """Stands in for the confirmation boxes: records each one and answers it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        self.texts: dict[str, str] = {}
        self.answer: dict[str, bool] = {}
        self.warnings: list[str] = []
        monkeypatch.setattr(dialogs, "confirm", self.confirm)
        monkeypatch.setattr(dialogs, "warn", lambda _p, _t, text: self.warnings.append(text))

    def confirm(self, _parent: object, name: str, *_args: Any, **_kw: Any) -> bool:
        self.asked.append(name)
        self.texts[name] = str(_args[1])
        return self.answer.get(name, False)


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    return Answers(monkeypatch)


def open_har(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> DiagnosisDialog:
    path = tmp_path / "storefront.har"
    path.write_text((INPUTS / "storefront.har").read_text(encoding="utf-8"), encoding="utf-8")
    window.diagnose.open_path(str(path))
    qtbot.waitUntil(lambda: window.diagnose.dialog is not None)
    dialog = window.diagnose.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def texts(widget: Any) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10000)


def test_file_menu_shows_findings_and_problems_per_request(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "storefront.har"
    path.write_text((INPUTS / "storefront.har").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(dialogs, "open_file", lambda *args: str(path))
    action = window.findChild(QAction, "diagnoseAction")
    assert action is not None
    assert action.text() == "&Diagnose a request…"
    action.trigger()
    qtbot.waitUntil(lambda: window.diagnose.dialog is not None)
    dialog = window.diagnose.dialog
    assert dialog is not None
    assert dialog.header.text() == (
        "storefront.har: HAR file, 4 signal requests; 6 other requests ignored"
    )
    assert texts(dialog.requests) == [
        "POST query · no error  (HAR entry 5)",
        "POST click · 4 errors  (HAR entry 7)",
        "POST cartadd · 3 errors  (HAR entry 8)",
        "POST purchase · 3 errors  (HAR entry 9)",
    ]
    assert dialog.answers["mock"].text() == "Not replayed yet"
    dialog.requests.setCurrentRow(1)
    findings = texts(dialog.findings)
    assert any(t.endswith("[token_newline]") for t in findings)
    assert any(t.endswith("[store_rejected]") for t in findings)
    assert texts(dialog.problems) == [
        "error: signal 1 · selectedPosition: must be at least 1, got 0",
        "error: signal 1 · queryId: 'q-0000' is not a search of this session; a click carries the "
        "queryId of the search it clicks",
    ]
    assert dialog.answers["customer"].text().startswith("Invalid request: 400 Bad Request")
    assert "token: bare, sha256:8586c555" in dialog.summary.text()
    shown = [dialog.header.text(), dialog.summary.text(), *findings, *texts(dialog.requests)]
    assert not any(TOKEN in t for t in shown)


def test_a_problem_opens_the_request_at_its_field(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    dialog = open_har(qtbot, window, tmp_path)
    dialog.requests.setCurrentRow(1)
    went: list[tuple[int, str]] = []
    real_focus = window.composer.focus_path

    def focus(index: int, path: str) -> None:
        went.append((index, path))
        real_focus(index, path)

    window.composer.focus_path = focus  # type: ignore[method-assign]
    dialog.problems.itemActivated.emit(dialog.problems.item(0))
    assert answers.asked == ["confirmNewStore"]  # declined: opened without a store entry
    assert went == [(0, "selectedPosition")]
    assert window.composer.draft.kind == "click"
    assert window.store_bar.kind.currentText() == "click"
    assert window.composer.draft.signals[0]["queryId"] == "q-0000"
    editor = window.composer.editor_for("selectedPosition")
    assert editor is not None
    assert editor.text() == "0"


def test_open_in_composer_proposes_a_store_for_an_unknown_store_id(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, tmp_path: Path, answers: Answers
) -> None:
    dialog = open_har(qtbot, window, tmp_path)
    assert dialog.token_button.text() == "Use this token…"
    answers.answer["confirmNewStore"] = True
    dialog.requests.setCurrentRow(3)  # the purchase, sent to another store
    dialog.open_button.click()
    qtbot.waitUntil(lambda: window.store_bar.stores.currentText() == "customer-7d41b0e2")
    store = workspace.registry.get("customer-7d41b0e2")
    assert (store.store_id, store.auth, store.production) == (
        "7d41b0e2-92c3-4f6a-8b15-e0c9a4d27f38",
        "bare",
        False,
    )
    assert window.composer.draft.kind == "purchase"
    assert dialog.token_button.text() == "Use this token for store customer-7d41b0e2…"
    idle(qtbot, window)


def test_the_customer_token_reaches_the_keyring_only_when_asked(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    answers: Answers,
) -> None:
    acme = workspace.registry.put(make_store(name="acme", store_id=STORE_ID)).key
    dialog = open_har(qtbot, window, tmp_path)
    dialog.requests.setCurrentRow(1)  # its token carries a line break
    assert dialog.token_button.text() == "Use this token for store acme…"
    dialog.open_button.click()
    dialog.mock_button.click()
    idle(qtbot, window)
    assert (SERVICE, acme) not in memory_keyring.items  # opening and replaying never save it
    dialog.token_button.click()
    idle(qtbot, window)
    assert answers.asked[-1] == "confirmUseToken"
    assert answers.texts["confirmUseToken"].startswith(
        "Save the token of the customer's request (sha256:"
    )
    assert (
        ", HAR entry 7) in the keyring as the token of store 'acme'?"
        in (answers.texts["confirmUseToken"])
    )
    assert (SERVICE, acme) not in memory_keyring.items  # declined
    answers.answer["confirmUseToken"] = True
    dialog.token_button.click()
    idle(qtbot, window)
    assert memory_keyring.items[(SERVICE, acme)] == TOKEN  # without the line break


def test_replays_side_by_side_recorded_with_their_source_and_exported_without_token(
    qtbot: QtBot,
    window: MainWindow,
    workspace: Workspace,
    tmp_path: Path,
    home: Path,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with ScriptedServer(Reply(202)) as server:
        workspace.registry.put(
            make_store(name="acme", store_id=STORE_ID, base_url=server.url, production=True)
        )
        workspace.vault.set("acme", STORE_TOKEN)
        dialog = open_har(qtbot, window, tmp_path)
        dialog.requests.setCurrentRow(1)
        dialog.mock_button.click()
        qtbot.waitUntil(lambda: "history entry" in dialog.answers["mock"].text())
        assert dialog.answers["mock"].text().startswith("Invalid request (HTTP 400)")
        assert "selectedPosition" in dialog.answer_texts["mock"].toPlainText()
        guarded: list[str] = []

        def decline(store: Store) -> bool:
            guarded.append(store.name)
            return False

        monkeypatch.setattr(window.send_control, "confirm_production", decline)
        dialog.store_button.click()
        assert guarded == ["acme"]
        assert server.seen == []  # declined: nothing left
        monkeypatch.setattr(window.send_control, "confirm_production", lambda s: True)
        dialog.store_button.click()
        qtbot.waitUntil(lambda: "history entry" in dialog.answers["store"].text())
        idle(qtbot, window)
    assert dialog.answers["store"].text().startswith("Accepted (HTTP 202) from acme")
    assert dialog.answers["customer"].text().startswith("Invalid request")
    sent = server.seen[0]
    customer_body = window.diagnose.dialog.case.results[1].request.body  # type: ignore[union-attr]
    assert sent.body.decode() == customer_body  # byte for byte
    assert sent.headers["Authorization"] == STORE_TOKEN  # the store's token, not the customer's
    entries = workspace.history.page(Filter())
    recorded = {(e.source, e.tag) for e in (workspace.history.get(s.id) for s in entries)}
    assert recorded == {("diagnose", "storefront.har (HAR entry 7)")}
    evidence = tmp_path / "evidence.har"
    monkeypatch.setattr(dialogs, "save_file", lambda *args: str(evidence))
    assert dialog.export_button.isEnabled()
    dialog.export_button.click()
    qtbot.waitUntil(evidence.exists)
    idle(qtbot, window)
    har = json.loads(evidence.read_text(encoding="utf-8"))
    comments = [e["comment"].split("; ")[0] for e in har["log"]["entries"]]  # the first part
    assert [c.split(", from ")[1] for c in comments] == [
        "diagnose: storefront.har (HAR entry 7))"
    ] * 2
    for written in [evidence, *home.rglob("*")]:
        if written.is_file():
            data = written.read_bytes()
            assert TOKEN.encode() not in data, written
            assert STORE_TOKEN.encode() not in data, written


def test_pasting_a_curl_command_into_the_json_view_diagnoses_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.composer.tabs.setCurrentIndex(1)
    editor = window.composer.json.editor
    before = editor.toPlainText()
    command = (INPUTS / "chrome-cmd.txt").read_text(encoding="utf-8")
    QApplication.clipboard().setText(command)
    editor.paste()
    qtbot.waitUntil(lambda: window.diagnose.dialog is not None)
    dialog = window.diagnose.dialog
    assert dialog is not None
    assert dialog.header.text().startswith(
        "pasted cURL command: cURL command (Windows cmd quoting), 1 signal request"
    )
    assert editor.toPlainText() == before  # the command was not typed into the body
    editor.insertPlainText("[]")
    assert "[]" in editor.toPlainText()  # ordinary text still goes in


def test_dropping_a_har_file_on_the_window_diagnoses_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "customer.har"
    path.write_text((INPUTS / "storefront.har").read_text(encoding="utf-8"), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    where = QPointF(window.width() / 2, window.height() / 2)
    buttons, keys = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, mime, buttons, keys)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(window, QDropEvent(where, Qt.DropAction.CopyAction, mime, buttons, keys))
    qtbot.waitUntil(lambda: window.diagnose.dialog is not None)
    dialog = window.diagnose.dialog
    assert dialog is not None
    assert dialog.header.text().startswith("customer.har: HAR file, 4 signal requests")


def test_an_unreadable_file_is_refused_with_what_was_expected(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, answers: Answers
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("the customer says clicks are missing\n", encoding="utf-8")
    window.diagnose.open_path(str(path))
    qtbot.waitUntil(lambda: bool(answers.warnings))
    assert "not a request this can read" in answers.warnings[0]
    assert window.diagnose.dialog is None
