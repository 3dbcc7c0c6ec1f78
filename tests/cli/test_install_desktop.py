"""``signal-composer install-desktop``: the launcher and icon in the user's XDG folders, and out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from signal_composer.cli import install_desktop
from signal_composer.cli.main import main
from signal_composer.signals.resources import APP_ID, desktop_entry_file, icon_file

from tests.processes import run_cli, system_tool

LAUNCHER = Path("applications") / f"{APP_ID}.desktop"
ICON = Path("icons/hicolor/scalable/apps") / f"{APP_ID}.svg"


def keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


def validate(path: Path) -> None:
    result = subprocess.run(
        [system_tool("desktop-file-validate"), str(path)], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_install_puts_launcher_and_icon_into_the_xdg_data_folder(tmp_path: Path) -> None:
    result = run_cli("install-desktop", env={"XDG_DATA_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    gui = Path(sys.executable).parent / "signal-composer-gui"  # this checkout's installed command
    assert f"it runs {gui}" in result.stdout
    launcher = tmp_path / LAUNCHER
    assert str(launcher) in result.stdout
    assert keys(launcher)["Exec"] == keys(launcher)["TryExec"] == str(gui)
    assert keys(launcher)["Icon"] == APP_ID
    assert keys(launcher)["Name"] == "Signal Composer"
    assert (tmp_path / ICON).read_bytes() == icon_file().read_bytes()
    validate(launcher)


def test_install_again_replaces_and_uninstall_removes_both(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path)}
    (tmp_path / LAUNCHER).parent.mkdir(parents=True)
    (tmp_path / LAUNCHER).write_text("[Desktop Entry]\nExec=/old/signal-composer-gui\n")
    assert run_cli("install-desktop", env=env).returncode == 0
    assert "/old/" not in (tmp_path / LAUNCHER).read_text()

    result = run_cli("install-desktop", "--uninstall", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"removed: {tmp_path / LAUNCHER}",
        f"removed: {tmp_path / ICON}",
    ]
    assert not (tmp_path / LAUNCHER).exists()
    assert not (tmp_path / ICON).exists()

    again = run_cli("install-desktop", "--uninstall", env=env)
    assert again.returncode == 0
    assert again.stdout == f"nothing to remove: no launcher at {tmp_path / LAUNCHER}\n"


def test_a_path_with_spaces_and_specials_is_quoted_as_the_spec_says(tmp_path: Path) -> None:
    command = Path("/opt/my apps/$HOME/100%/back\\slash/signal-composer-gui")
    template = desktop_entry_file().read_text(encoding="utf-8")
    launcher = tmp_path / f"{APP_ID}.desktop"
    launcher.write_text(install_desktop.launcher_text(template, command), encoding="utf-8")
    # Exec: %% for %, quotes around the argument, \$ and \\ inside them, then every backslash
    # doubled again as a string value; TryExec is a plain string.
    assert (
        keys(launcher)["Exec"]
        == '"/opt/my apps/\\\\$HOME/100%%/back\\\\\\\\slash/signal-composer-gui"'
    )
    assert keys(launcher)["TryExec"] == "/opt/my apps/$HOME/100%/back\\\\slash/signal-composer-gui"
    validate(launcher)


def test_a_relative_xdg_data_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")
    assert install_desktop.data_home() == tmp_path / ".local" / "share"


def test_other_systems_get_a_clear_message_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "darwin")
    assert main(["install-desktop"]) == 2
    err = capsys.readouterr().err
    assert "Linux desktop" in err
    assert "this is darwin" in err
    assert "signal-composer-gui" in err
    assert not (tmp_path / "applications").exists()


def test_no_window_command_to_launch_is_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(sys, "argv", [str(tmp_path / "signal-composer")])
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    assert main(["install-desktop"]) == 2
    err = capsys.readouterr().err
    assert "cannot find the signal-composer-gui command" in err
    assert "Install the app first" in err
    assert not (tmp_path / "share").exists()


def test_an_unwritable_data_folder_is_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "share"
    blocker.write_text("a file where the folder should be")
    result = run_cli("install-desktop", env={"XDG_DATA_HOME": str(blocker)})
    assert result.returncode == 2
    assert result.stderr.startswith("signal-composer: ")
    assert str(blocker) in result.stderr
    assert "Traceback" not in result.stderr
