"""Signal files as JSON Lines: one ``{"type": ..., "signal": {...}}`` object per line.

The format that ``simulate --out`` writes and that ``metrics`` and ``lint`` read. Lines are read
as bytes, one at a time, so a file of any size streams through in constant memory.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, Protocol, TypeVar, cast

import msgspec

from signal_composer.signals.jsonio import InputError, unreadable
from signal_composer.signals.types import SIGNAL_TYPES, SignalType

_ENCODER = msgspec.json.Encoder()
_NUMBER_STARTS: Final = frozenset(b"-0123456789")
_BUFFER: Final = 1 << 20
"""Read files a megabyte at a time: with the default 8 KiB, reading took a quarter of the time."""
_TYPES = frozenset(SIGNAL_TYPES)
_HEAD: Final = 8192
"""How much of a file ``not_text`` looks at: a program or a spreadsheet shows it at once."""


def encode_line(kind: SignalType, signal: dict[str, Any]) -> bytes:
    """One line of the format, newline included: compact JSON, keys in the signal's order."""
    return _ENCODER.encode({"type": kind, "signal": signal}) + b"\n"


def encode_signal(signal: dict[str, Any]) -> bytes:
    """A signal as compact JSON, keys in its order (the wire form of one batch element)."""
    return _ENCODER.encode(signal)


class LineError(ValueError):
    """A line that is not ``{"type": <one of the four>, "signal": {...}}``.

    ``line`` (1-based) is known once the reader of a stream has placed it; ``reason`` is the
    message without it.
    """

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason if line is None else f"line {line}: {reason}")
        self.reason = reason
        self.line = line


