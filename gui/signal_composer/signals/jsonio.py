"""Reading signal JSON from text, files and standard input, with errors a person can act on."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


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


def parse_json(text: str, source: str = "input") -> Any:
    """Parses JSON strictly (no NaN or Infinity); errors give line and column."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        pos, message = _mistake(exc)
        line, column = _where(text, pos)
        raise InputError(
            f"{source}: not valid JSON at line {line}, column {column}: {message}"
        ) from None
    except ValueError as exc:
        raise InputError(f"{source}: {exc}") from None


def read_bytes(path: str) -> tuple[bytes, str]:
    """Reads a file (or standard input for "-") as bytes; returns (data, name for messages)."""
    if path == "-":
        return sys.stdin.buffer.read(), "standard input"
    try:
        return Path(path).read_bytes(), path
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None


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
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def pretty_text(text: str) -> str:
    """JSON text re-indented for reading; any other text as it is."""
    try:
        return dumps_pretty(json.loads(text))
    except ValueError:
        return text


def dumps_pretty(value: Any) -> str:
    """Human-readable JSON for editors and exports."""
    return json.dumps(value, ensure_ascii=False, indent=2)
