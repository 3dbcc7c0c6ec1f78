"""Reads a customer's request, whichever form it came in: cURL (bash or cmd), HAR or raw HTTP."""

from __future__ import annotations

import re

from signal_composer.signals.capture import REQUEST_LINE, Capture, CaptureError, Format, parse_raw
from signal_composer.signals.curl import parse_curl
from signal_composer.signals.har import parse_har
from signal_composer.signals.shellwords import looks_like_cmd


def detect(text: str) -> Format:
    """The input's format, from its first meaningful characters."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise CaptureError("the input is empty; paste a cURL command, a HAR file or a raw request")
    if stripped[0] in "{[":
        return "har"
    first_line = stripped.split("\n", 1)[0].strip()
    if REQUEST_LINE.fullmatch(first_line):
        return "raw"
    first_word = re.split(r"\s", first_line.lstrip("$> "), maxsplit=1)[0].lower()
    if first_word in {"curl", "curl.exe"}:
        return "curl-cmd" if looks_like_cmd(stripped) else "curl-bash"
    raise CaptureError(
        "not a request this can read: expected a cURL command (starting with 'curl'), a HAR "
        "file (JSON with log.entries) or a raw HTTP request (a first line like "
        "'POST /retail/signals/click HTTP/1.1')"
    )


def parse_capture(text: str) -> Capture:
    """Reads a cURL command, a HAR file or a raw HTTP request, whichever the text is."""
    fmt = detect(text)
    if fmt == "har":
        requests, ignored = parse_har(text)
        return Capture("har", requests, ignored)
    if fmt == "raw":
        request = parse_raw(text)
        return Capture("raw", [request])
    requests, used = parse_curl(text, cmd=fmt == "curl-cmd")
    return Capture("curl-cmd" if used else "curl-bash", requests)
