"""The version, in one home: the installed package's metadata (pyproject.toml's, when installed)."""

from __future__ import annotations

from functools import cache
from typing import Final

DISTRIBUTION: Final = "signal-composer"
UNKNOWN: Final = "0+unknown"  # run from a source tree that was never installed (no metadata)


@cache
def version() -> str:
    """The installed version, e.g. ``0.1.0``; importlib.metadata is imported only when asked
    (about 35 ms), so nothing on the path to the first frame or to ``validate`` pays for it."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version(DISTRIBUTION)
    except PackageNotFoundError:
        return UNKNOWN


def user_agent() -> str:
    """What requests to a store say they come from."""
    return f"{DISTRIBUTION}/{version()}"
