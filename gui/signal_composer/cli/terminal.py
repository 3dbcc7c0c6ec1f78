"""Text from outside (response bodies, headers, store names) made safe to print on a terminal."""

from __future__ import annotations

import re
from typing import Final

_CONTROL: Final = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """Control characters (ESC, carriage return, bidi overrides...) shown as ``\\x1b`` escapes,
    so a store's answer cannot move the cursor, recolour or rewrite the terminal; line breaks
    and tabs stay."""
    return _CONTROL.sub(_escape, text)
