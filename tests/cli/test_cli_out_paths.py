"""Where a command writes a file the user named (simulate --out, history export --output): a
path that cannot be one says so with the user's own path and what to do, never the name of
the temporary file beside it; a pipe or a device is written to, not replaced."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from tests.disks import fill, tiny_disk
from tests.processes import run_cli

__all__ = ["tiny_disk"]  # a fixture
SIM = ("simulate", "--shoppers", "3", "--seed", "2", "--now", "2026-11-30T12:00:00Z")


def only_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert ".part" not in stderr
    assert ".tmp" not in stderr
    return lines[0]


@pytest.mark.parametrize(
    "command",
    [
        pytest.param((*SIM, "--out"), id="simulate"),
        pytest.param(("history", "export", "-o"), id="export"),
    ],
)
def test_a_folder_a_missing_folder_or_a_file_as_folder_is_said(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    example = "journeys.jsonl" if command[0] == "simulate" else "history.json"
    folder = tmp_path / "out"
    folder.mkdir()
    result = run_cli(*command, str(folder))
    assert result.returncode == 2
    assert only_line(result.stderr) == (
        f"signal-composer: {folder} is a folder: give a file name, such as {folder / example}"
    )
    assert list(folder.iterdir()) == []

    missing = tmp_path / "no" / "such"
    result = run_cli(*command, str(missing / "x.out"))
    assert result.returncode == 2
    assert only_line(result.stderr) == (
        f"signal-composer: {missing} does not exist: create it first, or give a file in a "
        "folder that exists"
    )

    plain = tmp_path / "plain.txt"
    plain.write_text("a file")
    result = run_cli(*command, str(plain / "x.out"))
    assert result.returncode == 2
    assert only_line(result.stderr) == (
        f"signal-composer: {plain} is a file, not a folder: give a file in a folder"
    )


def test_simulate_writes_into_a_named_pipe_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    pipe = tmp_path / "signals.fifo"
    os.mkfifo(pipe)
    received: list[bytes] = []

    def read() -> None:
        with pipe.open("rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = run_cli(*SIM, "--out", str(pipe))
    if reader.is_alive():  # nothing opened the pipe: open it to let the reader go
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(10)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert received
    assert received[0].count(b"\n") > 5
    assert received[0] == run_cli(*SIM, "--out", "-").stdout.encode()


def test_a_full_disk_names_the_file_and_leaves_nothing(tiny_disk: Path) -> None:
    filler = fill(tiny_disk)
    try:
        out = tiny_disk / "journeys.jsonl"
        result = run_cli(*SIM, "--out", str(out))
        assert result.returncode == 2
        assert only_line(result.stderr).startswith(
            f"signal-composer: {out}: the disk is full: free some space or give a file on "
            "another disk"
        )
        assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]
    finally:
        filler.unlink()
