"""Reads cURL commands as browsers and API clients copy them, into the requests curl would send."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Final

from signal_composer.signals.capture import BodyKind, Captured, CaptureError, make_headers
from signal_composer.signals.shellwords import SEPARATOR, ShellSyntaxError, split_bash, split_cmd

_WITH_ARGUMENT: Final = frozenset(
    [
        "-H",
        "--header",
        "-X",
        "--request",
        "-d",
        "--data",
        "--data-raw",
        "--data-binary",
        "--data-ascii",
        "--data-urlencode",
        "--json",
        "-F",
        "--form",
        "--form-string",
        "-u",
        "--user",
        "-A",
        "--user-agent",
        "-e",
        "--referer",
        "-b",
        "--cookie",
        "--url",
        "-o",
        "--output",
        "-m",
        "--max-time",
        "--connect-timeout",
        "-x",
        "--proxy",
        "-U",
        "--proxy-user",
        "--retry",
        "--retry-delay",
        "--retry-max-time",
        "-w",
        "--write-out",
        "--cacert",
        "--capath",
        "-E",
        "--cert",
        "--cert-type",
        "--key",
        "--key-type",
        "--resolve",
        "--connect-to",
        "-c",
        "--cookie-jar",
        "--limit-rate",
        "--interface",
        "-K",
        "--config",
        "-T",
        "--upload-file",
        "-r",
        "--range",
        "-z",
        "--time-cond",
        "--oauth2-bearer",
        "--max-redirs",
        "--unix-socket",
        "--proxy-header",
        "-Y",
        "--speed-limit",
        "-y",
        "--speed-time",
        "-C",
        "--continue-at",
        "--dns-servers",
        "--noproxy",
        "--expect100-timeout",
        "--happy-eyeballs-timeout-ms",
        "--variable",
        "--ciphers",
        "--tls-max",
        "--pinnedpubkey",
        "--local-port",
        "--max-filesize",
        "--trace",
        "--trace-ascii",
        "--stderr",
        "--aws-sigv4",
        "--request-target",
    ]
)
_SHORT_WITH_ARGUMENT: Final = frozenset(
    o[1] for o in _WITH_ARGUMENT if len(o) == 2 and o.startswith("-")
)
_DATA: Final = frozenset({"-d", "--data", "--data-ascii", "--data-binary", "--data-raw"})
_FORM_TYPE: Final = "application/x-www-form-urlencoded"


@dataclass
class _Command:
    """What one curl command line asks for, before it becomes a request."""

    url: str = ""
    method: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    body_kind: BodyKind = "text"
    json_option: bool = False
    head: bool = False
    get: bool = False
    extra_urls: int = 0

    def add_data(self, option: str, value: str) -> None:
        if option in {"--data-raw"} or not value.startswith("@"):
            self.data.append(value)
        else:
            self.data.append("")
            self.body_kind = "file"
        if option == "--data-urlencode" and self.body_kind == "text":
            self.body_kind = "form"


def _set_option(command: _Command, option: str, value: str) -> None:
    """Applies one option that takes an argument."""
    if option in {"-H", "--header"}:
        name, colon, rest = value.partition(":")
        if colon:
            command.headers.append((name.strip(), rest.lstrip(" ")))
    elif option in {"-X", "--request"}:
        command.method = value.upper()
    elif option in _DATA or option == "--data-urlencode":
        command.add_data(option, value)
    elif option == "--json":
        command.json_option = True
        command.add_data("--data-binary", value)
    elif option in {"-F", "--form", "--form-string"}:
        command.data.append(value)
        command.body_kind = "multipart"
    elif option in {"-u", "--user"}:
        encoded = base64.b64encode(value.encode()).decode()
        command.headers.append(("Authorization", f"Basic {encoded}"))
    elif option == "--oauth2-bearer":
        command.headers.append(("Authorization", f"Bearer {value}"))
    elif option in {"-A", "--user-agent"}:
        command.headers.append(("User-Agent", value))
    elif option in {"-e", "--referer"}:
        command.headers.append(("Referer", value))
    elif option in {"-b", "--cookie"} and "=" in value:
        command.headers.append(("Cookie", value))
    elif option == "--url":
        _set_url(command, value)


def _set_url(command: _Command, value: str) -> None:
    if command.url:
        command.extra_urls += 1
    else:
        command.url = value if "://" in value else "http://" + value


def _read_command(words: list[str]) -> _Command:
    """The options of one curl command (words after ``curl``)."""
    command = _Command()
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word.startswith("--") and len(word) > 2:
            if word in _WITH_ARGUMENT:
                if i >= len(words):
                    raise CaptureError(f"the cURL option {word} has no value")
                _set_option(command, word, words[i])
                i += 1
            elif word in {"--head"}:
                command.head = True
            elif word in {"--get"}:
                command.get = True
        elif word.startswith("-") and len(word) > 1:
            for n, letter in enumerate(word[1:], start=1):
                if letter in _SHORT_WITH_ARGUMENT:
                    value = word[n + 1 :]
                    if not value:
                        if i >= len(words):
                            raise CaptureError(f"the cURL option -{letter} has no value")
                        value = words[i]
                        i += 1
                    _set_option(command, f"-{letter}", value)
                    break
                command.head |= letter == "I"
                command.get |= letter == "G"
        else:
            _set_url(command, word)
    return command


def _to_request(command: _Command, origin: str) -> Captured:
    if not command.url:
        raise CaptureError(f"{origin} names no URL")
    headers = list(command.headers)
    names = {name.lower() for name, _ in headers}
    body: str | None = None
    if command.data:
        joiner = "" if command.json_option or command.body_kind == "multipart" else "&"
        body = joiner.join(command.data)
        if command.json_option:
            for name in ("Content-Type", "Accept"):
                if name.lower() not in names:
                    headers.append((name, "application/json"))
        elif command.body_kind == "multipart" and "content-type" not in names:
            headers.append(("Content-Type", "multipart/form-data"))
        elif "content-type" not in names:
            headers.append(("Content-Type", _FORM_TYPE))  # what curl sends for -d
    url = command.url
    if command.get and body is not None:
        url += ("&" if "?" in url else "?") + body
        body = None
    method = command.method or (
        "HEAD" if command.head else "POST" if body is not None or command.data else "GET"
    )
    shown, secret = make_headers(headers)
    return Captured(
        method,
        url,
        shown,
        secret,
        None if command.body_kind == "file" else body,
        body_kind=command.body_kind,
        origin=origin,
    )


def _commands(words: list[str]) -> list[list[str]]:
    """The curl commands among the words (``curl`` or ``curl.exe``, then its options)."""
    found: list[list[str]] = []
    segment: list[str] = []
    for word in [*words, SEPARATOR]:
        if word != SEPARATOR:
            segment.append(word)
            continue
        start = next((n for n, w in enumerate(segment) if w.lower() in {"curl", "curl.exe"}), None)
        if start is not None:
            found.append(segment[start + 1 :])
        segment = []
    return found


def _parse(text: str, cmd: bool) -> list[Captured]:
    try:
        words = split_cmd(text) if cmd else split_bash(text)
    except ShellSyntaxError as exc:
        raise CaptureError(f"the cURL command cannot be read: {exc}") from None
    commands = _commands(words)
    if not commands:
        raise CaptureError("no curl command found in the text")
    many = len(commands) > 1
    return [
        _to_request(_read_command(c), f"cURL command {n}" if many else "cURL command")
        for n, c in enumerate(commands, start=1)
    ]


def _json_bodies(requests: list[Captured]) -> int:
    count = 0
    for request in requests:
        try:
            json.loads(request.body or "")
        except ValueError:
            continue
        count += 1
    return count


def parse_curl(text: str, *, cmd: bool) -> tuple[list[Captured], bool]:
    """The requests of one or more curl commands; also whether cmd quoting was used.

    The quoting guessed from the text is tried first; when the other one reads more of the
    bodies as JSON, it wins (a one-line Windows copy has no caret to give it away).
    """
    first = _parse(text, cmd)
    try:
        second = _parse(text, not cmd)
    except CaptureError:
        return first, cmd
    if _json_bodies(second) > _json_bodies(first):
        return second, not cmd
    return first, cmd
