"""The bundled desktop files: a valid launcher, valid AppStream metainfo, the icon, one id."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

from signal_composer.signals.resources import (
    APP_ID,
    desktop_entry_file,
    icon_file,
    metainfo_file,
    resources_dir,
)
from signal_composer.version import version

from tests.processes import system_tool


def entry(key: str) -> str:
    lines = desktop_entry_file().read_text(encoding="utf-8").splitlines()
    return next(line.split("=", 1)[1] for line in lines if line.startswith(f"{key}="))


def test_the_launcher_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [system_tool("desktop-file-validate"), str(desktop_entry_file())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_metainfo_passes_appstreamcli_validate() -> None:
    result = subprocess.run(
        [system_tool("appstreamcli"), "validate", "--no-net", str(metainfo_file())],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation was successful" in result.stdout
    assert "W: " not in result.stdout, result.stdout  # no warnings either, only notes


def test_launcher_metainfo_and_icon_share_the_app_id() -> None:
    assert desktop_entry_file().name == f"{APP_ID}.desktop"
    root = ET.parse(metainfo_file()).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("icon") == APP_ID == entry("Icon")
    assert icon_file().read_bytes().startswith(b"<svg")


def test_the_launcher_runs_the_window_command() -> None:
    assert entry("Exec") == entry("TryExec") == "signal-composer-gui"


def test_the_newest_release_is_this_version() -> None:
    releases = ET.parse(metainfo_file()).getroot().findall("releases/release")
    assert releases[0].get("version") == version()


def test_everything_lives_in_the_resources_folder() -> None:
    for path in (desktop_entry_file(), metainfo_file(), icon_file()):
        assert path.is_file()
        assert path.parent.parent == resources_dir()
