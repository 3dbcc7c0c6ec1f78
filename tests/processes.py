"""The command line as a user runs it: a real process of ``python -m gui``."""

from __future__ import annotations

import os
import subprocess
import sys


def run_cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs ``signal-composer ARGS`` and returns its exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "signal_composer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, **(env or {})},
    )


def system_tool(name: str) -> str:
    """The path of a system program a test needs (e.g. desktop-file-validate). Skipped, loudly,
    when it is missing; a failure under CI, whose set-up (.ci/run) installs it."""
    import shutil

    import pytest

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian: see the apt-get line in .ci/run)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