def decode_line(line: bytes) -> tuple[SignalType, dict[str, Any]]:
    """A line's type and signal, by the standard JSON reader; LineError says what is wrong."""
    try:
        data = json.loads(line.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        raise LineError(_not_json(line)) from None
    if not isinstance(data, dict):
        raise LineError('not an object of the form {"type": ..., "signal": {...}}')
    kind = data.get("type")
    if kind not in _TYPES:
        raise LineError(f"type must be one of {', '.join(SIGNAL_TYPES)}, not {kind!r}")
    signal = data.get("signal")
    if not isinstance(signal, dict):
        raise LineError('"signal" must be a JSON object')
    return kind, signal


def _not_json(line: bytes) -> str:
    """What is wrong with a line that does not parse, placed within the line (a line's own
    newline would make the standard reader speak of a "line 2")."""
    try:
        text = line.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        return (
            f"not UTF-8 text (byte {line[exc.start]:#04x} at byte {exc.start + 1} of the line); "
            "save the file as UTF-8"
        )
    try:
        json.loads(text)
    except RecursionError:
        return (
            "nested too deeply (arrays or objects inside each other hundreds of levels deep); "
            "a signal needs only a few levels"
        )
    except json.JSONDecodeError as exc:
        end = " (the end of the line)" if exc.pos >= len(text.rstrip()) else ""
        return f"not valid JSON at column {exc.pos + 1}{end}: {exc.msg}"
    except ValueError as exc:  # a number of thousands of digits
        return f"not valid JSON ({exc})"
    return "not valid JSON"


def is_blank(line: bytes) -> bool:
    """Blank lines (a trailing newline, an empty last line) carry no signal and are skipped."""
    return not line.strip()


def not_text(head: bytes) -> str | None:
    """Why a file whose first bytes are ``head`` is not JSON Lines text at all, or None.

    Such a file is unreadable input as a whole, not a file of bad lines: it holds NUL bytes (a
    program, an image, UTF-16 text), it is not UTF-8, or no line of its head starts with ``{``
    (a CSV file, a log, one JSON document). One bad line among signal lines is left to the
    reader of lines.
    """
    nul = head.find(b"\0")
    if nul >= 0:
        return f"it holds NUL bytes, from byte {nul + 1}: binary data, or text in UTF-16"
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.end < len(head) or exc.reason != "unexpected end of data":
            return f"not UTF-8 text: byte {head[exc.start]:#04x} at byte {exc.start + 1}"
        text = head[: exc.start].decode("utf-8-sig")  # a character cut by the head's end
    lines = [line.strip() for line in text.split("\n")]
    first = next((line for line in lines if line), None)
    if first is None:
        return None
    if first.startswith("["):
        return "it is a JSON array; JSON Lines has one signal object a line, without brackets"
    if first == "{":
        return "it is one JSON document over many lines; JSON Lines has a whole signal a line"
    if any(line.startswith("{") for line in lines):
        return None
    return f"no line starts with '{{'; the first is {first[:60]!r}"


class _Peekable(Protocol):
    def peek(self, size: int = ..., /) -> bytes: ...


_Handle = TypeVar("_Handle", bound=_Peekable)


def _checked(handle: _Handle, name: str) -> _Handle:
    """The handle, after its first bytes showed it is JSON Lines text (InputError if not)."""
    why = not_text(handle.peek(_HEAD)[:_HEAD])
    if why is not None:
        raise InputError(
            f"{name}: not a JSON Lines text file ({why}); lint and metrics read one "
            '{"type": ..., "signal": {...}} object a line, as simulate --out writes'
        )
    return handle


@contextmanager
def open_lines(path: str) -> Iterator[Iterable[bytes]]:
    """The lines of a file, or of standard input for "-", as bytes; InputError when unreadable
    or not JSON Lines text at all (``not_text``)."""
    if path == "-":
        stdin = open(sys.stdin.fileno(), "rb", buffering=_BUFFER, closefd=False)  # noqa: SIM115
        with cast("io.BufferedReader", stdin) as buffered:
            yield _checked(buffered, "standard input")
        return
    try:
        handle = cast("io.BufferedReader", Path(path).open("rb", buffering=_BUFFER))  # noqa: SIM115
    except OSError as exc:
        raise unreadable(path, exc) from None
    with handle:
        try:
            _checked(handle, path)
        except OSError as exc:
            raise unreadable(path, exc) from None
        yield handle


def halves(path: str) -> tuple[int, int] | None:
    """Where a file splits in two at a line's start: (the split offset, the file's size).

    None when it cannot be split: standard input, not a regular file, or one long line.
    """
    if path == "-":
        return None
    try:
        with Path(path).open("rb", buffering=0) as handle:
            size = os.fstat(handle.fileno()).st_size
            handle.seek(size // 2)
            head = handle.read(_BUFFER)
    except OSError:
        return None  # read as a whole, which reports what is wrong
    end = head.find(b"\n")
    if end < 0 or size // 2 + end + 1 >= size:
        return None
    return size // 2 + end + 1, size


class _Window(io.RawIOBase):
    """The bytes of a file from ``start`` up to ``end``."""

    def __init__(self, path: str, start: int, end: int) -> None:
        self._raw = Path(path).open("rb", buffering=0)  # noqa: SIM115 (closed with the window)
        self._raw.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        read = self._raw.readinto(memoryview(buffer)[: self._left]) or 0
        self._left -= read
        return read

    def close(self) -> None:
        self._raw.close()
        super().close()


@contextmanager
def open_window(path: str, start: int, end: int) -> Iterator[Iterable[bytes]]:
    """The lines of a file between two offsets at line starts (``halves`` gives them)."""
    try:
        window = _Window(path, start, end)
    except OSError as exc:
        raise unreadable(path, exc) from None
    with io.BufferedReader(window, _BUFFER) as handle:
        yield _checked(handle, path) if start == 0 else handle


def read_signals(
    lines: Iterable[bytes], source: str
) -> Iterator[tuple[SignalType, dict[str, Any]]]:
    """Every signal of a JSON Lines stream; InputError names the first bad line (1-based)."""
    for number, line in enumerate(lines, 1):
        if is_blank(line):
            continue
        try:
            yield decode_line(line)
        except LineError as exc:
            raise InputError(f"{source}, line {number}: {exc}") from None


def number(raw: msgspec.Raw) -> Decimal | None:
    """The exact value of a JSON number's text; None for anything else (or nothing)."""
    text = bytes(raw)
    if not text or text[0] not in _NUMBER_STARTS:
        return None
    try:
        return Decimal(text.decode())
    except InvalidOperation:
        return None
