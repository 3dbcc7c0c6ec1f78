"""The entry point: with a command, the terminal; without one, the window, or a clear message."""

from __future__ import annotations

import os
import subprocess
import sys


def test_no_display_is_a_clear_message_not_an_abort() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-m", "signal_composer"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2
    assert "no display" in result.stderr
    assert "signal-composer --help" in result.stderr
