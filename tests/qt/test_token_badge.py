"""The token badge says what was last learned of the token, and offers to fix it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.qt.store_dialog import StoreDialog
from signal_composer.store.mockstore import MockOptions, MockStore
from signal_composer.store.stores import make_store
from signal_composer.store.tokens import fingerprint
from signal_composer.store.workspace import Workspace

from tests.conftest import MemoryKeyring

GOOD = "g00dTOKENabcdefghijklmnopqrst12"
WRONG = "wr0ngTOKENabcdefghijklmnopqrst1"


def in_dialog(qtbot: QtBot, steps: Callable[[StoreDialog], None]) -> list[str]:
    """Runs ``steps`` in the stores dialog once it is open (it is modal), then closes it."""
    done: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StoreDialog):
            QTimer.singleShot(50, run)
            return
        try:
            steps(dialog)
            done.append("ok")
        finally:
            dialog.reject()

    QTimer.singleShot(50, run)
    return done


def test_a_refused_token_shows_in_red_with_fix_token_until_it_is_replaced(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    bar = window.store_bar
    with MockStore(options=MockOptions(token=GOOD)) as mock:
        workspace.registry.put(make_store(name="shop", store_id="shop", base_url=mock.url))
        workspace.vault.set("shop", WRONG)
        window.store_control.reload("shop")
        qtbot.waitUntil(lambda: bar.token.text() == f"token {fingerprint(WRONG)}", timeout=5000)
        assert not bar.fix_token.isVisible()
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.response.title.text() == "Bad token", timeout=10000)
        assert bar.token.text() == "token refused just now"
        assert bar.token.property("state") == "error"
        assert bar.fix_token.isVisible()
        assert window.response.fix_token.isVisible()  # the 403 offers the same action

        def replace_token(dialog: StoreDialog) -> None:
            assert dialog.editing == "shop"
            assert dialog.tokens.token_entry.hasFocus()
            qtbot.keyClicks(dialog.tokens.token_entry, GOOD)
            with qtbot.waitSignal(dialog.token_changed, timeout=5000):
                qtbot.mouseClick(dialog.tokens.set_token, Qt.MouseButton.LeftButton)

        done = in_dialog(qtbot, replace_token)
        qtbot.mouseClick(window.response.fix_token, Qt.MouseButton.LeftButton)
        assert done == ["ok"]
        qtbot.waitUntil(lambda: bar.token.text() == f"token {fingerprint(GOOD)}", timeout=5000)
        assert bar.token.property("state") == "ok"
        assert not bar.fix_token.isVisible()


def test_test_token_refused_shows_on_the_badge(
    qtbot: QtBot, window: MainWindow, workspace: Workspace, memory_keyring: MemoryKeyring
) -> None:
    bar = window.store_bar
    with MockStore(options=MockOptions(token=GOOD)) as mock:
        workspace.registry.put(make_store(name="shop", store_id="shop", base_url=mock.url))
        workspace.vault.set("shop", WRONG)
        window.store_control.reload("shop")

        def test_token(dialog: StoreDialog) -> None:
            qtbot.mouseClick(dialog.tokens.test, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(
                lambda: dialog.tokens.test_result.text().startswith("REFUSED"), timeout=10000
            )

        done = in_dialog(qtbot, test_token)
        qtbot.mouseClick(bar.manage, Qt.MouseButton.LeftButton)
        assert done == ["ok"]
        qtbot.waitUntil(lambda: bar.token.text() == "token refused just now", timeout=5000)
        assert bar.token.property("state") == "error"
        assert "Test token said REFUSED" in bar.token.toolTip()
        assert bar.fix_token.isVisible()
