"""Embed tokens: only in the OS keyring (or SIGNAL_COMPOSER_TOKEN); shown only as a fingerprint."""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TypeVar

from pydantic import SecretStr

# Re-exported: the store's callers take them from here.
from signal_composer.signals.fingerprints import fingerprint as fingerprint
from signal_composer.signals.fingerprints import redact as redact

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE: Final = "signal-composer"
TOKEN_VARIABLE: Final = "SIGNAL_COMPOSER_TOKEN"
T = TypeVar("T")


class TokenError(Exception):
    """The keyring cannot be used; the message names the cause and the fix. Never holds a token."""


MIN_TOKEN_LENGTH: Final = 16
"""Shorter tokens are refused where they enter: real embed tokens are long random strings, and
hiding a short one would rewrite unrelated text wherever it happens to occur."""


class TokenFormatError(ValueError):
    """A token that cannot be used; the message names the problem (never the token)."""


def token_set_command(store: str) -> str:
    """The command that sets a store's token, quoted for a shell (names may hold spaces)."""
    import shlex

    return f"signal-composer token set {shlex.quote(store)}"


def _describe(char: str) -> str:
    if char == " ":
        return "a space"
    name = unicodedata.name(char, "")
    code = f"U+{ord(char):04X}"
    return f"{code} {name}" if name else f"{code} (a control character)"


def check_token(token: str, source: str = "the token") -> str:
    """Strips surrounding white space; the rest must be printable ASCII without spaces, at least
    MIN_TOKEN_LENGTH long. The error names the first bad character's position, never the token."""
    cleaned = token.strip()
    if not cleaned:
        raise TokenFormatError(f"{source} is empty")
    for position, char in enumerate(cleaned, start=1):
        if not "!" <= char <= "~":
            raise TokenFormatError(
                f"{source} has {_describe(char)} at character {position} of {len(cleaned)}: "
                "an embed token is printable ASCII only (letters, digits, punctuation). It was "
                "probably mangled when copied; copy it again from the Signals integration page"
            )
    if len(cleaned) < MIN_TOKEN_LENGTH:
        raise TokenFormatError(
            f"{source} is {len(cleaned)} characters long; an embed token has at least "
            f"{MIN_TOKEN_LENGTH} (was it cut short when copied?)"
        )
    return cleaned


def _forms(char: str) -> set[str]:
    """How one character of a token may be written inside a message: as is, escaped (repr,
    JSON, bytes repr), percent-encoded in either case."""
    raw = char.encode("utf-8")
    forms = {
        char,
        "\\" + char,
        repr(char)[1:-1],
        json.dumps(char)[1:-1],
        char.encode("unicode_escape").decode("ascii"),
        "".join(f"\\x{b:02x}" for b in raw),
        "".join(f"%{b:02X}" for b in raw),
        "".join(f"%{b:02x}" for b in raw),
    }
    if char == " ":
        forms.add("+")
    return forms


_GAP: Final = r"(?:\s|\\[nrt])*"
"""What may split a token inside a message: white space, or white space escaped by repr."""


@functools.lru_cache(maxsize=8)
def _pattern(token: str) -> re.Pattern[str]:
    if len(token) < MIN_TOKEN_LENGTH:  # only whole words: a short token must not eat other text
        return re.compile(r"(?<![!-~])" + re.escape(token) + r"(?![!-~])")
    parts = []
    for char in token:
        forms = sorted(_forms(char), key=len, reverse=True)
        parts.append("(?:" + "|".join(re.escape(f) for f in forms) + ")")
    return re.compile(_GAP.join(parts))


def scrub(text: str, token: str) -> str:
    """Replaces every form of the token in text (as is, escaped, repr'd, percent-encoded, split
    by white space) with its redacted tag. Every error text passes here before it is stored,
    printed or logged."""
    if not token or not text:
        return text
    return _pattern(token).sub(redact(token), text)


@dataclass(frozen=True, slots=True)
class TokenStatus:
    """What can be said about a store's token without revealing it."""

    store: str
    is_set: bool
    fingerprint: str | None
    source: str
    """``keyring`` or the environment variable's name."""


