"""What a diagnosis can say about a request: stable codes, each with its severity and meaning.

The codes are a public interface (``diagnose --json``, scripts, support notes): add new ones,
never rename or reuse one. docs/DIAGNOSIS.md lists them; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Final

from signal_composer.signals.problems import Severity

CATALOG: Final[dict[str, tuple[Severity, str]]] = {
    # where it went
    "not_signals_host": (
        "warning",
        "the host is not a Lucidworks store (*.applications.lucidworks.com)",
    ),
    "insecure_http": ("error", "plain http to a remote host: the token travelled unencrypted"),
    "not_signals_path": ("error", "the path is not /retail/signals/{type}"),
    "unknown_type": ("error", "the path names no signal type (query, click, cartadd, purchase)"),
    "wrong_method": ("error", "the API takes POST only"),
    # the token
    "token_missing": ("error", "no Authorization header"),
    "token_bearer": ("warning", "'Bearer ' before the token, where the store takes it bare"),
    "token_whitespace": ("warning", "spaces before or after the token"),
    "token_newline": ("error", "a line break in or around the token"),
    "token_quoted": ("error", "the token is wrapped in quotes"),
    "token_placeholder": ("error", "a placeholder or variable instead of a token"),
    "token_jwt": ("error", "a JWT (a login or OAuth token), not an embed token"),
    "token_other_kind": ("error", "an API key or credentials of another kind"),
    "token_unusual": ("warning", "does not look like an embed token (about 32 letters, digits)"),
    "token_shared": ("warning", "the same token is sent to two or more stores"),
    # the headers
    "content_type_missing": ("error", "no Content-Type header"),
    "content_type_wrong": ("error", "Content-Type is not application/json"),
    "body_form": ("error", "the body is sent as a form, not as JSON"),
    "accept_missing": ("warning", "no Accept header"),
    "accept_wrong": ("warning", "Accept does not allow application/json"),
    # the body
    "body_missing": ("error", "no body"),
    "body_in_file": ("warning", "the body is read from a file this input does not hold"),
    "body_not_json": ("error", "the body is not valid JSON"),
    "body_not_array": ("error", "the body is one object; the API takes an array of signals"),
    # the answer
    "store_rejected": ("error", "the store did not accept the request"),
    "no_answer": ("error", "no answer came (blocked by the browser, an extension or the network)"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a diagnosis found about a request (not about a field of a signal)."""

    code: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def finding(code: str, message: str) -> Finding:
    """A finding of a catalogued code, with the catalogue's severity."""
    severity, _ = CATALOG[code]
    return Finding(code, severity, message)
