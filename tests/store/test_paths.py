"""Where files go without SIGNAL_COMPOSER_HOME: the platform's folders, as platformdirs says."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from signal_composer.store.paths import APP_NAME, config_dir, data_dir

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the XDG rule applies on Linux"
)


@pytest.mark.parametrize("xdg", [True, False], ids=["xdg-set", "xdg-unset"])
def test_folders_follow_xdg_like_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: bool
) -> None:
    monkeypatch.delenv("SIGNAL_COMPOSER_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    for variable, folder in (("XDG_CONFIG_HOME", "conf"), ("XDG_DATA_HOME", "share")):
        if xdg:
            monkeypatch.setenv(variable, str(tmp_path / folder))
        else:
            monkeypatch.setenv(variable, "  ")  # blank counts as unset
    expected_config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    expected_data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    assert config_dir() == expected_config
    assert data_dir() == expected_data
    assert expected_config.is_dir()
    assert expected_data.is_dir()
    assert (expected_config.stat().st_mode & 0o777) == 0o700
    if not xdg:
        assert expected_data == tmp_path / "user" / ".local" / "share" / APP_NAME


def test_a_file_that_goes_while_the_folder_is_tightened_is_no_error(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signal_composer.store import paths

    folder = paths.config_dir()
    lock = folder / "window.ini.lock"  # a settings lock file, gone a moment later
    lock.write_text("")
    listed = os.scandir

    def listing_then_gone(path: Any) -> Any:
        with listed(path) as found:
            entries = list(found)
        lock.unlink(missing_ok=True)
        return contextlib.nullcontext(entries)

    monkeypatch.setattr(os, "scandir", listing_then_gone)
    assert paths.config_dir() == folder
