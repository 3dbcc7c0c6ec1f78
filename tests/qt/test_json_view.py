"""The JSON view's colours: keys, strings, numbers and literals, each where it belongs."""

from __future__ import annotations

from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot
from signal_composer.qt.json_view import JsonView


def colour_at(view: JsonView, line: int, column: int) -> str:
    block = view.editor.document().findBlockByNumber(line)
    layout = block.layout()
    assert layout is not None
    for span in layout.formats():
        if span.start <= column < span.start + span.length:
            return QColor(span.format.foreground().color()).name()
    return "plain"


def test_digits_and_words_inside_strings_keep_the_string_colour(qtbot: QtBot) -> None:
    view = JsonView()
    qtbot.addWidget(view)
    line = '  "productId": "FR-27-SLV", "price": -27.5, "ok": true, "note": "true 1e3"'
    view.set_text(line)
    styles = view.highlighter.styles
    key, string, number, literal = (
        styles[role].foreground().color().name() for role in ("key", "string", "number", "literal")
    )
    assert len({key, string, number, literal}) == 4
    assert colour_at(view, 0, line.index('"productId"')) == key
    assert colour_at(view, 0, line.index("27-SLV")) == string  # not a number
    assert colour_at(view, 0, line.index("-27.5")) == number
    assert colour_at(view, 0, line.index("true,")) == literal
    assert colour_at(view, 0, line.index("true 1e3")) == string
    assert colour_at(view, 0, line.index("1e3")) == string
    assert colour_at(view, 0, line.index(":")) == "plain"
