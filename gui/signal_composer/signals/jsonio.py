"""Reading signal JSON from text, files and standard input, with errors a person can act on."""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final


class InputError(Exception):
    """Input that cannot be read or is not JSON; the message names the place and the next step."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _where(text: str, pos: int) -> tuple[int, int]:
    """The one-based line and column of a character offset."""
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _mistake(exc: json.JSONDecodeError) -> tuple[int, str]:
    """Where the real mistake is, and what it is, the same on every Python version.

    A trailing comma is reported at the closing bracket by Python 3.11 and 3.12 and at the comma
    by 3.13, in other words: both become the comma, with one message.
    """
    text, pos = exc.doc, exc.pos
    comma = pos if text[pos : pos + 1] == "," else len(text[:pos].rstrip()) - 1
    if text[comma : comma + 1] == ",":
        after = text[comma + 1 :].lstrip()[:1]
        if after in ("}", "]"):
            return comma, f"a comma before {after!r} with nothing after it: remove the comma"
    return pos, exc.msg


def _finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(
            f"the number {text[:40]} is too large for a 64-bit number: it would go on the wire "
            "as Infinity, which is not JSON; use a smaller number"
        )
    return value


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """A key given more than once in one object: JSON readers keep only the last value."""

    loc: tuple[int | str, ...]
    """Where the object holding it is (array indexes and keys from the top)."""
    key: str
    count: int


class _Reader:
    """One strict decoder and the objects that held a key twice while it read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.doubled: list[tuple[dict[str, Any], list[tuple[str, Any]]]] = []
        self._escapes_in: str | None = None
        self._has_escapes = False
        self.decoder = json.JSONDecoder(
            parse_constant=_reject_constant, parse_float=_finite, object_pairs_hook=self._pairs
        )

    def _pairs(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.doubled.append((obj, pairs))
        return obj

    def decode(self, text: str, pos: int) -> tuple[Any, int]:
        """The value at ``pos`` and where it ends; InputError with line and column."""
        try:
            return self.decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise self.error(exc) from None
        except RecursionError:
            raise InputError(
                f"{self.source}: nested too deeply (arrays or objects inside each other hundreds "
                "of levels deep); a signal needs only a few levels"
            ) from None
        except ValueError as exc:
            raise InputError(f"{self.source}: {exc}") from None

    def _escapes(self, text: str) -> bool:
        """Whether the text holds any \\u escape (looked up once per text)."""
        if self._escapes_in is not text:
            self._escapes_in, self._has_escapes = text, "\\u" in text
        return self._has_escapes

    def error(self, exc: json.JSONDecodeError) -> InputError:
        pos, message = _mistake(exc)
        line, column = _where(exc.doc, pos)
        return InputError(
            f"{self.source}: not valid JSON at line {line}, column {column}: {message}"
        )

    def fail(self, text: str, pos: int, message: str) -> InputError:
        return self.error(json.JSONDecodeError(message, text, pos))

    def checked(self, value: Any, text: str, duplicates: list[DuplicateKey] | None) -> Any:
        """Refuses lone surrogates; reports keys given twice; clears the record."""
        if self._escapes(text) and (where := _lone_surrogate(value)) is not None:
            raise InputError(
                f"{self.source}: a lone surrogate escape (such as \\ud800) at "
                f"{where or 'the top'} is not a character and cannot be sent as UTF-8; "
                "remove it or give the full pair"
            )
        if duplicates is not None and self.doubled:
            duplicates.extend(_duplicates(value, self.doubled))
        self.doubled.clear()
        return value


_SPACE: Final = re.compile(r"[ \t\n\r]*")


def parse_json(
    text: str, source: str = "input", duplicates: list[DuplicateKey] | None = None
) -> Any:
    """Parses JSON strictly (no NaN, Infinity, or numbers that overflow to it, no lone
    surrogates); errors give line and column. Keys given twice go to ``duplicates``."""
    reader = _Reader(source)
    value, end = reader.decode(text, _SPACE.match(text).end())  # type: ignore[union-attr]
    end = _SPACE.match(text, end).end()  # type: ignore[union-attr]
    if end != len(text):
        raise reader.fail(text, end, "Extra data")
    return reader.checked(value, text, duplicates)


def batch_items(text: str, source: str) -> tuple[bool, Iterator[tuple[Any, list[DuplicateKey]]]]:
    """A request body read one signal at a time (memory stays flat for huge files).

    Returns whether the top level is an array, and an iterator over its items (or the one
    value) with the keys each gave twice. The whole text is checked first, so a syntax error
    comes before any item.
    """
    reader = _Reader(source)
    start = _SPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("[", start):
        found: list[DuplicateKey] = []
        value = parse_json(text, source, found)
        return False, iter([(value, found)])
    for _ in _array(reader, text, start):  # syntax first: nothing is reported from a broken file
        reader.doubled.clear()

    def items() -> Iterator[tuple[Any, list[DuplicateKey]]]:
        for value, _end in _array(reader, text, start):
            dups: list[DuplicateKey] = []
            yield reader.checked(value, text, dups), dups

    return True, items()


def _array(reader: _Reader, text: str, start: int) -> Iterator[tuple[Any, int]]:
    space = _SPACE.match
    pos = space(text, start + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", pos):
        pos = pos + 1
    else:
        while True:
            value, pos = reader.decode(text, pos)
            yield value, pos
            pos = space(text, pos).end()  # type: ignore[union-attr]
            if text.startswith(",", pos):
                pos = space(text, pos + 1).end()  # type: ignore[union-attr]
                continue
            if text.startswith("]", pos):
                pos += 1
                break
            raise reader.fail(text, pos, "Expecting ',' delimiter")
    pos = space(text, pos).end()  # type: ignore[union-attr]
    if pos != len(text):
        raise reader.fail(text, pos, "Extra data")


def _walk(value: Any) -> Iterator[tuple[tuple[int | str, ...], Any]]:
    """Every value with its location, without recursion (depth is the input's choice)."""
    stack: list[tuple[tuple[int | str, ...], Any]] = [((), value)]
    while stack:
        loc, item = stack.pop()
        yield loc, item
        if isinstance(item, dict):
            stack.extend(((*loc, k), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend(((*loc, i), v) for i, v in enumerate(item))


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _lone_surrogate(value: Any) -> str | None:
    """The path of the first string (or key) holding a lone surrogate, else None."""
    for loc, item in _walk(value):
        keys = item.keys() if isinstance(item, dict) else ()
        for key in keys:
            if _has_surrogate(key):
                return _path((*loc, key))
        if isinstance(item, str) and _has_surrogate(item):
            return _path(loc)
    return None


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _duplicates(
    value: Any, doubled: list[tuple[dict[str, Any], list[tuple[str, Any]]]]
) -> list[DuplicateKey]:
    wanted = {id(obj): pairs for obj, pairs in doubled}
    out: list[DuplicateKey] = []
    for loc, item in _walk(value):
        pairs = wanted.get(id(item)) if isinstance(item, dict) else None
        if pairs is None:
            continue
        counts = Counter(k for k, _ in pairs)
        out.extend(DuplicateKey(loc, k, n) for k, n in counts.items() if n > 1)
    out.sort(key=lambda d: [str(p) for p in d.loc])
    return out


def read_bytes(path: str) -> tuple[bytes, str]:
    """Reads a file (or standard input for "-") as bytes; returns (data, name for messages)."""
    if path == "-":
        return sys.stdin.buffer.read(), "standard input"
    try:
        return Path(path).read_bytes(), path
    except OSError as exc:
        raise unreadable(path, exc) from None


def unreadable(path: str, exc: OSError) -> InputError:
    """The error for a file that cannot be opened or read, naming why and what to check."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"{path}: no such file; check the path")
    if isinstance(exc, IsADirectoryError):
        return InputError(f"{path}: is a folder, not a file")
    if isinstance(exc, PermissionError):
        return InputError(f"{path}: permission denied; check the file's permissions")
    return InputError(f"{path}: cannot be read ({exc.strerror})")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (a leading BOM dropped); InputError naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None


def read_text(path: str) -> tuple[str, str]:
    """Reads a file (or standard input for "-") as UTF-8; returns (text, name for messages)."""
    data, name = read_bytes(path)
    return decode_text(data, name), name


def read_json(path: str) -> tuple[Any, str]:
    """Reads and parses a JSON file or standard input."""
    text, name = read_text(path)
    return parse_json(text, name), name


def dumps_compact(value: Any) -> bytes:
    """The wire form of a request body: compact UTF-8 JSON."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode(
        "utf-8"
    )


def reindent(text: str) -> str:
    """JSON text laid out one value a line, changing whitespace only: every key (duplicates
    too), number and escape stays exactly as written. Text that is not JSON comes back as is."""
    try:
        json.loads(text)
    except ValueError:
        return text
    out: list[str] = []
    depth, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = i + 1
            while text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[i : end + 1])
            i = end + 1
            continue
        if ch in " \t\r\n":
            i += 1
            continue
        if ch in "{[":
            rest = text[i + 1 :].lstrip()
            if rest[:1] in ("}", "]"):
                out.append(ch + rest[0])
                i = n - len(rest) + 1
                continue
            depth += 1
            out.append(ch + "\n" + "  " * depth)
        elif ch in "}]":
            depth -= 1
            out.append("\n" + "  " * depth + ch)
        elif ch == ",":
            out.append(",\n" + "  " * depth)
        elif ch == ":":
            out.append(": ")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def dumps_pretty(value: Any) -> str:
    """Human-readable JSON for editors and exports."""
    return json.dumps(value, ensure_ascii=False, indent=2)
