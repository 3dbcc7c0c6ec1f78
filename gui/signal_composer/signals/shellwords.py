"""Splits a pasted command line into words, as bash or as Windows cmd.exe would, without running it.

Browsers copy a request as cURL in either form: bash (single quotes, ``$'...'`` with ANSI-C
escapes, backslash-newline continuations) or cmd (``^`` escapes, ``^"`` quotes, ``""`` doubling,
caret-newline continuations). Nothing is expanded: ``$VAR`` and ``%VAR%`` stay as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

SEPARATOR: Final = "\x00;"
"""A word standing for a command separator (``;``, ``&``, ``&&``, ``|``, ``||``)."""

_SIMPLE_ESCAPES: Final = {
    "a": "\a",
    "b": "\b",
    "e": "\x1b",
    "E": "\x1b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
}


class ShellSyntaxError(ValueError):
    """The text cannot be split: the message says where (never what the text holds)."""


@dataclass
class _Reader:
    text: str
    pos: int = 0

    def peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.text[i] if i < len(self.text) else ""

    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1


def _ansi_c(reader: _Reader) -> str:
    """The body of ``$'...'`` after the opening quote, up to and including the closing one."""
    out: list[str] = []
    start = reader.line()
    while True:
        ch = reader.peek()
        if not ch:
            raise ShellSyntaxError(f"a $'...' quote opened on line {start} is never closed")
        reader.pos += 1
        if ch == "'":
            return "".join(out)
        if ch != "\\":
            out.append(ch)
            continue
        esc = reader.peek()
        reader.pos += 1
        if esc in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[esc])
        elif esc in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[esc]
            digits = ""
            while len(digits) < width and reader.peek() in set("0123456789abcdefABCDEF") - {""}:
                digits += reader.peek()
                reader.pos += 1
            out.append(chr(int(digits, 16)) if digits else "\\" + esc)
        elif esc in "01234567":
            digits = esc
            while len(digits) < 3 and reader.peek() in set("01234567") - {""}:
                digits += reader.peek()
                reader.pos += 1
            out.append(chr(int(digits, 8) & 0xFF))
        elif esc == "c" and reader.peek():
            out.append(chr(ord(reader.peek()) & 0x1F))
            reader.pos += 1
        else:
            out.append("\\" + esc)


def split_bash(text: str) -> list[str]:
    """Words of a bash command line; command separators become SEPARATOR words."""
    reader = _Reader(text)
    words: list[str] = []
    word: list[str] = []
    in_word = False

    def finish() -> None:
        nonlocal in_word
        if in_word:
            words.append("".join(word))
        word.clear()
        in_word = False

    while ch := reader.peek():
        if ch == "\\":
            nxt = reader.peek(1)
            if nxt == "\n":
                reader.pos += 2
            elif nxt == "\r" and reader.peek(2) == "\n":
                reader.pos += 3
            else:
                word.append(nxt)
                in_word = True
                reader.pos += 2
        elif ch in " \t\r\n":
            finish()
            reader.pos += 1
        elif ch in ";&|":
            finish()
            while reader.peek() in {";", "&", "|"} - {""}:
                reader.pos += 1
            words.append(SEPARATOR)
        elif ch == "#" and not in_word:
            while reader.peek() not in {"\n", ""}:
                reader.pos += 1
        elif ch == "'":
            start = reader.line()
            end = text.find("'", reader.pos + 1)
            if end < 0:
                raise ShellSyntaxError(f"a '...' quote opened on line {start} is never closed")
            word.append(text[reader.pos + 1 : end])
            in_word = True
            reader.pos = end + 1
        elif ch == "$" and reader.peek(1) == "'":
            reader.pos += 2
            word.append(_ansi_c(reader))
            in_word = True
        elif ch == '"':
            reader.pos += 1
            word.append(_double_quoted(reader))
            in_word = True
        else:
            word.append(ch)
            in_word = True
            reader.pos += 1
    finish()
    return words


def _double_quoted(reader: _Reader) -> str:
    """The body of a bash ``"..."`` after the opening quote: backslash escapes only $ ` " \\."""
    out: list[str] = []
    start = reader.line()
    while True:
        ch = reader.peek()
        if not ch:
            raise ShellSyntaxError(f'a "..." quote opened on line {start} is never closed')
        reader.pos += 1
        if ch == '"':
            return "".join(out)
        if ch == "\\" and reader.peek() in {"$", "`", '"', "\\", "\n"}:
            if reader.peek() != "\n":
                out.append(reader.peek())
            reader.pos += 1
        else:
            out.append(ch)


def _cmd_commands(text: str) -> list[str]:
    """What cmd.exe hands each program: carets outside quotes removed, caret-newlines joined,
    the line cut at unescaped ``&`` and ``|`` (command separators)."""
    commands: list[str] = []
    out: list[str] = []
    in_quote = False
    i = 0
    text = text.replace("\r\n", "\n")
    while i < len(text):
        ch = text[i]
        if ch == '"':
            in_quote = not in_quote
            out.append(ch)
        elif ch == "^" and not in_quote:
            i += 1
            if i < len(text) and text[i] == "\n":
                # A caret-newline joins the lines; the character after it is taken literally.
                i += 1
            if i < len(text):
                out.append(text[i])
        elif ch in "&|" and not in_quote:
            commands.append("".join(out))
            out.clear()
            while i + 1 < len(text) and text[i + 1] in "&|":
                i += 1
        elif ch == "\n" and not in_quote:
            out.append(" ")
        else:
            out.append(ch)
        i += 1
    commands.append("".join(out))
    return commands


def _crt_words(line: str) -> list[str]:
    """Words of one command as the Microsoft C runtime splits them (backslash and quote rules)."""
    words: list[str] = []
    word: list[str] = []
    in_word = False
    in_quote = False
    i = 0
    while i < len(line):
        ch = line[i]
        if ch == "\\":
            count = 0
            while i < len(line) and line[i] == "\\":
                count += 1
                i += 1
            if i < len(line) and line[i] == '"':
                word.append("\\" * (count // 2))
                if count % 2:
                    word.append('"')
                    i += 1
            else:
                word.append("\\" * count)
            in_word = True
            continue
        if ch == '"':
            if in_quote and i + 1 < len(line) and line[i + 1] == '"':
                word.append('"')  # "" inside quotes is one literal quote
                i += 2
                continue
            in_quote = not in_quote
            in_word = True
        elif ch in " \t\n" and not in_quote:
            if in_word:
                words.append("".join(word))
            word.clear()
            in_word = False
        else:
            word.append(ch)
            in_word = True
        i += 1
    if in_quote:
        raise ShellSyntaxError('a "..." quote is never closed')
    if in_word:
        words.append("".join(word))
    return words


def split_cmd(text: str) -> list[str]:
    """Words of a Windows cmd.exe command line; command separators become SEPARATOR words."""
    words: list[str] = []
    for n, command in enumerate(_cmd_commands(text)):
        if n:
            words.append(SEPARATOR)
        words.extend(_crt_words(command))
    return words


def looks_like_cmd(text: str) -> bool:
    """True when the text is quoted for cmd.exe rather than bash: caret escapes, or double quotes
    first with doubled quotes inside (bash copies quote with ``'`` first)."""
    if '^"' in text or "^\n" in text or "^\r\n" in text:
        return True
    first = next((c for c in text if c in "'\""), "")
    return first == '"' and '""' in text
