"""The main window: wires the store bar, composer, problems and response together."""

from __future__ import annotations

import threading
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from signal_composer.qt import dialogs
from signal_composer.qt.composer import Composer
from signal_composer.qt.file_actions import FileActions
from signal_composer.qt.look import set_state
from signal_composer.qt.problems import ProblemsPanel
from signal_composer.qt.response import ResponsePane
from signal_composer.qt.store_bar import StoreBar
from signal_composer.qt.workers import Runner
from signal_composer.signals.draft import Draft
from signal_composer.signals.problems import Problem
from signal_composer.signals.types import SignalType
from signal_composer.store import library
from signal_composer.store.paths import config_dir, read_config_json

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from signal_composer.qt.history_panel import HistoryPanel
    from signal_composer.store.probe import ProbeReport
    from signal_composer.store.sending import Recorded
    from signal_composer.store.stores import Store
    from signal_composer.store.tokens import TokenStatus
    from signal_composer.store.workspace import Workspace

LOCAL_MOCK = "local-mock"


def open_workspace() -> Workspace:
    """Opens config, history and the local mock, and loads the validation core (a worker runs
    this right after the first frame)."""
    from signal_composer.signals import currencies, validation  # noqa: F401 - imported here, off the GUI thread
    from signal_composer.store.workspace import Workspace

    currencies.codes()
    return Workspace.open()


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
        self.files = FileActions(self)
        self.cancel_event: threading.Event | None = None
        self.history: HistoryPanel | None = None
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.composer)
        splitter.addWidget(self.response)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.store_bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.problems_dock = QDockWidget("Problems", self)
        self.problems_dock.setObjectName("problemsDock")
        self.problems_dock.setWidget(self.problems)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems_dock)
        self.status_problems = QLabel(self)
        self.status_problems.setObjectName("problemCount")
        self.statusBar().addPermanentWidget(self.status_problems)
        self._build_menus()
        self._wire()
        self.store_bar.set_kind(start.kind)
        if restored and restored[1] is not None:
            self.composer.set_draft(restored[0], restored[1])
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(800)
        self._autosave.timeout.connect(self.save_draft_async)
        self.composer.changed.connect(self._autosave.start)
        self._restore_geometry()
        if workspace is not None:
            self.attach(workspace)
        else:
            config = read_config_json()
            default = config.get("default_store")
            self.store_bar.set_stores([str(default or LOCAL_MOCK)], str(default or LOCAL_MOCK))
            self.store_bar.send.setEnabled(False)
            self.store_bar.set_token_state("starting…", "pending")

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
        self._add_history(workspace)
        self.store_bar.send.setEnabled(True)
        self._reload_stores(workspace.registry.config.default_store)
        self.composer.validation_ready = True
        self.composer.revalidate()
        self.ready.emit()

    # ---- set-up ---------------------------------------------------------------------------

    def _action(self, text: str, slot: Any, shortcut: Any = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        action.setObjectName(name or text.replace("&", "").replace("…", "").strip())
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self._action("&New", self.files.new, QKeySequence.StandardKey.New))
        file.addAction(self._action("&Open…", self.files.open, QKeySequence.StandardKey.Open))
        file.addAction(self._action("&Save", self.files.save, QKeySequence.StandardKey.Save))
        file.addAction(
            self._action("Save &As…", self.files.save_as, QKeySequence.StandardKey.SaveAs)
        )
        file.addSeparator()
        self.templates_menu = file.addMenu("&Templates")
        self.templates_menu.aboutToShow.connect(self.files.fill_templates)
        file.addAction(self._action("Save as &Template…", self.files.save_template))
        file.addSeparator()
        file.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit))
        edit = bar.addMenu("&Edit")
        composer = self.composer
        for text, method, key in (
            ("&Undo", "undo", QKeySequence.StandardKey.Undo),
            ("&Redo", "redo", QKeySequence.StandardKey.Redo),
            (None, None, None),
            ("Cu&t", "cut", QKeySequence.StandardKey.Cut),
            ("&Copy", "copy", QKeySequence.StandardKey.Copy),
            ("&Paste", "paste", QKeySequence.StandardKey.Paste),
            ("Select &All", "selectAll", QKeySequence.StandardKey.SelectAll),
            (None, None, None),
        ):
            if text is None or method is None:
                edit.addSeparator()
                continue
            edit.addAction(self._action(text, partial(self._edit_focused, method), key, method))
        edit.addAction(
            self._action(
                "&Add signal", lambda: composer.signal_action("add"), "Ctrl+Shift+N", "addSignal"
            )
        )
        edit.addAction(
            self._action("&Duplicate signal", lambda: composer.signal_action("duplicate"), "Ctrl+D")
        )
        edit.addAction(self._action("&Remove signal", lambda: composer.signal_action("remove")))
        edit.addSeparator()
        edit.addAction(self._action("Add &product", composer.products.add, "Ctrl+Shift+P"))
        request = bar.addMenu("&Request")
        self.send_action = self._action(
            "&Send", self.send_or_cancel, ["Ctrl+Return", "Ctrl+Enter"], "sendAction"
        )
        request.addAction(self.send_action)
        request.addAction(self._action("&Cancel send", self.cancel, "Esc", "cancelAction"))
        request.addSeparator()
        request.addAction(self._action("Stores and &tokens…", self.manage_stores, "Ctrl+T"))
        view = bar.addMenu("&View")
        self.view_menu = view
        view.addAction(self.problems_dock.toggleViewAction())
        view.addAction(
            self._action("&Form", lambda: composer.tabs.setCurrentIndex(0), "Ctrl+1", "viewForm")
        )
        view.addAction(
            self._action("&JSON", lambda: composer.tabs.setCurrentIndex(1), "Ctrl+2", "viewJson")
        )
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self.show_shortcuts, "F1"))
        help_menu.addAction(self._action("&About Signal Composer", self.about))

    def _wire(self) -> None:
        self.store_bar.send_clicked.connect(self.send_or_cancel)
        self.store_bar.kind_changed.connect(self._kind_changed)
        self.store_bar.store_changed.connect(self._store_changed)
        self.store_bar.manage_requested.connect(self.manage_stores)
        self.composer.validated.connect(self.show_problems)
        self.problems.focus_requested.connect(self.composer.focus_path)

    def _edit_focused(self, method: str) -> None:
        """Edit > Undo, Copy, …: act on the focused text field (the fields' own shortcuts win
        while they have focus; the menu serves mouse users)."""
        widget = QApplication.focusWidget()
        action = getattr(widget, method, None)
        from PySide6.QtWidgets import QPlainTextEdit  # its type is not needed before

        if isinstance(widget, QLineEdit | QPlainTextEdit) and callable(action):
            action()

    def _settings(self) -> QSettings:
        return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        settings = self._settings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 880)
            self.resizeDocks([self.problems_dock], [150], Qt.Orientation.Vertical)
        state = settings.value("state")
        if state is not None:
            self.restoreState(state)

    def _add_history(self, workspace: Workspace) -> None:
        from signal_composer.qt.history_panel import HistoryPanel

        self.history = HistoryPanel(workspace.history, self.runner, self)
        self.history.resend_requested.connect(self.resend_entry)
        self.history.open_requested.connect(self.open_entry)
        dock = QDockWidget("History", self)
        dock.setObjectName("historyDock")
        dock.setWidget(self.history)
        self.history_dock = dock
        dock.dockLocationChanged.connect(self._history_moved)
        if not self.restoreDockWidget(dock):
            # Like an IDE's bottom panel: Problems and History as tabs under the composer.
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.tabifyDockWidget(self.problems_dock, dock)
            self.problems_dock.raise_()
            self.resizeDocks([self.problems_dock], [240], Qt.Orientation.Vertical)
        self._history_moved(self.dockWidgetArea(dock))
        toggle = dock.toggleViewAction()
        toggle.setShortcut(QKeySequence("Ctrl+H"))
        self.view_menu.addAction(toggle)

    def _history_moved(self, area: Qt.DockWidgetArea) -> None:
        if self.history is not None:
            sides = {Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea}
            wide = area not in sides
            self.history.set_orientation(
                Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
            )

    # ---- stores and tokens ----------------------------------------------------------------

    @property
    def ws(self) -> Workspace:
        """The workspace; actions that need it are disabled until it is attached."""
        if self.workspace is None:
            raise RuntimeError("Signal Composer is still starting")
        return self.workspace

    def current_store(self) -> Store:
        return self.ws.registry.get(self.store_bar.stores.currentText())

    def _reload_stores(self, current: str) -> None:
        registry = self.ws.registry
        name = current if current in registry.names() else registry.names()[0]
        self.store_bar.set_stores(registry.names(), name)
        self._store_changed(name)

    def _store_changed(self, name: str) -> None:
        if self.workspace is None:
            return
        from signal_composer.store.stores import StoreError

        registry = self.workspace.registry
        try:
            store = registry.get(name)
        except StoreError:
            return
        self.store_bar.show_store(store)
        if registry.config.default_store != name:
            self.runner.start(lambda: registry.set_default(name), lambda _: None, self._warn)
        self.refresh_token_state()

    def refresh_token_state(self) -> None:
        store = self.current_store()
        vault = self.ws.vault
        self.store_bar.set_token_state("token: checking…", "pending")

        def show(status: TokenStatus) -> None:
            if status.store != self.store_bar.stores.currentText():
                return
            self.store_bar.token.setToolTip(f"Token source: {status.source}")
            if status.is_set:
                self.store_bar.set_token_state(f"token {status.fingerprint}", "ok")
            elif store.builtin_mock:
                self.store_bar.set_token_state("no token needed", "ok")
            else:
                self.store_bar.set_token_state("no token: set one in Stores & tokens", "missing")

        def failed(exc: Exception) -> None:
            if store.builtin_mock:
                self.store_bar.set_token_state("no token needed", "ok")
            else:
                self.store_bar.set_token_state("keyring unavailable", "error")
                self.store_bar.token.setToolTip(str(exc))

        self.runner.start(lambda: vault.status(store.name), show, failed)

    def manage_stores(self) -> None:
        if self.workspace is None:
            return
        from signal_composer.qt.store_dialog import StoreDialog

        dialog = StoreDialog(
            self.workspace.registry,
            self.workspace.vault,
            self.runner,
            self.probe,
            self.store_bar.stores.currentText(),
            self,
        )
        current = self.store_bar.stores.currentText()
        dialog.stores_changed.connect(lambda: self._reload_stores(current))
        dialog.token_changed.connect(lambda _: self.refresh_token_state())
        dialog.exec()
        self._reload_stores(self.store_bar.stores.currentText())

    def probe(self, store: Store) -> ProbeReport:
        """The token test (runs in a worker thread)."""
        from signal_composer.store.probe import probe_token

        ws = self.ws
        return probe_token(ws.sender(), ws.history, store, ws.vault, ws.mock_url)

    # ---- composing ------------------------------------------------------------------------

    def _kind_changed(self, kind: str) -> None:
        self.composer.set_kind(kind)  # type: ignore[arg-type]

    def set_draft(self, draft: Draft) -> None:
        self.store_bar.set_kind(draft.kind)
        self.composer.set_draft(draft)

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.show_problems(problems)
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        self.status_problems.setText(
            f"{errors} error{'s' * (errors != 1)} · {warnings} warning{'s' * (warnings != 1)}"
        )
        set_state(self.status_problems, "problem", "error" if errors else "", bold=True)

    # ---- sending --------------------------------------------------------------------------

    @property
    def sending(self) -> bool:
        return self.cancel_event is not None

    def send_or_cancel(self) -> None:
        if self.sending:
            self.cancel()
        else:
            self.send()

    def send(self) -> None:
        if self.workspace is None:
            self.statusBar().showMessage("Still starting: try again in a moment", 3000)
            return
        store = self.current_store()
        kind: SignalType = self.composer.draft.kind
        body, count, problems = self.composer.request_body()
        errors = [p for p in problems if p.severity == "error"]
        if errors and not self._confirm_invalid(errors):
            return
        if store.production and not self._confirm_production(store):
            return
        self._start_send(store, kind, body, count)

    def resend_entry(self, entry_id: int) -> None:
        """Sends a history entry's exact body again, to its store as configured now."""
        from signal_composer.store.history import HistoryError
        from signal_composer.store.stores import StoreError

        if self.sending:
            self.statusBar().showMessage("A send is running: cancel it or wait", 4000)
            return
        try:
            entry = self.ws.history.get(entry_id)
            store = self.ws.registry.get(entry.summary.store)
        except (HistoryError, StoreError) as exc:
            dialogs.warn(self, "Cannot resend", str(exc))
            return
        if store.production and not self._confirm_production(store):
            return
        kind: SignalType = entry.summary.kind  # type: ignore[assignment]
        self._start_send(store, kind, entry.body_bytes(), entry.summary.signal_count)

    def open_entry(self, entry_id: int) -> None:
        """Loads an entry's body into the composer (raw text when it is not a JSON body)."""
        import json

        from signal_composer.store.history import HistoryError

        try:
            entry = self.ws.history.get(entry_id)
        except HistoryError as exc:
            dialogs.warn(self, "Cannot open the entry", str(exc))
            return
        kind: SignalType = entry.summary.kind  # type: ignore[assignment]
        try:
            data = json.loads(entry.body_bytes())
        except ValueError:
            data = None
        if isinstance(data, dict):
            data = [data]
        self.store_bar.set_kind(kind)
        if isinstance(data, list) and data:
            self.composer.set_draft(Draft(kind, data, 0))
        else:
            self.composer.set_draft(Draft.fresh(kind), entry.request_body)
        if entry.summary.store in self.ws.registry.names():
            self._reload_stores(entry.summary.store)
        self.statusBar().showMessage(f"Entry {entry_id} opened in the composer", 4000)

    def _start_send(self, store: Store, kind: SignalType, body: bytes, count: int) -> None:
        from signal_composer.store.sender import Attempt, SignalRequest
        from signal_composer.store.sending import build_request, send_recorded

        cancel = threading.Event()
        self.cancel_event = cancel
        self.store_bar.set_sending(True)
        self.response.show_sending(None, store.name)
        ws = self.ws

        def job(progress: Any) -> Recorded:
            request = build_request(store, kind, body, count, ws.vault, ws.mock_url)
            progress(request)
            return send_recorded(
                ws.sender(), ws.history, store, request, source="app", cancel=cancel,
                on_attempt=progress,
            )  # fmt: skip

        def progressed(item: object) -> None:
            if cancel is not self.cancel_event:
                return
            if isinstance(item, SignalRequest):
                self.response.show_request(item)
            elif isinstance(item, Attempt) and item.number > 1:
                self.statusBar().showMessage(f"Attempt {item.number}: {item.kind}", 4000)

        def done(recorded: Recorded) -> None:
            if cancel is self.cancel_event:
                self._finish()
                self.response.show_result(recorded.result, recorded.entry_id)
            self.statusBar().showMessage(
                f"History entry {recorded.entry_id}: {recorded.result.outcome.title}", 6000
            )
            if self.history is not None:
                self.history.reload()

        def failed(exc: Exception) -> None:
            if cancel is self.cancel_event:
                self._finish()
                self.response.show_error("Not sent", str(exc))

        self.runner.start(job, done, failed, progressed)

    def cancel(self) -> None:
        """Stops waiting at once; a request already on the wire still lands in the history."""
        if self.cancel_event is None:
            return
        self.cancel_event.set()
        self._finish()
        self.response._set_outcome("Cancelled", "neutral")
        self.response.summary.setText(
            "Retries stopped. A request already on the wire may still be answered; "
            "its answer is kept in the history."
        )

    def _finish(self) -> None:
        self.cancel_event = None
        self.store_bar.set_sending(False)

    def _confirm_invalid(self, errors: list[Problem]) -> bool:
        shown = "\n".join(p.format() for p in errors[:8])
        more = f"\n… and {len(errors) - 8} more" if len(errors) > 8 else ""
        return dialogs.confirm(
            self,
            "confirmInvalid",
            "Send anyway?",
            f"The request has {len(errors)} error{'s' * (len(errors) != 1)}. The store will "
            "probably reject it. Send it anyway (for a negative test)?",
            "Send anyway",
            informative=shown.splitlines()[0] if shown else "",
            details=shown + more,
        )

    def _confirm_production(self, store: Store) -> bool:
        return dialogs.confirm(
            self,
            "confirmProduction",
            "Send to production?",
            f"{store.name!r} is a PRODUCTION store: these signals will reach real analytics.",
            f"Send to {store.name}",
        )

    # ---- misc -----------------------------------------------------------------------------

    def _warn(self, exc: Exception) -> None:
        self.statusBar().showMessage(str(exc), 8000)

    def save_draft_async(self) -> None:
        draft = Draft(self.composer.draft.kind, list(self.composer.draft.signals), 0)
        draft.current = self.composer.draft.current
        raw = self.composer.json.text() if self.composer.raw else None
        text = library.draft_to_json(draft, raw)  # serialised here: the worker sees a snapshot
        self.runner.start(lambda: library.write_draft_text(text), lambda _: None, self._warn)

    def show_shortcuts(self) -> None:
        dialogs.inform(
            self,
            "Keyboard shortcuts",
            "Ctrl+Enter  send · Esc  cancel a send\n"
            "Ctrl+N  new · Ctrl+O  open · Ctrl+S  save\n"
            "Ctrl+Shift+N  add signal · Ctrl+D  duplicate signal\n"
            "Ctrl+Shift+P  add product · Ctrl+T  stores and tokens\n"
            "Ctrl+1  form · Ctrl+2  JSON · Alt+S  store · Alt+T  type",
        )

    def about(self) -> None:
        dialogs.about(
            self,
            "About Signal Composer",
            "Signal Composer 0.1: compose, validate, send and inspect Lucidworks retail signals."
            "\n\nTokens are kept in the OS keyring only.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
        self._autosave.stop()
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
        settings = self._settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("state", self.saveState())
        if self.runner.busy:
            # A request still on the wire ends by its read timeout at the latest; the window
            # goes at once instead of hanging there, and its answer still reaches the history.
            self.hide()
            ws = self.workspace
            patience = 25.0 if ws is None else ws.registry.config.network.read_timeout
            self.runner.wait(int(patience * 1000) + 2000)
        super().closeEvent(event)
