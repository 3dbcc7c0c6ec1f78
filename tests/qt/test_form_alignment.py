"""The form's fields line up across its groups, and the signal list's rows can be read whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel, QStyle
from pytestqt.qtbot import QtBot
from signal_composer.qt.main_window import MainWindow
from signal_composer.signals.draft import Draft

from tests.qt.conftest import MakeWindow


def field_columns(window: MainWindow) -> set[int]:
    """Where each field's editor starts, from the form's left edge."""
    form = window.composer.form
    return {editor.mapTo(form, QPoint(0, 0)).x() for editor in form.editors.values()}


@pytest.mark.parametrize("kind", ["click", "query", "purchase"])
def test_fields_line_up_across_the_groups(qtbot: QtBot, make_window: MakeWindow, kind: str) -> None:
    window = make_window(Draft.fresh(kind))  # type: ignore[arg-type]
    window.resize(1440, 860)
    qtbot.waitUntil(lambda: window.width() == 1440, timeout=2000)
    qtbot.wait(20)
    assert len(field_columns(window)) == 1
    # In presentation mode too, where the labels are a person's words.
    qtbot.waitUntil(lambda: window.demo is not None, timeout=5000)
    assert window.demo is not None
    presentation = window.demo.presentation
    presentation.set_on(True)
    try:
        qtbot.waitUntil(
            lambda: window.composer.form.findChildren(QLabel)[0].text() != "", timeout=1000
        )
        qtbot.waitUntil(lambda: len(field_columns(window)) == 1, timeout=2000)  # laid out again
    finally:
        presentation.set_on(False)  # the application's font is shared with the next test


def test_a_signal_row_with_errors_is_read_whole(qtbot: QtBot, make_window: MakeWindow) -> None:
    draft = Draft.fresh("purchase")
    draft.add_product()
    for path in (
        "timestamp",
        "visitorId",
        "sessionId",
        "ipAddress",
        "uri",
        "cartId",
        "orderId",
        "revenue",
    ):
        draft.set(path, "?" if path != "timestamp" else "yesterday")
    for row in (0, 1):
        for field in ("product.price", "product.currencyCode", "quantity"):
            draft.set(f"productDetails[{row}].{field}", "?")
    window = make_window(draft)
    window.resize(1440, 860)
    qtbot.waitUntil(lambda: window.width() == 1440, timeout=2000)
    rows = window.composer.signal_list.list
    qtbot.waitUntil(lambda: "✖ 1" in rows.item(0).text(), timeout=5000)  # 10 or more errors
    item = rows.item(0)
    text = item.text()
    assert text.startswith("#1 purchase · 2 products")
    width = rows.fontMetrics().horizontalAdvance(text)
    margin = rows.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, rows) + 1
    shown = min(rows.visualItemRect(item).width(), rows.viewport().width())
    assert width + 2 * margin <= shown, text  # painted whole, in the list's default width
    assert item.toolTip() == text  # and whole in its tooltip, should the list be narrowed
