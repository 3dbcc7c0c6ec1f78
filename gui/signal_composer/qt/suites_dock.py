"""The Suites dock in the window: the panel, its menu entries, and the composer in and out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from signal_composer.qt import dialogs
from signal_composer.qt.menus import make_action
from signal_composer.qt.suites_panel import SuitesPanel
from signal_composer.signals.problems import Problem
from signal_composer.signals.types import SignalType

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from signal_composer.qt.composer import Composer
    from signal_composer.qt.file_actions import FileActions
    from signal_composer.qt.send_controller import SendController
    from signal_composer.qt.store_bar import StoreBar
    from signal_composer.qt.workers import Runner
    from signal_composer.store.workspace import Workspace


class SuitesHost(Protocol):
    """What the Suites dock needs of the window."""

    composer: Composer
    send_control: SendController
    store_bar: StoreBar
    runner: Runner
    file_menu: QMenu
    view_menu: QMenu

    files: FileActions


@dataclass(frozen=True, slots=True)
class ComposerState:
    """What "Save as case…" takes from the composer: the body as Send would send it, its
    problems, and the outcome of the last send when that send had this very body."""

    kind: SignalType
    body: bytes
    problems: list[Problem]
    outcome: str | None


class SuitesBridge(QObject):
    """Carries cases from the panel into the composer and the composer into a new case."""

    def __init__(self, host: SuitesHost, panel: SuitesPanel) -> None:
        super().__init__(panel)
        self.host = host
        self.panel = panel
        self._sent: bytes | None = None
        self._outcome: str | None = None
        host.send_control.request_built.connect(self._request_built)
        host.send_control.finished.connect(self._finished)
        panel.open_case_requested.connect(
            lambda draft: host.files.open_draft(draft, "the suite's case")
        )
        panel.save_requested.connect(self.save_as_case)
        panel.current_store = host.store_bar.stores.currentText

    def _request_built(self, request: object) -> None:
        self._sent = getattr(request, "body", None)
        self._outcome = None

    def _finished(self, recorded: object) -> None:
        result = getattr(recorded, "result", None)
        self._outcome = None if result is None else str(result.outcome.kind)

    def composer_state(self) -> ComposerState:
        body, _count, problems = self.host.composer.request_body()
        outcome = self._outcome if body == self._sent else None
        return ComposerState(self.host.composer.draft.kind, body, list(problems), outcome)

    def save_as_case(self) -> None:
        """Asks for a name and saves the composer's signals, with the expectation that the last
        response (when it answered these very signals) and the problems give."""
        if self.panel.suite is None:
            dialogs.warn(
                self.panel,
                "Save as case",
                "Open a suite first (View > Suites, Open suite…): the case goes into its folder.",
            )
            return
        name = dialogs.get_text(self.panel, "Save as case", "Name of the new case:")
        if name and name.strip():
            self.save(name.strip(), self.composer_state())

    def save(self, name: str, state: ComposerState) -> None:
        from signal_composer.signals.expectations import expectation_from
        from signal_composer.signals.jsonio import InputError, parse_json

        try:
            data = parse_json(state.body.decode("utf-8"), "the composer's JSON")
        except (InputError, UnicodeDecodeError) as exc:
            dialogs.warn(self.panel, "Cannot save as case", f"{exc}: a case holds JSON signals.")
            return
        signals = data if isinstance(data, list) else [data]
        expect = expectation_from(state.outcome, state.problems)
        if state.outcome is None:
            self.panel.message.emit(
                "No outcome expected: these signals have not been sent as they are now", 6000
            )
        self.panel.save_case(name, state.kind, signals, expect)


@dataclass(frozen=True, slots=True)
class SuitesDock:
    """The Suites dock's parts, kept by the window."""

    panel: SuitesPanel
    bridge: SuitesBridge
    dock: QDockWidget


def install_suites(window: QMainWindow, host: SuitesHost, workspace: Workspace) -> SuitesDock:
    """Adds the Suites dock (tabbed with History), View > Suites and File > Save as Case…."""
    panel = SuitesPanel(workspace, host.runner, window)
    bridge = SuitesBridge(host, panel)
    dock = QDockWidget("Suites", window)
    dock.setObjectName("suitesDock")
    dock.setWidget(panel)
    if not window.restoreDockWidget(dock):
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        history = window.findChild(QDockWidget, "historyDock")
        if isinstance(history, QDockWidget):
            window.tabifyDockWidget(history, dock)
    host.view_menu.addAction(dock.toggleViewAction())
    save = make_action(window, "Save as &Case…", bridge.save_as_case, name="saveAsCase")
    save.setToolTip("Save the composer's signals as a case of the open suite")
    actions = host.file_menu.actions()
    names = [a.objectName() for a in actions]
    after = names.index("Save as Template") + 1 if "Save as Template" in names else len(names)
    if after < len(actions):
        host.file_menu.insertAction(actions[after], save)
    else:
        host.file_menu.addAction(save)
    panel.message.connect(window.statusBar().showMessage)

    def bring_forward(_file: str) -> None:  # File > Save as Case… shows where the case went
        dock.show()
        dock.raise_()

    panel.saved.connect(bring_forward)
    return SuitesDock(panel, bridge, dock)
