"""Bad input from the command line: exact raw bytes, clear errors, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.processes import run_cli
from tests.servers import Reply, ScriptedServer

TOKEN = "Zq9TOKENvalueXY12345678abcdefgh"
ENV = {"SIGNAL_COMPOSER_TOKEN": TOKEN}


def run_bytes(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    """The command line with binary standard input."""
    return subprocess.run(
        [sys.executable, "-m", "signal_composer", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, **ENV},
    )


def test_raw_sends_non_utf8_bytes_exactly(home: Path) -> None:
    raw = b'[{"visitorId":"caf\xe9","x":"\xff\xfe"}]'
    path = home.parent / "latin1.json"
    path.write_bytes(raw)
    with ScriptedServer(Reply(400)) as server:
        run_cli("stores", "add", "t", "--store-id", "t", "--base-url", server.url)
        args = ("send", "--store", "t", "--type", "click", "--raw", "--allow-invalid", str(path))
        result = run_cli(*args, env=ENV)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert server.seen[0].body == raw
    assert "not UTF-8" in result.stderr  # said, then sent anyway as asked


def test_raw_keeps_a_bom_on_standard_input(home: Path) -> None:
    raw = b'\xef\xbb\xbf[{"query":"x"}]'
    with ScriptedServer(Reply(202)) as server:
        run_cli("stores", "add", "t", "--store-id", "t", "--base-url", server.url)
        args = ("send", "--store", "t", "--type", "query", "--raw", "--allow-invalid", "-")
        result = run_bytes(*args, stdin=raw)
    assert result.returncode == 0, result.stderr
    assert server.seen[0].body == raw


def test_non_utf8_without_allow_invalid_is_a_clear_usage_error(home: Path) -> None:
    path = home.parent / "latin1.json"
    path.write_bytes(b'[{"query":"caf\xe9"}]')
    result = run_cli("send", "--store", "local-mock", "--type", "query", "--raw", str(path))
    assert result.returncode == 2
    assert "not UTF-8 text (bad byte at offset 14)" in result.stderr
    assert "Traceback" not in result.stderr