_NO_KEYRING_HELP: Final = (
    "no usable OS keyring: Signal Composer keeps embed tokens only in the system keyring "
    "(Secret Service on Linux, Keychain on macOS, Credential Locker on Windows). On Linux, "
    "install and unlock gnome-keyring or KeePassXC's Secret Service; or, for automation, set "
    f"{TOKEN_VARIABLE} in the environment."
)


_KEYRING_NEXT_STEP: Final = (
    "unlock the keyring or restart its service (on Linux: gnome-keyring or KeePassXC), then "
    "try again; if the entry is damaged, set the token again in Stores & tokens or with "
    f"'signal-composer token set'; for automation, set {TOKEN_VARIABLE}"
)


def _refuse_unsafe(backend: KeyringBackend) -> None:
    """Fails for the 'fail' backend, no backend at all, and keyrings.alt's plain files."""
    from keyring.backends.chainer import ChainerBackend

    parts = list(backend.backends) if isinstance(backend, ChainerBackend) else [backend]
    for part in parts:
        module = type(part).__module__
        if module.startswith(("keyrings.alt", "keyring.backends.null")):
            raise TokenError(
                f"the keyring backend {type(part).__name__} ({module}) stores secrets in a plain "
                "file or nowhere; uninstall it (keyrings.alt) and use the OS keyring"
            )
    if not parts or all(type(p).__module__ == "keyring.backends.fail" for p in parts):
        raise TokenError(_NO_KEYRING_HELP)


