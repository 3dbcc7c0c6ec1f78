"""Token fingerprints: a short one-way tag that is safe to show, store and compare."""

from __future__ import annotations

import hashlib


def fingerprint(token: str) -> str:
    """A short, stable, one-way tag of a token, safe to show and store: ``sha256:1a2b3c4d``."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:8]


def redact(token: str) -> str:
    """How a token appears anywhere outside the keyring."""
    return f"<redacted {fingerprint(token)}>"
