"""Where config and data live: the user's platform folders, or SIGNAL_COMPOSER_HOME when set."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path
from typing import Final

HOME_VARIABLE: Final = "SIGNAL_COMPOSER_HOME"
APP_NAME: Final = "signal-composer"


_XDG: Final = {"config": ("XDG_CONFIG_HOME", ".config"), "data": ("XDG_DATA_HOME", ".local/share")}


def _user_dir(kind: str) -> Path:
    """The platform's folder of that kind for the app.

    On Linux and the BSDs the XDG rule is applied here: platformdirs takes 7 ms of start-up to
    import, for two environment variables. Other systems ask platformdirs.
    """
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        variable, default = _XDG[kind]
        base = os.environ.get(variable, "").strip()
        return (Path(base) if base else Path.home() / default) / APP_NAME
    import platformdirs

    if kind == "config":
        return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _private_dir(path: Path) -> Path:
    """Makes the folder (user-only); a folder or file left readable by others is tightened."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    _tighten(path, 0o700)
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_file(follow_symlinks=False):
                _tighten(Path(entry.path), 0o600)
    return path


def _tighten(path: Path, mode: int) -> None:
    """Removes group and other permissions (e.g. 0777 -> 0700) from the user's own folder/file."""
    if not hasattr(os, "getuid"):  # Windows: access is by ACL, not these bits
        return
    try:
        info = path.stat()
        if info.st_mode & 0o077 and info.st_uid == os.getuid():
            os.chmod(path, stat.S_IMODE(info.st_mode) & mode)
    except FileNotFoundError:
        pass  # gone since the folder was listed (a settings lock file): nothing to tighten


def config_dir() -> Path:
    """The folder of the config file (stores, settings); created on first use, user-only."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return _private_dir(Path(home) / "config")
    return _private_dir(_user_dir("config"))


def data_dir() -> Path:
    """The folder of the history database, drafts and templates; created on first use."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return _private_dir(Path(home) / "data")
    return _private_dir(_user_dir("data"))


def read_config_json() -> dict[str, object]:
    """The config file as plain JSON (no validation), for the first frame; {} when unreadable."""
    import json

    try:
        data = json.loads((config_dir() / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}  # the worker opening the workspace reads it again and names what is wrong
    return data if isinstance(data, dict) else {}


_WRITERS: Final = threading.Lock()
_PATH_LOCKS: dict[Path, threading.Lock] = {}


def _writer_lock(path: Path) -> threading.Lock:
    """One writer per file in this process: the last write wins whole, never interleaved."""
    key = path.absolute()
    with _WRITERS:
        return _PATH_LOCKS.setdefault(key, threading.Lock())


def write_private(path: Path, data: bytes) -> None:
    """Writes a file readable by the user only, atomically: a crash leaves the old or the new.

    Each write has a temp file of its own (two threads writing one file used to share one
    name), flushed to disk before it replaces the file, and the folder is synced after.
    """
    import tempfile

    with _writer_lock(path):
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Makes the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
