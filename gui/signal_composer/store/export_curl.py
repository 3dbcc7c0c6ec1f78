"""History entries as cURL commands that repeat them: the token from $SIGNAL_COMPOSER_TOKEN (the
command stops with a message when it is unset), any body byte for byte (NUL included)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from typing import Final

from signal_composer.store.export_json import iso
from signal_composer.store.history import Entry
from signal_composer.store.tokens import TOKEN_VARIABLE

_FINGERPRINT: Final = re.compile(r"sha256:[0-9a-f]{8}")
_PLAIN: Final = re.compile(r"[\t\n\x20-\x7e\u00a0-\U0010ffff]*")


def _token_expansion(store: str) -> str:
    """``${SIGNAL_COMPOSER_TOKEN:?…}``: the shell stops with the message when it is unset or
    empty, instead of sending an empty Authorization header."""
    message = f"set {TOKEN_VARIABLE} to the embed token of store {store}"
    safe = re.sub(r"[^A-Za-z0-9 ._:-]", "_", message)
    return f"${{{TOKEN_VARIABLE}:?{safe}}}"


def _printf_format(data: bytes) -> str:
    """A printf format that writes ``data`` exactly: octal escapes for anything unprintable."""
    out = []
    for byte in data:
        char = chr(byte)
        if char == "'":
            out.append("\\047")  # a quote would end the single-quoted format
        elif char == "%":
            out.append("%%")
        elif char == "\\":
            out.append("\\\\")
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)


def _comment(entry: Entry) -> str:
    s = entry.summary
    auth = next((v for k, v in entry.request_headers if k.lower() == "authorization"), "")
    found = _FINGERPRINT.search(auth)
    token = f"token {found.group()}" if found else "no token"
    line = (
        f"# entry {s.id}, {iso(s.created_at)}: {s.kind} to store {s.store!r} "
        f"(store ID {entry.store_id}), {token}"
    )
    return re.sub(r"[\x00-\x1f\x7f]", "?", line)


def to_curl(entry: Entry) -> str:
    """A cURL command (with its comment line) that repeats the request."""
    lines = [f"curl -sS -X {entry.method} {shlex.quote(entry.url)}"]
    for key, value in entry.request_headers:
        if key.lower() == "authorization":
            prefix = "Bearer " if value.startswith("Bearer ") else ""
            lines.append(f'-H "Authorization: {prefix}{_token_expansion(entry.summary.store)}"')
        else:
            lines.append(f"-H {shlex.quote(f'{key}: {value}')}")
    body = entry.stored_bytes()
    text = body.decode("utf-8", errors="replace")
    pipe = ""
    if entry.request_raw is None and _PLAIN.fullmatch(text):
        lines.append(f"--data-binary {shlex.quote(text)}")
    else:  # NUL, control bytes or non-UTF-8: printf writes them exactly, curl reads stdin
        pipe = f"printf '{_printf_format(body)}' | "
        lines.append("--data-binary @-")
    command = pipe + " \\\n  ".join(lines)
    if entry.request_cut is not None:
        note = entry.request_cut.describe("the request body")
        commented = "\n".join("# " + line for line in command.splitlines())
        return f"{_comment(entry)}\n# not repeatable: {note}\n{commented}\n"
    return f"{_comment(entry)}\n{command}\n"


def curl_note(entry: Entry) -> str:
    """What ``to_curl(entry)`` holds, in a person's words: how the token is left out, or why
    the command is commented out."""
    if entry.request_cut is not None:
        return "commented out: the history kept only part of its body, so it cannot be repeated"
    if any(k.lower() == "authorization" for k, _ in entry.request_headers):
        return f"token left out: set ${TOKEN_VARIABLE} before running it"
    return "no token: none was sent"


def to_curl_script(entries: Sequence[Entry]) -> str:
    """A shell script of commands, oldest first; it stops at the first failing one."""
    header = "#!/bin/sh\n# Signal Composer history as cURL commands, oldest first.\nset -e\n"
    return header + "\n".join(to_curl(e) for e in sorted(entries, key=lambda e: e.id))
