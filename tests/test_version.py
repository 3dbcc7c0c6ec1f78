"""The version has one home, pyproject.toml, read back from the installed package's metadata."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import signal_composer
from signal_composer.store.sender import make_client

from tests.processes import run_cli
from tests.servers import Reply, ScriptedServer

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
VERSION = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]


def test_version_flag_prints_the_projects_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"signal-composer {VERSION}\n"


def test_the_package_says_its_version() -> None:
    assert signal_composer.__version__ == VERSION


def test_requests_name_the_version_in_their_user_agent() -> None:
    with ScriptedServer(Reply(202)) as server, make_client() as client:
        client.post(f"{server.url}/retail/signals/click", content=b"[]")
    assert server.seen[0].headers["User-Agent"] == f"signal-composer/{VERSION}"


def test_har_exports_name_the_version_that_made_them() -> None:
    result = run_cli("history", "export", "--format", "har")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["log"]["creator"] == {
        "name": "Signal Composer",
        "version": VERSION,
    }


def test_the_about_box_names_the_version() -> None:
    from signal_composer.qt.menus import about_text

    assert about_text().startswith(f"Signal Composer {VERSION}: ")


def test_unknown_attributes_are_still_an_attribute_error() -> None:
    assert not hasattr(signal_composer, "__versoin__")
