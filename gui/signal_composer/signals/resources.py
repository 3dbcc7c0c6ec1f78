"""Where the bundled resources are: samples, the demo catalog, profiles, suites, icons."""

from __future__ import annotations

from pathlib import Path
from typing import Final

APP_ID: Final = "internal.signal_composer.SignalComposer"
"""The desktop id: names the launcher, the AppStream metainfo and the icon. Reverse DNS under
``internal``, the top-level domain reserved for private use: the project owns no domain, and an
id under someone else's (a vendor's, a code host's) would claim a name that is not ours."""


def resources_dir() -> Path:
    """The resources folder: at the checkout's top level, or inside the package when installed."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_resources", package.parent.parent / "resources"):
        if candidate.is_dir():
            return candidate
    return package.parent.parent / "resources"


def icon_file() -> Path:
    """The app's icon (scalable)."""
    return resources_dir() / "icons" / "signal-composer.svg"


def desktop_entry_file() -> Path:
    """The freedesktop launcher, running ``signal-composer-gui`` from the PATH."""
    return resources_dir() / "desktop" / f"{APP_ID}.desktop"


def metainfo_file() -> Path:
    """The AppStream metainfo, for software centres and distribution packages."""
    return resources_dir() / "desktop" / f"{APP_ID}.metainfo.xml"
