"""Takes screenshots of the main states of the window, for a person to look at.

Run under a real X server, for example:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshots.py shots/
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def main(out: Path) -> None:
    os.environ.setdefault("SIGNAL_COMPOSER_HOME", tempfile.mkdtemp())
    os.environ.setdefault("SIGNAL_COMPOSER_TOKEN", "demo-token-not-a-secret")
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QDialog
    from signal_composer.qt.app import install_theme
    from signal_composer.qt.main_window import MainWindow
    from signal_composer.qt.store_dialog import StoreDialog
    from signal_composer.signals.draft import Draft
    from signal_composer.signals.drafts import new_product
    from signal_composer.store.workspace import Workspace

    app = QApplication(sys.argv[:1])
    install_theme(app)
    workspace = Workspace.open()
    window = MainWindow(None, Draft.fresh("click"))
    window.show()
    window.attach(workspace)

    def pump(ms: int = 400) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_sent() -> None:
        while window.send_control.busy:
            pump(100)

    def shot(name: str, widget: object = window) -> None:
        pump()
        widget.grab().save(str(out / f"{name}.png"))  # type: ignore[attr-defined]
        print(out / f"{name}.png")

    shot("1-fresh")
    draft = window.composer.draft
    draft.products().extend(new_product(i) for i in range(2, 5))
    draft.set("productDetails[1].product.currencyCode", "usd")
    draft.set("ipAddress", "111.222.333")
    draft.set("visitorID", "typo")
    window.composer.refresh()
    shot("2-problems")
    window.composer.tabs.setCurrentIndex(1)
    shot("3-json")
    window.composer.json.editor.setPlainText('[{"visitorId": "x",\n  "oops"\n}]')
    pump(600)
    shot("4-json-broken")
    window.set_draft(Draft.fresh("purchase"))
    window.composer.tabs.setCurrentIndex(0)
    window.send()
    wait_sent()
    shot("5-sent")
    for _ in range(2):
        window.send()
        wait_sent()
    bad = Draft.fresh("purchase")
    bad.set("cartId", "41a50e2-8e32-4674-5429-e1450dfdbb14")
    window.set_draft(bad)
    window.send_control.start(
        window.store_control.current_store(), "purchase", json.dumps(bad.signals).encode(), 1
    )
    wait_sent()
    assert window.history is not None
    pump(1200)
    window.history_dock.raise_()
    window.history.table.selectRow(0)
    shot("7-history")
    window.history.table.selectAll()
    window.history.select_ids(window.history.model.ids[:2])
    window.history.commands.diff()  # the entries are read in a worker
    pump(1200)
    diff = window.history.findChild(QDialog, "diffDialog")
    if diff is not None:
        shot("8-diff", diff)
        diff.close()
    from signal_composer.qt.app import apply_theme

    apply_theme(app, dark=True)  # what a dark system scheme selects
    shot("9-dark")
    dialog = StoreDialog(
        workspace.registry,
        workspace.vault,
        window.runner,
        window.store_control.probe,
        "local-mock",
        window,
    )
    dialog.show()
    dialog._new()
    dialog.name.setText("Customer QA")
    dialog.store_id.setText("evil.example/x#")
    dialog._check()
    shot("6-stores", dialog)
    dialog.close()
    window.close()
    workspace.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "shots"))
