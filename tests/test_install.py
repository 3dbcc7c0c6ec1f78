"""The app as a user installs it: a wheel built from a clean copy of the checkout, installed with
``uv tool install`` into an empty tool folder and with pip into a plain venv (what pipx does),
then its commands run from there.

No network: the build and both installs run ``--offline`` from uv's cache, which the
``uv sync`` of ``scripts/bootstrap`` filled (hatchling for the editable build, the locked
wheels). An offline *resolution* of the wheel's dependencies is not possible from that cache (a
sync from the lock never fetches the index pages a resolver reads), so each install puts in the
wheel alone (``uv tool install --excludes`` of the wheel's own requirements; ``pip install
--no-deps``), adds the locked dependencies (``uv pip install -r pylock.toml``, exported from
uv.lock) and then checks, with ``uv pip check``, that every requirement the wheel declares is
met: a dependency the wheel declares and the lock lacks fails here.
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from signal_composer.signals.resources import APP_ID
from signal_composer.version import version

from tests.processes import system_tool

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("signal-composer", "signal-composer-gui")
NAME = re.compile(r"[A-Za-z0-9._-]+")  # a requirement's project name
WHERE_RESOURCES = (
    "from signal_composer.signals.resources import resources_dir; print(resources_dir())"
)


def uv() -> str:
    """The checkout's pinned uv (scripts/bootstrap installs it), or one on the PATH."""
    pinned = ROOT / ".tools" / "bin" / "uv"
    found = str(pinned) if pinned.is_file() else shutil.which("uv")
    if found is None:
        pytest.fail("no uv: run scripts/bootstrap, which installs the pinned one into .tools/")
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without the checkout's virtualenv, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    return {**env, **extra}


def run(*args: str | Path, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> str:
    """Runs a set-up step; its output in the failure when it fails."""
    result = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=dict(env) if env is not None else clean_env(),
        cwd=cwd,
    )
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


@dataclass(frozen=True)
class Build:
    wheel: Path
    source: Path
    pylock: Path  # the locked runtime dependencies, in the standard lock format

    def requirements(self) -> list[str]:
        """The names of the wheel's declared dependencies."""
        with zipfile.ZipFile(self.wheel) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            metadata = email.parser.Parser().parsestr(archive.read(name).decode())
        return [NAME.match(r).group(0) for r in metadata.get_all("Requires-Dist") or []]  # type: ignore[union-attr]


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The wheel, built as from a clean clone: only the files git knows (tracked, or new and not
    ignored), so nothing of this checkout's .venv, caches or build output can leak in."""
    base = tmp_path_factory.mktemp("build")
    source = base / "source"
    listed = run("git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        path = ROOT / name
        if path.is_file():  # a file deleted but not yet committed is listed too
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, source / name)
    # uv build: the source archive first, then the wheel from it (as a packager would).
    run(uv(), "build", "--offline", "--quiet", "--out-dir", base / "dist", cwd=source)
    pylock = base / "pylock.toml"
    run(uv(), "export", "--frozen", "--quiet", "--no-dev", "--no-emit-project",
        "--format", "pylock.toml", "--output-file", pylock, cwd=source)  # fmt: skip
    (wheel,) = (base / "dist").glob("*.whl")
    return Build(wheel, source, pylock)


