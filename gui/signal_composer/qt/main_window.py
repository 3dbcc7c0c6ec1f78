"""The main window: builds the parts and wires them together; the controllers do the work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from signal_composer.qt import dialogs
from signal_composer.qt.composer import JSON_TAB, Composer
from signal_composer.qt.diagnose_flow import DiagnoseFlow
from signal_composer.qt.docks import (
    add_dock,
    add_history_dock,
    restore_layout,
    save_layout,
    set_central,
)
from signal_composer.qt.file_actions import FileActions, draft_from_body
from signal_composer.qt.look import set_state
from signal_composer.qt.menus import build_menus
from signal_composer.qt.problems import ProblemsPanel, count_text
from signal_composer.qt.response import ResponsePane
from signal_composer.qt.send_controller import SendController
from signal_composer.qt.startup import open_workspace, say_history_off
from signal_composer.qt.store_bar import StoreBar
from signal_composer.qt.store_controller import StoreController
from signal_composer.qt.workers import Runner
from signal_composer.signals.draft import Draft
from signal_composer.signals.problems import Problem
from signal_composer.store import library

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from signal_composer.qt.demo_docks import DemoDocks
    from signal_composer.qt.history_panel import HistoryPanel
    from signal_composer.qt.suites_dock import SuitesDock
    from signal_composer.store.workspace import Workspace


class MainWindow(QMainWindow):
    """Signal Composer's window. Blocking work goes through ``runner``; the GUI never waits.

    Made with a workspace (tests), it is ready at once. Made without one (the app), it shows
    the composer first and attaches the workspace from a worker: config, history, local mock
    and the validation core load after the first frame.

    Signals:
        ready(): the workspace is attached; sending and validation work.
    """

    ready = Signal()

    def __init__(self, workspace: Workspace | None = None, draft: Draft | None = None) -> None:
        super().__init__()
        self.workspace: Workspace | None = None
        self.runner = Runner(self)
        self.setWindowTitle("Signal Composer")
        self.setObjectName("mainWindow")
        restored = library.load_last_draft() if draft is None else None
        start = draft or (restored[0] if restored else Draft.fresh("click"))
        self.store_bar = StoreBar(self)
        self.composer = Composer(start, self, validate=False)
        self.response = ResponsePane(self)
        self.problems = ProblemsPanel(self)
        self.files = FileActions(self, restored=restored is not None)
        self.send_control = SendController(self.runner, self)
        self.store_control = StoreController(self.store_bar, self.runner, self)
        self.diagnose = DiagnoseFlow(self)
        self.history: HistoryPanel | None = None
        self.suites: SuitesDock | None = None
        self.demo: DemoDocks | None = None  # journey, metrics, received (after attach)
        set_central(self, self.store_bar, self.composer, self.response)
        self.problems_dock = add_dock(self, "Problems", "problemsDock", self.problems)
        self.status_problems = QLabel(self)
        self.status_problems.setObjectName("problemCount")
        self.statusBar().addPermanentWidget(self.status_problems)
        menus = build_menus(self)
        self.file_menu = menus.file
        self.templates_menu = menus.templates  # filled by the file actions
        self.view_menu = menus.view
        self.send_action = menus.send
        self._wire()
        self.store_bar.set_kind(start.kind)
        if restored and restored[1] is not None:
            self.composer.set_draft(restored[0], restored[1])
        self.files.autosave()
        restore_layout(self, self.problems_dock, self.composer.wanted_width)
        if workspace is not None:
            self.attach(workspace)
        else:
            self.store_control.show_starting()
            self.store_bar.send.setEnabled(False)

    def _wire(self) -> None:
        bar, response, sends = self.store_bar, self.response, self.send_control
        status = self.statusBar()
        bar.send_clicked.connect(self.send_or_cancel)
        bar.kind_changed.connect(self.composer.set_kind)
        self.composer.validated.connect(self.show_problems)
        self.composer.raw_changed.connect(self._raw_changed)
        self.problems.focus_requested.connect(self.composer.focus_path)
        sends.busy_changed.connect(bar.set_sending)
        sends.started.connect(lambda store: response.show_sending(None, store))
        sends.request_built.connect(response.show_request)
        sends.finished.connect(
            lambda done: response.show_result(done.result, done.entry_id, done.unrecorded)
        )
        sends.not_sent.connect(response.show_error)
        sends.cancelled.connect(response.show_cancelled)
        sends.late_answer.connect(lambda done: response.show_late(done.result, done.entry_id))
        sends.begun.connect(self._history_changed)
        sends.recorded.connect(self._history_changed)
        sends.message.connect(status.showMessage)
        self.store_control.message.connect(status.showMessage)
        sends.answered.connect(self.store_control.learn)
        response.fix_token_requested.connect(self.store_control.fix_token)
        self.diagnose.message.connect(status.showMessage)
        self.diagnose.recorded.connect(self._history_changed)

    def start_background(self) -> None:
        """Opens the workspace in a worker and attaches it (the app's start)."""

        def failed(exc: Exception) -> None:
            self.store_bar.set_token_state("not ready", "error")
            self.response.show_error(
                "Cannot open Signal Composer's files",
                f"{exc}\n\nYour draft is kept; fix the file named above and restart.",
            )
            dialogs.critical(self, "Signal Composer cannot open its files", str(exc))

        self.runner.start(open_workspace, self.attach, failed)

    def attach(self, workspace: Workspace) -> None:
        """Connects the config, history and sender; validation starts."""
        self.workspace = workspace
        self.send_control.attach(workspace)
        self._add_history(workspace)
        self._add_suites(workspace)
        self.store_bar.send.setEnabled(True)
        self.store_control.attach(workspace)
        self.diagnose.attach(workspace)
        from signal_composer.qt.demo_docks import DemoDocks

        self.demo = DemoDocks(self)
        self.composer.validation_ready = True
        self.composer.revalidate()
        if workspace.history_off:
            say_history_off(self, self.response, workspace.history_off)
        self.ready.emit()

    def _add_history(self, workspace: Workspace) -> None:
        from signal_composer.qt.history_panel import HistoryPanel

        self.history = HistoryPanel(workspace.history, self.runner, self)
        self.history.resend_requested.connect(self.send_control.resend)
        self.history.open_requested.connect(self.open_entry)
        self.history.message.connect(self.statusBar().showMessage)
        self.history_dock = add_history_dock(self, self.history, self.problems_dock, self.view_menu)

    def _add_suites(self, workspace: Workspace) -> None:
        from signal_composer.qt.suites_dock import install_suites

        self.suites = install_suites(self, self, workspace)
        self.suites.panel.run_finished.connect(lambda _: self._history_changed(0))

    def _history_changed(self, _entry_id: int) -> None:
        if self.history is not None:
            self.history.reload()

    def send_or_cancel(self) -> None:
        if self.send_control.busy:
            self.send_control.cancel()
        else:
            self.send()

    def send(self) -> None:
        """Sends the composed request to the store picked in the store bar; refuses while the
        JSON text (Raw off) does not stand for the form, rather than send something else."""
        refusal = self.composer.unsendable()
        if refusal is not None:
            self.composer.tabs.setCurrentIndex(JSON_TAB)
            self.response.show_error("Not sent: the JSON text is not a request", refusal)
            self.statusBar().showMessage("Not sent: fix the JSON text, or turn Raw on", 6000)
            return
        body, count, problems = self.composer.request_body()
        store = self.store_bar.stores.currentText()
        self.send_control.send(store, self.composer.draft.kind, body, count, problems)

    def open_entry(self, entry_id: int) -> None:
        """Loads a history entry's body into the composer (raw text when it is not JSON)."""
        from signal_composer.store.history import HistoryError

        if self.workspace is None or not self.files.may_replace(f"history entry {entry_id}"):
            return
        try:
            entry = self.workspace.history.get(entry_id)
        except HistoryError as exc:
            dialogs.warn(self, "Cannot open the entry", str(exc))
            return
        draft, raw = draft_from_body(entry.summary.kind, entry.body_bytes(), entry.request_body)
        self.store_bar.set_kind(draft.kind)
        self.composer.set_draft(draft, raw)
        self.files.detach()  # the entry stays in the history: nothing to lose
        if entry.summary.store in self.workspace.registry.names():
            self.store_control.reload(entry.summary.store)
        self.statusBar().showMessage(f"Entry {entry_id} opened in the composer", 4000)

    def set_draft(self, draft: Draft) -> None:
        self.store_bar.set_kind(draft.kind)
        self.composer.set_draft(draft)

    def _raw_changed(self, raw: bool) -> None:
        self.store_bar.set_raw(raw)
        self.show_problems(self.composer.problems)

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.show_problems(problems)
        text, errors = count_text(problems, raw=self.composer.raw)
        self.status_problems.setText(text)
        set_state(self.status_problems, "problem", "error" if errors else "", bold=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.send_control.stop()
        if self.suites is not None:
            self.suites.panel.stop()  # the case on the wire ends; the rest are not sent
        self.files.autosave_timer.stop()
        try:
            raw = self.composer.json.text() if self.composer.raw else None
            library.save_last_draft(self.composer.draft, raw)
        except OSError as exc:
            if not dialogs.ask(
                self, "Draft not saved", f"The draft could not be saved ({exc}). Quit anyway?"
            ):
                event.ignore()
                return
        if self.history is not None:
            self.history.stop_polling()  # the workspace's history closes with the window
        save_layout(self)
        if self.runner.busy:
            # A request still on the wire ends by its read timeout at the latest; the window
            # goes at once instead of hanging there, and its answer still reaches the history.
            self.hide()
            ws = self.workspace
            patience = 25.0 if ws is None else ws.registry.config.network.read_timeout
            self.runner.wait(int(patience * 1000) + 2000)
        super().closeEvent(event)
