"""Files written where the user said (``simulate --out``, ``history export --output``).

The path is checked before any work, in the user's own words: a folder, a folder that does not
exist, a file where a folder should be. A write that fails names the user's path, never the
temporary file beside it. A path that is not a regular file (a named pipe, /dev/null, a
terminal) is written to as it is: replacing it with a file would break what it is.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from signal_composer.cli.common import UsageError


def output_path(out: str, example: str) -> Path:
    """The path to write, after checking it can be a file; UsageError saying what to do."""
    target = Path(out)
    if target.is_dir() or out.endswith(("/", os.sep)):
        what = "a folder" if target.is_dir() else "a folder's name (it ends with a slash)"
        raise UsageError(f"{out} is {what}: give a file name, such as {target / example}")
    parent = target.parent
    if not parent.exists():
        raise UsageError(
            f"{parent} does not exist: create it first, or give a file in a folder that exists"
        )
    if not parent.is_dir():
        raise UsageError(f"{parent} is a file, not a folder: give a file in a folder")
    return target


def is_special(path: Path) -> bool:
    """Whether the path is there and is not a regular file (a pipe, a device): written to in
    place, never replaced."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def write_failed(out: str, exc: OSError) -> UsageError:
    """The error for a write to the user's path that failed, and what to do."""
    folder = Path(out).parent
    if isinstance(exc, PermissionError):
        reason = f"no permission to write in {folder}: give a file in a folder you can write to"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "the disk is full: free some space or give a file on another disk"
    elif exc.errno == errno.EROFS:
        reason = "the disk is read-only: give a file on another disk"
    elif exc.errno == errno.ENAMETOOLONG:
        reason = "the name is too long: give a shorter one"
    else:
        reason = f"cannot be written ({exc.strerror or exc})"
    return UsageError(f"{out}: {reason}")
