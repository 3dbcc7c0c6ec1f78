"""``signal-composer install-desktop``: the app's launcher and icon in the user's menu (Linux)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Final

from signal_composer.cli.common import EXIT_OK, Commands, fail
from signal_composer.signals.resources import APP_ID, desktop_entry_file, icon_file

GUI_COMMAND: Final = "signal-composer-gui"
# Characters that make an argument of a desktop entry's Exec key need quotes (the spec's list).
_RESERVED: Final = frozenset(" \t\n\"'\\><~|&;$*?#()`")


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (the spec)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def targets(home: Path) -> tuple[Path, Path]:
    """Where the launcher and the icon go under a data home."""
    launcher = home / "applications" / f"{APP_ID}.desktop"
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    return launcher, icon


def find_gui_command() -> Path | None:
    """The installed ``signal-composer-gui``: beside the command being run (the one the user
    installed, e.g. ~/.local/bin), beside this Python (its environment's bin), or on the PATH."""
    candidates = [Path(sys.argv[0]).absolute().parent, Path(sys.executable).absolute().parent]
    for folder in candidates:
        path = folder / GUI_COMMAND
        if path.is_file() and os.access(path, os.X_OK):
            return path
    found = shutil.which(GUI_COMMAND)
    return Path(found).absolute() if found else None


def _string(value: str) -> str:
    """A desktop entry string value: a backslash is written as two."""
    return value.replace("\\", "\\\\")


def exec_argument(path: Path) -> str:
    """One argument of the Exec key: quoted when it needs it, then escaped as a string value."""
    text = str(path).replace("%", "%%")  # a lone % would start a field code
    if any(c in _RESERVED for c in text):
        text = '"' + "".join("\\" + c if c in '"`$\\' else c for c in text) + '"'
    return _string(text)


def launcher_text(template: str, command: Path) -> str:
    """The bundled launcher with Exec and TryExec naming ``command`` by its absolute path."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_argument(command)}"
        elif line.startswith("TryExec="):
            line = f"TryExec={_string(str(command))}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _write(path: Path, data: bytes) -> None:
    """Writes a file atomically (readable by all, like any launcher), making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def install(home: Path, command: Path) -> tuple[Path, Path]:
    """Writes the launcher and the icon under ``home``; returns their paths."""
    launcher, icon = targets(home)
    template = desktop_entry_file().read_text(encoding="utf-8")
    _write(icon, icon_file().read_bytes())
    _write(launcher, launcher_text(template, command).encode())
    return launcher, icon


def uninstall(home: Path) -> list[Path]:
    """Removes the launcher and the icon under ``home``; returns those that were there."""
    removed = []
    for path in targets(home):
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def cmd_install_desktop(args: argparse.Namespace) -> int:
    if not sys.platform.startswith("linux"):
        return fail(
            f"install-desktop puts a freedesktop launcher into a Linux desktop's menu; this is "
            f"{sys.platform}. Start the app with {GUI_COMMAND}."
        )
    home = data_home()
    try:
        if args.uninstall:
            return _report_uninstall(home)
        command = find_gui_command()
        if command is None:
            return fail(
                f"cannot find the {GUI_COMMAND} command beside this one or on the PATH. "
                "Install the app first (uv tool install or pipx install, see the README), then "
                "run its signal-composer install-desktop."
            )
        if "\n" in str(command) or "\r" in str(command):
            return fail(f"{command!r}: a launcher cannot name a path with a line break")
        launcher, icon = install(home, command)
    except OSError as exc:
        return fail(
            f"cannot write into {home} (XDG_DATA_HOME, or ~/.local/share): "
            f"{exc.filename or home}: {exc.strerror or exc}"
        )
    print(f"launcher: {launcher}\nicon: {icon}")
    print(f"Signal Composer is in your applications menu; it runs {command}.")
    print("Remove it with: signal-composer install-desktop --uninstall")
    return EXIT_OK


def _report_uninstall(home: Path) -> int:
    removed = uninstall(home)
    for path in removed:
        print(f"removed: {path}")
    if not removed:
        print(f"nothing to remove: no launcher at {targets(home)[0]}")
    return EXIT_OK


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "install-desktop",
        help="add the app to your desktop's applications menu (Linux)",
        description="Puts the launcher (a .desktop file running this installation's "
        f"{GUI_COMMAND}) and the icon into your XDG data folder ($XDG_DATA_HOME, by default "
        "~/.local/share). Exit 0: done; 2: not Linux, no app to launch, or a folder that "
        "cannot be written.",
    )
    parser.add_argument(
        "--uninstall", action="store_true", help="remove the launcher and the icon instead"
    )
    parser.set_defaults(handler=cmd_install_desktop)
