"""ISO 4217 alphabetic currency codes, from the maintained pycountry database."""

from __future__ import annotations

from functools import cache
from typing import Final

# Ranks hints only (which of USD and USN to suggest for "US"); validity comes from pycountry alone.
_COMMON: Final = ("USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "INR", "SEK", "NZD")


@cache
def codes() -> frozenset[str]:
    """Every current ISO 4217 alphabetic code."""
    import pycountry  # deferred: loading the database costs ~40 ms, needed only on first use

    return frozenset(str(c.alpha_3) for c in pycountry.currencies)


def is_code(value: str) -> bool:
    """True when value is exactly a current ISO 4217 code (upper case, no spaces)."""
    return value in codes()


def suggest(value: str) -> str | None:
    """The code the user most likely meant, or None when nothing fits well."""
    cleaned = value.strip().upper()
    if cleaned in codes():
        return cleaned
    if len(cleaned) == 2:
        prefixed = sorted(c for c in codes() if c.startswith(cleaned))
        common = [c for c in _COMMON if c in prefixed]
        if common:
            return common[0]
        if len(prefixed) == 1:
            return prefixed[0]
    return None
