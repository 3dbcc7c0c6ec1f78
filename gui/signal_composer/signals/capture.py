"""A customer's request as pasted or saved: cURL, HAR or raw HTTP, read into one shape.

Reading only: nothing is sent, no file is opened besides the text given. The Authorization
header's value is kept apart as a secret; the header list shows it only as a fingerprint.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final, Literal
from urllib.parse import urlsplit

from pydantic import SecretStr

from signal_composer.signals.tokencheck import check_authorization

Format = Literal["curl-bash", "curl-cmd", "har", "raw"]
FORMAT_NAMES: Final[dict[Format, str]] = {
    "curl-bash": "cURL command (bash quoting)",
    "curl-cmd": "cURL command (Windows cmd quoting)",
    "har": "HAR file",
    "raw": "raw HTTP request",
}
BodyKind = Literal["text", "form", "multipart", "file"]
SIGNALS_PATH: Final = re.compile(r"/retail/signals(?:/(?P<type>[^/?#]*))?/?$")
SIGNALS_HOST: Final = re.compile(
    r"(?P<store>[A-Za-z0-9-]+)\.applications\.lucidworks\.com\.?$", re.I
)
REQUEST_LINE: Final = re.compile(r"([A-Z]+) (\S+) HTTP/\d(?:\.\d)?", re.I)


class CaptureError(ValueError):
    """The text is not a request this reader knows; the message says what it expected."""


@dataclass(frozen=True, slots=True)
class CapturedResponse:
    """The answer the customer got, as the HAR recorded it."""

    status: int
    """0 when no answer came (blocked by the browser, an extension or the network)."""
    status_text: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    error: str = ""
    """The browser's reason when there was no answer (``net::ERR_BLOCKED_BY_CLIENT``)."""


@dataclass(frozen=True, slots=True)
class Captured:
    """One request as the customer sent it."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    """Every header in order; Authorization's value only as ``<redacted sha256:…>``."""
    authorization: SecretStr | None
    """The Authorization header's value exactly as sent (spaces, quotes, prefix and all)."""
    body: str | None
    body_kind: BodyKind = "text"
    origin: str = ""
    """Where in the input it came from, for people: ``HAR entry 7``, ``cURL command 2``."""
    response: CapturedResponse | None = None
    started: str = ""
    """When it was sent (HAR ``startedDateTime``), for ordering a journey."""

    def header(self, name: str) -> str | None:
        """The last value of a header (case-insensitive), or None."""
        found = None
        for key, value in self.headers:
            if key.lower() == name.lower():
                found = value
        return found

    @property
    def host(self) -> str:
        try:
            return urlsplit(self.url).hostname or ""
        except ValueError:
            return ""

    @property
    def path(self) -> str:
        try:
            return urlsplit(self.url).path
        except ValueError:
            return ""

    def is_signal_request(self) -> bool:
        """True for a request to the Signals API: a signals path, or a store host."""
        return is_signal_url(self.url)


def is_signal_url(url: str) -> bool:
    """True for a Signals API address: a signals path, or a store host under /retail/signals."""
    if "/retail/signals" not in url:
        return False  # most of a HAR: decided without parsing the URL
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(SIGNALS_PATH.search(parts.path)) or (
        bool(SIGNALS_HOST.match(parts.hostname or "")) and parts.path.startswith("/retail/signals")
    )


@dataclass(frozen=True, slots=True)
class Capture:
    """What an input held: its format, the signal requests, and how many others were ignored."""

    format: Format
    requests: list[Captured]
    ignored: int = 0
    """Requests in the input that are not Signals API requests (a HAR's page loads, scripts)."""
    notes: list[str] = field(default_factory=list)


def make_headers(
    pairs: Iterable[tuple[str, str]],
) -> tuple[tuple[tuple[str, str], ...], SecretStr | None]:
    """Headers with Authorization kept apart: (shown headers, the secret value)."""
    shown: list[tuple[str, str]] = []
    secret: SecretStr | None = None
    for name, value in pairs:
        if name.startswith(":"):
            continue  # HTTP/2 pseudo-headers in browser HARs: the URL already says them
        if name.lower() == "authorization":
            secret = SecretStr(value)
            shown.append((name, shown_authorization(value)))
        else:
            shown.append((name, value))
    return tuple(shown), secret


def shown_authorization(value: str) -> str:
    """An Authorization value as it may be shown: its scheme, and the token's fingerprint."""
    report = check_authorization(value)
    if report.fingerprint is None:
        return value if not value.strip() else "<redacted>"
    scheme = {"bearer": "Bearer ", "basic": "Basic "}.get(report.form, "")
    return f"{scheme}<redacted {report.fingerprint}>"


def parse_raw(text: str) -> Captured:
    """A raw HTTP/1.x request: request line, headers, blank line, body."""
    normalized = text.replace("\r\n", "\n").lstrip("\n")
    head, _, body = normalized.partition("\n\n")
    lines = head.split("\n")
    match = REQUEST_LINE.fullmatch(lines[0].strip())
    if match is None:
        raise CaptureError("the first line is not an HTTP request line")
    method, target = match.group(1).upper(), match.group(2)
    pairs: list[tuple[str, str]] = []
    for number, line in enumerate(lines[1:], start=2):
        if line[:1] in {" ", "\t"} and pairs:  # obsolete folded header line
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + " " + line.strip())
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise CaptureError(f"line {number} of the raw request is not a 'Name: value' header")
        pairs.append((name.strip(), value.lstrip(" \t")))
    headers, secret = make_headers(pairs)
    host = next((v.strip() for k, v in pairs if k.lower() == "host"), "")
    if target.startswith(("http://", "https://")):
        url = target
    else:
        scheme = "http" if host.startswith(("127.", "localhost", "[::1]")) else "https"
        url = f"{scheme}://{host or 'unknown-host'}{target}"
    length = next((v.strip() for k, v in pairs if k.lower() == "content-length"), "")
    if length.isdigit() and len(body.encode()) > int(length):
        body = body.encode()[: int(length)].decode("utf-8", "replace")
    elif body.endswith("\n"):
        body = body.rstrip("\n")
    return Captured(method, url, headers, secret, body or None, origin="raw HTTP request")
