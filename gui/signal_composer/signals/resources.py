"""Where the bundled resources are: samples, the demo catalog, profiles, suites, icons."""

from __future__ import annotations

from pathlib import Path


def resources_dir() -> Path:
    """The resources folder: at the checkout's top level, or inside the package when installed."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_resources", package.parent.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return package.parent.parent / "resources"
