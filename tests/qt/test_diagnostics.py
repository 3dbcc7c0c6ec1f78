"""Diagnostics in the window: a worker's failure lands in the log with its traceback, and
Help > Open log folder shows the folder of the log files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.qt.workers import Runner
from signal_composer.store import logs


def fetch_the_catalog() -> None:
    raise ConnectionError("the catalog server went away")


def test_a_worker_failure_is_logged_with_its_traceback(qtbot: QtBot, home: Path) -> None:
    path = logs.start()
    failures: list[Exception] = []
    try:
        runner = Runner()
        runner.start(fetch_the_catalog, lambda _: None, failures.append)
        qtbot.waitUntil(lambda: bool(failures), timeout=5000)
        assert runner.wait(5000)
    finally:
        logs.stop()
    assert isinstance(failures[0], ConnectionError)  # the window still gets it to show
    text = path.read_text(encoding="utf-8")
    assert "WARNING signal_composer.qt.workers" in text
    assert "fetch_the_catalog failed" in text
    assert "Traceback (most recent call last)" in text
    assert "line 17, in fetch_the_catalog" in text
    assert "ConnectionError: the catalog server went away" in text


class UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_help_opens_the_log_folder(window: MainWindow, home: Path) -> None:
    catcher = UrlCatcher()
    # Qt's own hook for openUrl. The binding takes the slot's name as a str at run time; its
    # stubs say bytes (which it refuses).
    QDesktopServices.setUrlHandler("file", catcher, "open")  # type: ignore[arg-type]
    try:
        actions = {a.objectName(): a for a in window.findChildren(QAction)}
        actions["openLogFolder"].trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in catcher.urls] == [str(home / "data" / "logs")]
    assert (home / "data" / "logs").is_dir()
