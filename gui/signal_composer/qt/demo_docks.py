"""Demo mode's docks: the journey storyboard, the metrics dashboard and what the local mock
store received; each is built the first time it is opened (View menu), after the first frame."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

if TYPE_CHECKING:
    from signal_composer.qt.composer import Composer
    from signal_composer.qt.dashboard import Dashboard
    from signal_composer.qt.file_actions import FileActions
    from signal_composer.qt.journey_view import JourneyView
    from signal_composer.qt.received_panel import ReceivedPanel
    from signal_composer.qt.response import ResponsePane
    from signal_composer.qt.send_controller import SendController
    from signal_composer.qt.store_bar import StoreBar
    from signal_composer.qt.workers import Runner
    from signal_composer.store.workspace import Workspace


class DemoHost(Protocol):
    runner: Runner
    send_control: SendController
    workspace: Workspace | None
    view_menu: QMenu
    store_bar: StoreBar
    composer: Composer
    response: ResponsePane
    problems_dock: QDockWidget

    files: FileActions


class DemoDocks(QObject):
    """The View menu's Journey (Ctrl+J), Metrics dashboard (Ctrl+M) and Received by the store
    (Ctrl+Shift+R) entries and their docks."""

    def __init__(self, host: DemoHost) -> None:
        super().__init__(host)  # type: ignore[arg-type]
        self.host = host
        self.window: QMainWindow = host  # type: ignore[assignment]
        self.journey: JourneyView | None = None
        self.dashboard: Dashboard | None = None
        self.received: ReceivedPanel | None = None
        self.docks: dict[str, QDockWidget] = {}
        self.window.installEventFilter(self)  # a closing window stops plays, sends and counts
        menu = host.view_menu
        menu.addSeparator()
        self.journey_action = self._action(
            menu, "&Journey", "Ctrl+J", "viewJourney", self.show_journey
        )
        self.dashboard_action = self._action(
            menu, "Metrics &dashboard", "Ctrl+M", "viewDashboard", self.show_dashboard
        )
        self.received_action = self._action(
            menu, "&Received by the store", "Ctrl+Shift+R", "viewReceived", self.show_received
        )
        from signal_composer.qt.presentation import Presentation

        self.presentation = Presentation(host)

    def _action(self, menu: QMenu, text: str, keys: str, name: str, slot: Any) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self.window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.window.addDockWidget(area, dock)
        self.docks[name] = dock
        return dock

    def _raise(self, name: str) -> None:
        dock = self.docks[name]
        dock.show()
        dock.raise_()

    def show_journey(self) -> JourneyView:
        if self.journey is None:
            from signal_composer.qt.journey_view import JourneyView

            self.journey = view = JourneyView(self.host, self.window)
            view.open_requested.connect(self._open_step)
            self._dock("journeyDock", "Journey", view, Qt.DockWidgetArea.RightDockWidgetArea)
            if self.dashboard is not None:
                self._connect()
            view.fill_profiles()
        self._raise("journeyDock")
        return self.journey

    def show_dashboard(self) -> Dashboard:
        if self.dashboard is None:
            from signal_composer.qt.dashboard import Dashboard

            self.dashboard = Dashboard(self.host, self.window)
            self._dock(
                "dashboardDock", "Metrics", self.dashboard, Qt.DockWidgetArea.RightDockWidgetArea
            )
            if self.journey is not None:
                self._connect()
            self.dashboard.refresh()
        self._raise("dashboardDock")
        return self.dashboard

    def show_received(self) -> ReceivedPanel:
        if self.received is None:
            from signal_composer.qt.received_panel import ReceivedPanel

            ws = self.host.workspace
            self.received = ReceivedPanel(ws.mock if ws is not None else None, self.window)
            self._dock(
                "receivedDock",
                "Received by the store",
                self.received,
                Qt.DockWidgetArea.RightDockWidgetArea,
            )
        self._raise("receivedDock")
        return self.received

    def _connect(self) -> None:
        assert self.journey is not None
        assert self.dashboard is not None
        self.dashboard.played = list(self.journey.played)
        self.journey.step_sent.connect(self.dashboard.step_sent)
        self.journey.journey_shown.connect(self.dashboard.journey_shown)

    def _open_step(self, kind: str, signal: dict[str, Any]) -> None:
        from signal_composer.signals.draft import Draft

        draft = Draft(kind, [copy.deepcopy(signal)], 0)  # type: ignore[arg-type]
        self.host.files.open_draft(draft, f"the journey's {kind} step")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    def stop(self) -> None:
        """The window is closing: a play, a bulk send and a count stop."""
        if self.journey is not None:
            self.journey.stop()
        if self.dashboard is not None:
            self.dashboard.stop()
        if self.received is not None:
            self.received.timer.stop()
