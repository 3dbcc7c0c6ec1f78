"""Small things a user reads: a closed pipe, a missing file, the mock store's help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from signal_composer.signals.drafts import new_signal
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind, outcome
from signal_composer.store.sender import Attempt, SendResult, SignalRequest

from tests.processes import run_cli


def head(*args: str) -> tuple[int, str]:
    """Runs a command into a reader that stops after the first bytes, as ``| head -3`` does."""
    process = subprocess.Popen(
        [sys.executable, "-m", "signal_composer", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.read(200)
    process.stdout.close()
    with process.stderr:
        errors = process.stderr.read().decode()
    return process.wait(timeout=60), errors


def big_entry() -> None:
    history = History()
    body = json.dumps([new_signal("click") for _ in range(800)]).encode()
    request = SignalRequest("local-mock", "click", "http://127.0.0.1:1/x", body, 800)
    entry = history.begin(request, store_id="local-mock", production=False, source="test")
    result = SendResult(
        outcome(Kind.ACCEPTED, "202"), 202, [], "", 5.0, [Attempt(1, 202, Kind.ACCEPTED, "", 5.0)]
    )
    history.complete(entry, result)
    history.close()


@pytest.mark.parametrize(
    "command",
    [("history", "show", "1"), ("history", "export"), ("validate", "--type", "query", "--json")],
)
def test_a_closed_pipe_ends_quietly(home: Path, tmp_path: Path, command: tuple[str, ...]) -> None:
    big_entry()
    args = list(command)
    if command[0] == "validate":
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps([new_signal("click")] * 800), encoding="utf-8")
        args.append(str(bad))
    status, errors = head(*args)
    assert errors == ""
    assert status in (0, 1)


def test_a_missing_file_is_named_once(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.sh")
    result = run_cli("diagnose", missing)
    assert result.returncode == 2
    assert result.stderr == f"signal-composer: {missing}: no such file; check the path\n"


def test_every_mock_store_option_is_explained() -> None:
    text = run_cli("mock-store", "--help", env={"COLUMNS": "200"}).stdout
    assert "the address to listen on (default: 127.0.0.1" in text
    assert "the port to listen on (default: 8787; 0 picks a free one)" in text
    assert "--latency SECONDS" in text
    assert "wait this long before each answer" in text
    assert "--fail-rate SHARE" in text
    assert "answered 503 at random, 0 to 1" in text
