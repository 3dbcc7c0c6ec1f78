"""What is wrong with the token a customer sent, said without ever repeating the token."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, Literal

from pydantic import SecretStr

from signal_composer.signals.findings import Finding, finding
from signal_composer.signals.fingerprints import fingerprint

TokenForm = Literal["bare", "bearer", "basic", "other", "missing"]

EMBED_SHAPE: Final = re.compile(r"[A-Za-z0-9_-]{16,128}")
"""Embed tokens seen are about 32 letters and digits; this is the loose shape of one."""
_JWT: Final = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")
_PLACEHOLDER: Final = re.compile(
    r"\{\{.*\}\}|\{[A-Z_]+\}|<[^>]*>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[A-Za-z_][A-Za-z0-9_]*%"
    r"|(your|my)[ _-]?(embed[ _-]?)?(token|key)|x{8,}|undefined|null|none",
    re.IGNORECASE,
)
_OTHER_KINDS: Final = (
    (re.compile(r"(sk|rk)_(live|test)_"), "a Stripe secret key"),
    (re.compile(r"pk_(live|test)_"), "a Stripe publishable key"),
    (re.compile(r"(AKIA|ASIA)[A-Z0-9]{16}$"), "an AWS access key ID"),
    (re.compile(r"gh[pousr]_"), "a GitHub token"),
    (re.compile(r"xox[abprs]-"), "a Slack token"),
    (re.compile(r"AIza[0-9A-Za-z_-]{35}$"), "a Google API key"),
    (re.compile(r"SG\.[\w-]+\.[\w-]+$"), "a SendGrid key"),
)
_SCHEMES: Final = ("Token ", "ApiKey ", "Api-Key ", "Key ", "Digest ")


@dataclass(frozen=True, slots=True)
class TokenReport:
    """How the token was sent and what is wrong with it."""

    form: TokenForm
    fingerprint: str | None
    """Of the token as it should have been sent (no prefix, quotes or spaces): the same tag the
    keyring shows for that token, so support can compare without seeing either."""
    findings: list[Finding]
    value: SecretStr | None = field(default=None, repr=False, compare=False)
    """The token as it should have been sent (for "use this token"); never shown."""

    def as_dict(self) -> dict[str, str | None]:
        return {"form": self.form, "fingerprint": self.fingerprint}


def check_authorization(value: str | None) -> TokenReport:
    """Reads an Authorization header's value (None when absent)."""
    if value is None or not value.strip():
        message = "no Authorization header: the store needs the embed token in it"
        if value is not None:
            message = "the Authorization header is empty"
        return TokenReport("missing", None, [finding("token_missing", message)])
    found: list[Finding] = []
    if "\n" in value or "\r" in value:
        found.append(
            finding(
                "token_newline",
                "a line break in or around the token (copied with the end of the line?); remove it",
            )
        )
    elif value != value.strip():
        found.append(finding("token_whitespace", "spaces before or after the token; remove them"))
    token, quoted = _unquote(value.strip())
    form: TokenForm = "bare"
    if re.match(r"bearer(\s|$)", token, re.IGNORECASE):
        form = "bearer"
        token = token[6:].strip()
        found.append(
            finding(
                "token_bearer",
                "sent as 'Bearer <token>'; the store takes the embed token alone (the docs' "
                "form): drop 'Bearer ', unless this store is known to take it",
            )
        )
    elif token.lower().startswith("basic "):
        form = "basic"
        found.append(
            finding(
                "token_other_kind",
                "Basic credentials (a user and password, or curl's -u), not an embed token",
            )
        )
        basic = token[6:].strip()
        return TokenReport(form, fingerprint(basic), found, SecretStr(basic))
    elif token.startswith(_SCHEMES):
        form = "other"
        scheme = token.split(" ", 1)[0]
        token = token[len(scheme) :].strip()
        found.append(
            finding(
                "token_other_kind",
                f"sent with the scheme {scheme!r}; the store takes the embed token alone",
            )
        )
    token, quoted_inside = _unquote(token)
    if quoted or quoted_inside:
        found.append(
            finding(
                "token_quoted",
                "the token is wrapped in quotes, which are sent as part of it; remove them",
            )
        )
    found.extend(_check_value(token))
    if not token:
        return TokenReport(form, None, found)
    return TokenReport(form, fingerprint(token), found, SecretStr(token))


def _unquote(token: str) -> tuple[str, bool]:
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "\"'":
        return token[1:-1].strip(), True
    return token, False


def _check_value(token: str) -> list[Finding]:
    found: list[Finding] = []
    if not token:
        return [finding("token_missing", "the Authorization header holds no token")]
    if _PLACEHOLDER.fullmatch(token):
        found.append(
            finding(
                "token_placeholder",
                "a placeholder or an unexpanded variable was sent instead of the token "
                "(from the docs, a template or a Postman environment)",
            )
        )
        return found
    if _JWT.fullmatch(token):
        found.append(
            finding(
                "token_jwt",
                "a JWT (a login or OAuth access token), not an embed token; copy the embed "
                "token from Integrations > Signals Using Embed Token",
            )
        )
        return found
    for pattern, name in _OTHER_KINDS:
        if pattern.match(token):
            found.append(finding("token_other_kind", f"looks like {name}, not an embed token"))
            return found
    if not EMBED_SHAPE.fullmatch(token):
        odd = "characters other than letters, digits, '-' and '_'"
        why = odd if re.search(r"[^A-Za-z0-9_-]", token) else f"{len(token)} characters"
        found.append(
            finding(
                "token_unusual",
                f"does not look like an embed token (about 32 letters and digits): {why}",
            )
        )
    return found