@pytest.fixture(scope="session")
def tool_bin(build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``uv tool install`` of the wheel into an empty tool folder; returns the folder of the
    commands it links (what would be ~/.local/bin)."""
    base = tmp_path_factory.mktemp("uv-tool")
    env = clean_env(UV_TOOL_DIR=str(base / "tools"), UV_TOOL_BIN_DIR=str(base / "bin"))
    excludes = base / "excludes.txt"
    excludes.write_text("\n".join(build.requirements()) + "\n")
    run(uv(), "tool", "install", "--offline", "--quiet", "--python", sys.executable,
        "--excludes", excludes, build.wheel, env=env)  # fmt: skip
    python = base / "tools" / "signal-composer" / "bin" / "python"
    run(uv(), "pip", "install", "--offline", "--quiet", "--python", python, "-r", build.pylock)
    run(uv(), "pip", "check", "--quiet", "--python", python)
    return base / "bin"


@pytest.fixture(scope="session")
def pip_venv(build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``pipx install`` does: a plain venv, the wheel installed into it by pip."""
    venv = tmp_path_factory.mktemp("pipx") / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    pip = (sys.executable, "-m", "pip", "--python", python)
    run(*pip, "install", "--quiet", "--no-index", "--no-deps", build.wheel)
    run(uv(), "pip", "install", "--offline", "--quiet", "--python", python, "-r", build.pylock)
    run(uv(), "pip", "check", "--quiet", "--python", python)  # pip check: the same, 2 s slower
    return venv


def app(command: Path, *args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs an installed command as a user would: from elsewhere, in a home of its own."""
    return subprocess.run(
        [str(command), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=home,
        env=clean_env(SIGNAL_COMPOSER_HOME=str(home), QT_QPA_PLATFORM="offscreen", **env),
    )


def check_commands(bin_dir: Path, python: Path, tmp_path: Path) -> Path:
    """The installed command line answers, and reads the samples bundled inside the package;
    returns the installed resources folder."""
    resources = Path(run(python, "-c", WHERE_RESOURCES).strip())
    assert resources.is_relative_to(python.parent.parent), resources  # not the checkout's
    assert resources.name == "_resources"

    result = app(bin_dir / "signal-composer", "--version", home=tmp_path)
    assert result.stdout == f"signal-composer {version()}\n", result.stderr

    valid = app(bin_dir / "signal-composer", "validate", "--type", "click",
                str(resources / "samples" / "click.json"), home=tmp_path)  # fmt: skip
    assert (valid.returncode, valid.stdout) == (0, "1 signal: valid\n"), valid.stderr
    return resources


def test_the_wheel_holds_one_package_its_resources_and_both_commands(build: Build) -> None:
    with zipfile.ZipFile(build.wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    dist_info = f"signal_composer-{version()}.dist-info"
    assert {n.split("/")[0] for n in names} == {"signal_composer", dist_info}  # no `gui`
    resources = sorted(
        p.relative_to(build.source / "resources").as_posix()
        for p in (build.source / "resources").rglob("*")
        if p.is_file()
    )
    assert f"desktop/{APP_ID}.desktop" in resources
    missing = [r for r in resources if f"signal_composer/_resources/{r}" not in names]
    assert missing == []
    assert "signal_composer/signals/fieldspec_table.py" in names
    assert "signal-composer = signal_composer.entry:main" in scripts
    assert "signal-composer-gui = signal_composer.entry:main_gui" in scripts


def test_uv_tool_install_gives_both_commands(tool_bin: Path, tmp_path: Path) -> None:
    assert sorted(p.name for p in tool_bin.iterdir()) == sorted(COMMANDS)
    python = tool_bin.resolve().parent / "tools" / "signal-composer" / "bin" / "python"
    resources = check_commands(tool_bin, python, tmp_path)
    traps = app(tool_bin / "signal-composer", "validate", "--type", "click",
                str(resources / "samples" / "click-docs-traps.json"), home=tmp_path)  # fmt: skip
    assert traps.returncode == 1, traps.stderr
    assert "currencyCode" in traps.stdout


def test_uv_tool_install_opens_the_window(tool_bin: Path, tmp_path: Path) -> None:
    # "ready": the window is shown, then the workspace (history, the local mock store, the
    # validation core) is open and the draft validated; then it quits.
    result = app(tool_bin / "signal-composer-gui", home=tmp_path,
                 SIGNAL_COMPOSER_STARTUP_PROBE="ready")  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "shown\nready\n"), result.stderr


def test_pip_venv_install_gives_both_commands(pip_venv: Path, tmp_path: Path) -> None:
    bin_dir = pip_venv / "bin"
    assert all((bin_dir / c).is_file() for c in COMMANDS)
    check_commands(bin_dir, bin_dir / "python", tmp_path)
    window = app(bin_dir / "signal-composer-gui", home=tmp_path,
                 SIGNAL_COMPOSER_STARTUP_PROBE="shown")  # fmt: skip
    assert (window.returncode, window.stdout) == (0, "shown\n"), window.stderr


def test_the_installed_app_puts_a_working_launcher_in_the_menu(
    tool_bin: Path, tmp_path: Path
) -> None:
    data = tmp_path / "share"
    result = app(tool_bin / "signal-composer", "install-desktop", home=tmp_path,
                 XDG_DATA_HOME=str(data))  # fmt: skip
    assert result.returncode == 0, result.stderr
    launcher = data / "applications" / f"{APP_ID}.desktop"
    lines = launcher.read_text(encoding="utf-8").splitlines()
    command = next(line.removeprefix("Exec=") for line in lines if line.startswith("Exec="))
    assert command == str(tool_bin / "signal-composer-gui")  # the one on the user's PATH
    check = subprocess.run([system_tool("desktop-file-validate"), str(launcher)], check=False)
    assert check.returncode == 0
    window = app(Path(command), home=tmp_path, SIGNAL_COMPOSER_STARTUP_PROBE="shown")
    assert (window.returncode, window.stdout) == (0, "shown\n"), window.stderr