class TokenVault:
    """Reads and writes tokens in the OS keyring, one entry per store under service SERVICE."""

    def __init__(self, backend: KeyringBackend | None = None, *, use_env: bool = True) -> None:
        self._backend = backend
        self._use_env = use_env

    def backend(self) -> KeyringBackend:
        """The keyring in use (imported on first need: discovery costs ~0.3 s)."""
        if self._backend is None:
            try:
                import keyring

                self._backend = keyring.get_keyring()
            except Exception as exc:  # a broken backend must not escape as a traceback
                chosen = os.environ.get("PYTHON_KEYRING_BACKEND")
                if chosen:  # the usual cause: a misspelt backend name
                    raise TokenError(
                        f"PYTHON_KEYRING_BACKEND={chosen!r} names no usable keyring backend "
                        f"({type(exc).__name__}: {_first_line(exc)}); unset it or fix the name, "
                        "such as keyring.backends.SecretService.Keyring"
                    ) from None
                raise TokenError(
                    f"the OS keyring could not be opened (it said: {_first_line(exc)}); "
                    f"{_KEYRING_NEXT_STEP}"
                ) from None
        _refuse_unsafe(self._backend)
        return self._backend

    def backend_name(self) -> str:
        """A human name of the keyring in use, or why there is none."""
        if self._use_env and os.environ.get(TOKEN_VARIABLE):
            return f"environment variable {TOKEN_VARIABLE}"
        try:
            backend = self.backend()
        except TokenError:
            return "none usable"
        name = getattr(backend, "name", type(backend).__name__)
        return str(name)

    def _call(self, action: str, store: str, func: Callable[[], T], secret: str = "") -> T:
        """Runs a keyring call, mapping every failure to a TokenError that names the store,
        what the keyring said and what to do (never echoing the secret).

        Backends raise more than KeyringError: Secret Service's "Item does not exist!" is a
        secretstorage exception, D-Bus failures are others.
        """
        from keyring.errors import InitError, KeyringLocked, NoKeyringError

        where = f"cannot {action} of store {store!r}"
        try:
            return func()
        except NoKeyringError:
            raise TokenError(f"{where}: {_NO_KEYRING_HELP}") from None
        except KeyringLocked:
            raise TokenError(
                f"{where}: the keyring is locked; unlock it (log in to the desktop session or "
                "run your keyring's unlock command) and try again"
            ) from None
        except InitError as exc:
            raise TokenError(
                f"{where}: the keyring did not open (it said: {_first_line(exc, secret)}); "
                "it may be locked or its service not running"
            ) from None
        except Exception as exc:
            raise TokenError(
                f"{where}: the keyring failed (it said: {_first_line(exc, secret)}); "
                f"{_KEYRING_NEXT_STEP}"
            ) from None

    def get(self, account: str, name: str | None = None) -> SecretStr | None:
        """The token of the store whose keyring entry is ``account`` (its stable key), or None.

        A token saved under the store's ``name`` (before stores had keys) is found too and
        moved to the key, so renaming the store later keeps it.
        """
        if self._use_env and (env := os.environ.get(TOKEN_VARIABLE)):
            try:
                cleaned = check_token(env, TOKEN_VARIABLE)
            except TokenFormatError as exc:
                raise TokenError(f"{exc}; fix or unset {TOKEN_VARIABLE}") from None
            remember(cleaned)
            return SecretStr(cleaned)
        backend = self.backend()
        label = name or account
        value = self._call("read the token", label, lambda: backend.get_password(SERVICE, account))
        if value is None and name and name != account:
            value = self._call("read the token", label, lambda: backend.get_password(SERVICE, name))
            if value is not None:
                self._move(account, name, value)
        if value is None:
            return None
        remember(value)
        try:
            cleaned = check_token(value, f"the saved token of {label!r}")
        except TokenFormatError as exc:  # saved by an older version, or by another tool
            raise TokenError(
                f"{exc}; set it again ({token_set_command(label)}, or Stores and tokens)"
            ) from None
        remember(cleaned)
        return SecretStr(cleaned)

    def _move(self, account: str, name: str, value: str) -> None:
        """A token keyed by a store's name moves to its stable key (best effort)."""
        backend = self.backend()
        try:
            backend.set_password(SERVICE, account, value)
            backend.delete_password(SERVICE, name)
        except Exception:  # still readable under the name next time
            return

    def set(self, account: str, token: str, name: str | None = None) -> str:
        """Saves a token under a store's key; returns its fingerprint."""
        cleaned = check_token(token)
        remember(cleaned)
        backend = self.backend()
        self._call(
            "save the token",
            name or account,
            lambda: backend.set_password(SERVICE, account, cleaned),
            cleaned,
        )
        return fingerprint(cleaned)

    def delete(self, account: str, name: str | None = None) -> bool:
        """Deletes a store's token (under its key, and under its name from before keys); False
        when there was none."""
        from keyring.errors import PasswordDeleteError

        backend = self.backend()

        def remove(entry: str) -> bool:
            try:
                backend.delete_password(SERVICE, entry)
            except PasswordDeleteError:
                return False
            return True

        label = name or account
        deleted = self._call("delete the token", label, lambda: remove(account))
        if name and name != account:
            deleted = self._call("delete the token", label, lambda: remove(name)) or deleted
        return deleted

    def status(self, account: str, name: str | None = None) -> TokenStatus:
        """Whether a token is set and its fingerprint; never the token. ``store`` in the answer
        is ``name`` when given."""
        token = self.get(account, name)
        source = TOKEN_VARIABLE if self._use_env and os.environ.get(TOKEN_VARIABLE) else "keyring"
        return TokenStatus(
            store=name or account,
            is_set=token is not None,
            fingerprint=None if token is None else fingerprint(token.get_secret_value()),
            source=source,
        )


def _first_line(exc: BaseException, secret: str = "") -> str:
    text = scrub(str(exc).strip(), secret)
    lines = text.splitlines()
    return lines[0] if lines else type(exc).__name__


_seen: set[str] = set()
_seen_lock = threading.Lock()
_AUTHORIZATION = re.compile(
    r"""(?i)(authorization["']?\s*[:=]\s*["']?(?:bearer\s+)?)(?!<redacted|bearer\s)([^\s"',;]+)"""
)


def remember(token: str) -> None:
    """Notes a token this process has handled, so that ``scrub`` can find it in any text."""
    if token:
        with _seen_lock:
            _seen.add(token)


def scrub_known(text: str) -> str:
    """Text with every form of every token this process has handled (``scrub``), and any
    Authorization header's value, replaced by its redaction (the log runs this on every
    record)."""
    with _seen_lock:
        known = sorted(_seen, key=len, reverse=True)
    for token in known:
        text = scrub(text, token)
    return _AUTHORIZATION.sub(lambda m: m.group(1) + redact(m.group(2)), text)
