"""The Suites panel: open a suite folder, run all or one case off the GUI thread, see each
case's last result (expected vs got), open a case in the composer, save the composer as a case."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from signal_composer.qt import dialogs
from signal_composer.qt.look import set_state
from signal_composer.qt.suite_cases import CaseTable
from signal_composer.qt.suites_layout import arrange
from signal_composer.qt.text_views import read_only_text
from signal_composer.signals.types import SignalType

if TYPE_CHECKING:
    from signal_composer.qt.workers import Runner
    from signal_composer.signals.expectations import Expectation
    from signal_composer.signals.suite import Case, Suite
    from signal_composer.store.suite_run import CaseResult, SuiteResult
    from signal_composer.store.workspace import Workspace


class SuitesPanel(QWidget):
    """A suite's cases and their last results; runs go through ``runner``, never the GUI thread.

    Signals:
        open_case_requested(object): load this Draft (a case, variables replaced) in the composer.
        loaded(): a suite was opened or reloaded, or failed to load (its problems are shown).
        run_finished(object): a run ended (its SuiteResult), cancelled or not.
        save_requested(): the user asked to save the composer's signals as a case.
        saved(str): a new case file of this name was written into the suite.
        message(str, int): a line for the status bar, and for how many milliseconds.
    """

    open_case_requested = Signal(object)
    loaded = Signal()
    run_finished = Signal(object)
    save_requested = Signal()
    saved = Signal(str)
    message = Signal(str, int)

    def __init__(self, workspace: Workspace, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suitesPanel")
        self.workspace = workspace
        self.runner = runner
        self.current_store: Callable[[], str] = lambda: workspace.registry.config.default_store
        self.suite: Suite | None = None
        self.folder: Path | None = None
        self.results: dict[str, CaseResult] = {}
        self._cancel: threading.Event | None = None
        self.title = QLabel("Open a suite: a folder of JSON case files.", self)
        self.title.setObjectName("suites.title")
        self.title.setWordWrap(True)
        self.store = QComboBox(self)
        self.store.setObjectName("suites.store")
        self.store.setAccessibleName("Store to run the suite against")
        self.store.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._filling = False
        self.store.currentTextChanged.connect(self._store_chosen)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("suites.progress")
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v of %m")
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the buttons keep their width between runs
        self.progress.setSizePolicy(policy)
        self.progress.hide()
        self.buttons: dict[str, QPushButton] = {}
        for name, label, slot, tip in (
            ("open", "Open suite…", self.choose_folder, "Open a suite folder"),
            ("reload", "Reload", self.reload, "Read the suite's files again"),
            ("runAll", "Run all", self.run_all, "Send every case and check it"),
            ("runOne", "Run selected", self.run_selected, "Send the selected cases"),
            ("cancel", "Cancel", self.cancel, "Stop after the case on the wire"),
            ("openCase", "Open in composer", self.open_selected, "Load the case's signals"),
            (
                "saveCase",
                "Save as case…",
                self.save_requested.emit,
                "The composer's signals as a case",
            ),
        ):
            button = QPushButton(label, self)
            button.setObjectName(f"suites.{name}")
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.buttons[name] = button
        self.table = CaseTable(self)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.open_selected())
        self.details = read_only_text("suites.details", self)
        arrange(self, self.buttons, self.title, self.store, self.progress, self.table, self.details)
        self._update_buttons()

    # ---- opening ---------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def choose_folder(self) -> None:
        from signal_composer.signals.resources import resources_dir

        start = str(self.folder or resources_dir() / "suites")
        path = dialogs.open_folder(self, "Open a suite folder", start)
        if path:
            self.open_folder(Path(path))

    def open_folder(self, folder: Path) -> None:
        """Reads the suite in a worker; its cases (or its problems) show when it is read."""
        from signal_composer.store.suite_run import last_results, open_suite

        history, registry = self.workspace.history, self.workspace.registry
        fallback = self.current_store()

        def read() -> tuple[Suite, dict[str, CaseResult], list[str]]:
            suite = open_suite(folder)
            names = registry.names()
            wanted = suite.store if suite.store in names else fallback
            return suite, last_results(suite, history, wanted), names

        if folder != self.folder:
            self.results.clear()
        self.folder = folder
        self.title.setText(f"Reading {folder}…")
        self.runner.start(read, self._show_suite, self._load_failed)

    def reload(self) -> None:
        if self.folder is not None and not self.running:
            self.open_folder(self.folder)

    def _show_suite(self, read: tuple[Suite, dict[str, CaseResult], list[str]]) -> None:
        suite, earlier, names = read
        self.suite = suite
        files = {c.file for c in suite.cases}
        wanted = suite.store if suite.store in names else self.current_store()
        # this session's results against the chosen store, else each case's newest one in the
        # history (against that store when there is one)
        self.results = earlier | {
            f: r for f, r in self.results.items() if f in files and r.store == wanted
        }
        count = len(suite.cases)
        cases = f"{count} case{'s' * (count != 1)}"
        title = f"<b>{escape(suite.name)}</b>: {cases} in {escape(str(suite.folder))}"
        if suite.store and suite.store not in names:
            title += f" (its store {escape(suite.store)!r} is not set up here: pick one)"
        self.title.setText(title)
        set_state(self.title, "state", "")
        self._filling = True
        self.store.clear()
        self.store.addItems(names)
        self.store.setCurrentText(wanted)
        self._filling = False
        self.table.show_suite(suite, self.results)
        self.details.setPlainText("Select a case to see what it expects and what it got.")
        self._update_buttons()
        self.loaded.emit()

    def _store_chosen(self, name: str) -> None:
        """Another store chosen: each case's last result against it (else the newest)."""
        from signal_composer.store.suite_run import last_results

        suite, history = self.suite, self.workspace.history
        if self._filling or suite is None or self.running or not name:
            return

        def shown(results: dict[str, CaseResult]) -> None:
            if self.suite is suite and self.store.currentText() == name and not self.running:
                self.results = results
                self.table.show_suite(suite, results)
                self._selection_changed()

        self.runner.start(lambda: last_results(suite, history, name), shown, self._load_failed)

    def _load_failed(self, exc: Exception) -> None:
        from signal_composer.signals.suite import SuiteError

        self.suite = None
        self.table.show_suite(None, {})
        if isinstance(exc, SuiteError):
            count = len(exc.problems)
            self.title.setText(
                f"The suite has {count} problem{'s' * (count != 1)}; fix them and Reload."
            )
            self.details.setPlainText(
                "\n".join(  # a path in the suite's files: JSON's, counted from 0, so said
                    f"{p.file}, JSON path {p.path}: {p.message}" if p.path else p.format()
                    for p in exc.problems
                )
            )
        else:
            self.title.setText("The suite cannot be read.")
            self.details.setPlainText(str(exc))
        set_state(self.title, "state", "error")
        self._update_buttons()
        self.loaded.emit()

    # ---- the table -------------------------------------------------------------------------

    def selected_cases(self) -> list[Case]:
        return self.table.selected_cases()

    def _selection_changed(self) -> None:
        from signal_composer.store.suite_report import details_text

        cases = self.selected_cases()
        if len(cases) == 1:
            self.details.setPlainText(details_text(cases[0], self.results.get(cases[0].file)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        loaded, running, chosen = self.suite is not None, self.running, bool(self.selected_cases())
        self.buttons["reload"].setEnabled(self.folder is not None and not running)
        self.buttons["open"].setEnabled(not running)
        self.buttons["runAll"].setEnabled(loaded and not running)
        self.buttons["runOne"].setEnabled(chosen and not running)
        self.buttons["cancel"].setEnabled(running and not self._cancel_requested())
        self.buttons["openCase"].setEnabled(len(self.selected_cases()) == 1)
        self.buttons["saveCase"].setEnabled(loaded and not running)
        self.store.setEnabled(not running)

    def _cancel_requested(self) -> bool:
        return self._cancel is not None and self._cancel.is_set()

    # ---- running ---------------------------------------------------------------------------

    def run_all(self) -> None:
        if self.suite is not None:
            self.start(list(self.suite.cases))

    def run_selected(self) -> None:
        self.start(self.selected_cases())

    def start(self, cases: Sequence[Case]) -> None:
        """Runs these cases against the chosen store in a worker (production asks first)."""
        from signal_composer.store.stores import StoreError
        from signal_composer.store.suite_run import Target, run_suite

        suite, ws = self.suite, self.workspace
        if suite is None or not cases or self.running:
            return
        try:
            store = ws.registry.get(self.store.currentText())
        except StoreError as exc:
            dialogs.warn(self, "Cannot run the suite", str(exc))
            return
        if store.production and not dialogs.confirm(
            self,
            "confirmProduction",
            "Run against production?",
            f"{store.name!r} is a PRODUCTION store: {len(cases)} case"
            f"{'s' * (len(cases) != 1)} will reach real analytics.",
            f"Run against {store.name}",
        ):
            return
        cancel = threading.Event()
        self._cancel = cancel
        for case in cases:
            self.results.pop(case.file, None)
            self.table.show_state(case.file, None, "queued")
        self.progress.setRange(0, len(cases))
        self.progress.setValue(0)
        self.progress.show()
        self._update_buttons()

        def job(report: Callable[[object], None]) -> SuiteResult:
            target = Target(store, ws.sender(), ws.history, ws.vault, ws.mock_url, source="app")
            return run_suite(
                suite, target, cases=cases, cancel=cancel,
                on_start=lambda case: report(("start", case)),
                on_result=lambda result: report(("result", result)),
            )  # fmt: skip

        self.runner.start(job, self._run_done, self._run_failed, self._progressed)

    def _progressed(self, item: Any) -> None:
        what, value = item
        if what == "start":
            self.table.show_state(value.file, None, "running")
            return
        self.results[value.case.file] = value
        self.table.show_state(value.case.file, value)
        self.progress.setValue(self.progress.value() + 1)
        selected = self.selected_cases()
        if len(selected) == 1 and selected[0].file == value.case.file:
            self._selection_changed()

    def cancel(self) -> None:
        """Stops after the case on the wire (its answer still goes to the history)."""
        if self._cancel is None:
            return
        self._cancel.set()
        self.message.emit("Cancelling: the case on the wire finishes, the rest are not sent", 5000)
        self._update_buttons()

    def stop(self) -> None:
        """Tells a running suite to stop after the case on the wire (the window is closing)."""
        if self._cancel is not None:
            self._cancel.set()

    def _run_done(self, run: SuiteResult) -> None:
        from signal_composer.store.suite_report import summary_line

        self._cancel = None
        for case in run.not_run():
            self.table.show_state(case.file, None, "not run")
        self.progress.hide()
        self.title.setText(f"<b>{escape(run.suite.name)}</b>: {escape(summary_line(run))}")
        set_state(self.title, "state", "good" if run.passed else "error")
        self._update_buttons()
        self.message.emit(summary_line(run), 8000)
        self.run_finished.emit(run)

    def _run_failed(self, exc: Exception) -> None:
        from signal_composer.signals.suite import SuiteError

        self._cancel = None
        for case in self.table.cases:
            if self.table.row_state(self.table.row_of(case.file)) in {"queued", "running"}:
                self.table.show_state(case.file, None)
        self.progress.hide()
        self._update_buttons()
        if isinstance(exc, SuiteError):
            self.details.setPlainText("Nothing was sent:\n" + str(exc))
            self.title.setText("The suite cannot run: see its problems.")
        else:
            self.details.setPlainText(f"Nothing was sent: {exc}")
            self.title.setText(f"The suite cannot run: {exc}")
        set_state(self.title, "state", "error")
        self.run_finished.emit(None)

    # ---- the composer ----------------------------------------------------------------------

    def open_selected(self) -> None:
        """Loads the selected case's signals, variables replaced, into the composer."""
        from signal_composer.signals.draft import Draft
        from signal_composer.signals.suite import SuiteError, prepare

        cases = self.selected_cases()
        if self.suite is None or len(cases) != 1:
            return
        try:
            (ready,) = prepare(self.suite, cases)
        except SuiteError as exc:
            dialogs.warn(self, "Cannot open the case", str(exc))
            return
        signals = ready.signals or []
        draft = Draft(ready.case.type, signals, 0) if signals else Draft.fresh(ready.case.type)
        self.open_case_requested.emit(draft)
        self.message.emit(f"{ready.case.file} opened in the composer (variables replaced)", 5000)

    def save_case(
        self, name: str, kind: SignalType, signals: list[Any], expect: Expectation
    ) -> None:
        """Writes a new case into the open suite in a worker, then reloads and selects it."""
        from signal_composer.store.suite_run import save_case

        if self.suite is None:
            dialogs.warn(self, "Save as case", "Open a suite first: the case goes into its folder.")
            return
        folder = self.suite.folder

        def done(path: Path) -> None:
            self.saved.emit(path.name)
            self.loaded.connect(
                lambda: self._select_saved(path.name), Qt.ConnectionType.SingleShotConnection
            )
            self.open_folder(folder)

        self.runner.start(
            lambda: save_case(folder, name, kind, signals, expect),
            done,
            lambda exc: dialogs.warn(self, "Cannot save the case", str(exc)),
        )

    def _select_saved(self, file: str) -> None:
        if self.suite is not None and any(c.file == file for c in self.suite.cases):
            self.table.select_file(file)
