"""Presentation mode (View > Presentation mode, F11): for a screen share. Larger text in zoom
steps (remembered), a person's words for the fields ("Visitor", "Search terms") with the JSON
key in the tooltip, long ids shortened (the whole value on hover, and while editing or
copying), empty panels hidden and the response's verdict large. Off, all is as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Protocol

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMenu, QWidget

from signal_composer.qt.fields import FieldEditor
from signal_composer.qt.look import emphasis
from signal_composer.signals.labels import human
from signal_composer.store.paths import config_dir

if TYPE_CHECKING:
    from signal_composer.qt.composer import Composer
    from signal_composer.qt.response import ResponsePane

ZOOMS: Final = (1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
"""The zoom steps; presentation mode starts at the one used last (1.3 the first time)."""
DEFAULT_ZOOM: Final = 2
VERDICT_PX: Final = 17
"""The response verdict's size outside presentation mode (response.py sets it)."""


class PresentationHost(Protocol):
    composer: Composer
    response: ResponsePane
    problems_dock: QDockWidget
    view_menu: QMenu


def _settings() -> QSettings:
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


class Presentation(QObject):
    """The mode's actions (View menu) and what they change; ``on`` says whether it is on."""

    def __init__(self, host: PresentationHost) -> None:
        super().__init__(host)  # type: ignore[arg-type]
        self.host = host
        self.on = False
        self.zoom_step = self._remembered()
        self._font: QFont | None = None
        self._hidden: list[QDockWidget] = []
        self._relabelled = False
        parent: QWidget = host  # type: ignore[assignment]
        menu = host.view_menu
        menu.addSeparator()
        self.action = QAction("&Presentation mode", parent)
        self.action.setObjectName("presentationMode")
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("F11"))
        self.action.toggled.connect(self.set_on)
        menu.addAction(self.action)
        for text, keys, name, delta in (
            ("Zoom &in", ["Ctrl++", "Ctrl+="], "zoomIn", 1),
            ("Zoom &out", ["Ctrl+-"], "zoomOut", -1),
        ):
            action = QAction(text, parent)
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.triggered.connect(lambda _=False, d=delta: self.zoom_by(d))
            menu.addAction(action)
        self._relabel_soon = QTimer(self)
        self._relabel_soon.setSingleShot(True)
        self._relabel_soon.setInterval(0)
        self._relabel_soon.timeout.connect(self._relabel)
        host.composer.changed.connect(self._relabel_soon.start)  # a new form has raw labels
        host.composer.validated.connect(self._problems_shown)

    @property
    def zoom(self) -> float:
        return ZOOMS[self.zoom_step]

    def _remembered(self) -> int:
        try:
            step = int(str(_settings().value("presentation/zoom", DEFAULT_ZOOM)))
        except ValueError:
            step = DEFAULT_ZOOM
        return min(max(step, 0), len(ZOOMS) - 1)

    def set_on(self, on: bool) -> None:
        if on == self.on:
            return
        self.on = on
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        if on:
            self._font = QFont(app.font())
            self._apply_zoom()
            self._hide_empty()
        else:
            if self._font is not None:
                app.setFont(self._font)
            for dock in self._hidden:
                dock.show()
            self._hidden = []
        self.host.response.title.setFont(emphasis(pixel_size=self._verdict_px()))
        self._relabel()

    def zoom_by(self, delta: int) -> None:
        """One zoom step larger or smaller (remembered); it turns presentation mode on."""
        self.zoom_step = min(max(self.zoom_step + delta, 0), len(ZOOMS) - 1)
        _settings().setValue("presentation/zoom", self.zoom_step)
        if not self.on:
            self.set_on(True)
            return
        self._apply_zoom()
        self.host.response.title.setFont(emphasis(pixel_size=self._verdict_px()))

    def _verdict_px(self) -> int:
        return round(VERDICT_PX * 2 * self.zoom) if self.on else VERDICT_PX

    def _apply_zoom(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        assert self._font is not None
        font = QFont(self._font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(self._font.pointSizeF() * self.zoom)
        else:
            font.setPixelSize(round(self._font.pixelSize() * self.zoom))
        app.setFont(font)

    # ---- words and ids --------------------------------------------------------------------

    def _relabel(self) -> None:
        """Labels, headers and id fields as the mode wants them (after a form is rebuilt, too);
        nothing to do while the mode is off and nothing was changed."""
        if not self.on and not self._relabelled:
            return
        self._relabelled = self.on
        window: QWidget = self.host  # type: ignore[assignment]
        for label in window.findChildren(QLabel):
            key = label.property("jsonKey")
            if not isinstance(key, str):
                continue
            optional = label.text().endswith(" (optional)")
            doc = label.property("doc")
            if not isinstance(doc, str):
                doc = label.toolTip()
                label.setProperty("doc", doc)
            label.setText((human(key) if self.on else key) + (" (optional)" * optional))
            label.setToolTip(f"JSON key: {key}\n\n{doc}" if self.on else doc)
        table = self.host.composer.products.table
        for column in range(table.columnCount()):
            item = table.horizontalHeaderItem(column)
            key = item.data(0x0100) if item is not None else None  # Qt.UserRole
            if item is None:
                continue
            if not isinstance(key, str):
                key = item.text()
                item.setData(0x0100, key)
            item.setText(human(key) if self.on else key)
        for editor in window.findChildren(FieldEditor):
            if editor.short_ids != self.on:
                editor.set_short_ids(self.on)

    # ---- empty panels ---------------------------------------------------------------------

    def _hide_empty(self) -> None:
        window: QWidget = self.host  # type: ignore[assignment]
        for dock in window.findChildren(QDockWidget):
            if dock.isVisible() and self._empty(dock):
                dock.hide()
                self._hidden.append(dock)

    def _empty(self, dock: QDockWidget) -> bool:
        if dock is self.host.problems_dock:
            return not self.host.composer.problems
        widget = dock.widget()
        model = getattr(widget, "model", None)
        if callable(getattr(model, "rowCount", None)):
            return bool(model.rowCount() == 0)  # type: ignore[union-attr]
        return dock.objectName() == "suitesDock" and not getattr(widget, "suite", None)

    def _problems_shown(self, problems: list[object]) -> None:
        """In presentation mode the Problems panel shows only while there are problems."""
        dock = self.host.problems_dock
        if not self.on:
            return
        if problems and dock in self._hidden:
            self._hidden.remove(dock)
            dock.show()
        elif not problems and dock.isVisible():
            dock.hide()
            self._hidden.append(dock)
