"""How the app looks: the dark palette and the colours of problems, outcomes and token states.

There is no application-wide style sheet. With one, Qt styles every widget through its
style-sheet engine, which made the first frame about 20 ms slower and every later repaint
slower too. A state is drawn on the widget that has it instead: a text colour in the widget's
own palette, a font, or (for an editor's problem border and the production badge) a style
sheet of that one widget. Each state is also kept as a dynamic property (``problem``,
``state``, ``outcome``), which tests and accessibility tools read.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLineEdit, QWidget

ERROR: Final = "#d93025"
WARNING: Final = "#b07d00"  # warning text; darker than the border so it reads on white
WARNING_BORDER: Final = "#e0a100"
GOOD: Final = "#1e8e3e"
BUSY: Final = "#1a73e8"
NETWORK: Final = "#b06000"  # history rows of requests that never got an answer

# Text colour by state value; a value not listed (pending, cancelled, "") keeps the theme's.
TONES: Final = {
    "error": ERROR,
    "bad": ERROR,
    "warning": WARNING,
    "missing": WARNING,
    "ok": GOOD,
    "good": GOOD,
    "busy": BUSY,
}
_EDITOR_BORDERS: Final = {"error": ERROR, "warning": WARNING_BORDER}
# The padding keeps a marked editor as tall as an unmarked one (the native frame is 1 px more
# each side than this border), so marking a field never moves the fields below it.
_EDITOR_SHEET: Final = "QLineEdit {{ border: 2px solid {}; border-radius: 3px; padding: 1px 0px; }}"
BADGE_SHEET: Final = (
    f"background: {ERROR}; color: white; font-weight: bold; padding: 2px 8px; border-radius: 8px;"
)

RAW_BADGE_SHEET: Final = (
    f"QLabel {{ background: {WARNING_BORDER}; color: black; font-weight: bold; "
    "padding: 2px 6px; border-radius: 3px; }"
)
"""Raw mode beside Send: amber, so it is not taken for the production badge."""

_DARK: Final = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#171717",
    QPalette.ColorRole.AlternateBase: "#2a2b2e",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2d2e31",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.Highlight: "#8ab4f8",
    QPalette.ColorRole.HighlightedText: "#202124",
    QPalette.ColorRole.ToolTipBase: "#2d2e31",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
}


def dark_palette() -> QPalette:
    """The dark theme; disabled text and buttons are greyed, or they look live."""
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor("#6f7378"))
    palette.setColor(disabled, QPalette.ColorRole.Button, QColor("#26272a"))
    return palette


def set_state(widget: QWidget, name: str, value: str, *, bold: bool = False) -> None:
    """Sets the dynamic property ``name`` to ``value`` and colours the widget's text by it.

    ``bold``: a coloured state is also bold. A neutral value gives the theme's colour back.
    """
    widget.setProperty(name, value)
    tone = TONES.get(value)
    if tone is not None or widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette):
        palette = QPalette()  # only the roles set here are the widget's; the rest follow the theme
        if tone is not None:
            palette.setColor(QPalette.ColorRole.WindowText, QColor(tone))
        widget.setPalette(palette)
    if bold:
        widget.setFont(emphasis(bold=tone is not None))


def mark_editor(editor: QLineEdit, severity: str) -> None:
    """An error (red) or warning (amber) border on an editor; "" takes it away."""
    editor.setProperty("problem", severity)
    colour = _EDITOR_BORDERS.get(severity)
    editor.setStyleSheet(_EDITOR_SHEET.format(colour) if colour else "")


def emphasis(*, bold: bool = True, pixel_size: int = 0) -> QFont:
    """A font that changes only weight (and size), inheriting the rest from the widget's parent."""
    font = QFont()
    font.setBold(bold)
    if pixel_size:
        font.setPixelSize(pixel_size)
    return font
