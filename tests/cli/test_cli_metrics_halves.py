"""``metrics`` on a large file reads its two halves in two processes at once: the same metrics
as reading it whole, the right line named when one is bad, and the whole answer when the
second process fails."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from signal_composer.signals.jsonl import halves, open_window
from signal_composer.signals.metrics import metrics_of_lines, to_json

from tests.processes import run_cli

NOW = "2026-11-30T12:00:00Z"

# Runs metrics' file reading in a fresh process (no threads: it forks), the split forced for a
# small file, and prints the metrics (or the error) and how many copies were started.
SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    import signal_composer.cli.metrics as m
    from signal_composer.signals.jsonl import LineError
    from signal_composer.signals.metrics import to_json

    m.MIN_BYTES = 0
    m.spare_core = lambda: True
    copies = []
    start_copy = m.Forked
    m.Forked = lambda work: copies.append(1) or start_copy(work)
    if sys.argv[2] == "copy-fails":
        parent = os.getpid()
        read_window = m._tally_of_window
        def failing(*args):
            if os.getpid() != parent:
                raise MemoryError("the copy fails")
            return read_window(*args)
        m._tally_of_window = failing
    try:
        out = {"metrics": json.loads(to_json(m._of_file(sys.argv[1])))}
    except LineError as exc:
        out = {"error": str(exc)}
    print(json.dumps({**out, "copies": len(copies)}))
    """
)


def read_in_halves(path: Path, mode: str = "") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path), mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    assert result["copies"] == 1  # the file was read in two processes
    return result


@pytest.fixture(scope="module")
def journeys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("halves") / "journeys.jsonl"
    made = run_cli(
        "simulate", "--shoppers", "300", "--days", "2", "--seed", "4", "--now", NOW,
        "--out", str(path),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return path


def whole(path: Path) -> dict[str, Any]:
    with path.open("rb") as lines:
        result: dict[str, Any] = json.loads(to_json(metrics_of_lines(lines)))
    return result


def test_the_halves_add_up_to_the_whole_file(journeys: Path) -> None:
    expected = whole(journeys)
    assert expected["visitors"] > 100
    assert expected["purchases"] > 0
    assert read_in_halves(journeys)["metrics"] == expected
    # And as the command prints it (split or not, as this machine allows).
    printed = run_cli("metrics", str(journeys), "--json")
    assert json.loads(printed.stdout) == expected


def test_a_bad_line_in_the_second_half_is_named_by_its_line_in_the_file(
    journeys: Path, tmp_path: Path
) -> None:
    lines = journeys.read_bytes().splitlines(keepends=True)
    bad = len(lines) * 3 // 4
    lines[bad] = b'{"type":"click","signal":\n'
    path = tmp_path / "broken.jsonl"
    path.write_bytes(b"".join(lines))
    split = halves(str(path))
    assert split is not None
    assert split[0] < sum(map(len, lines[:bad]))
    assert read_in_halves(path)["error"].startswith(f"line {bad + 1}: not valid JSON")
    lines[10] = b'{"type":"view","signal":{}}\n'  # a bad line in the first half comes first
    path.write_bytes(b"".join(lines))
    assert read_in_halves(path)["error"].startswith("line 11: type must be one of")


def test_when_the_second_process_fails_this_one_reads_its_half(journeys: Path) -> None:
    assert read_in_halves(journeys, "copy-fails")["metrics"] == whole(journeys)


def test_the_halves_meet_at_a_line_start_and_cover_every_line(tmp_path: Path) -> None:
    path = tmp_path / "lines.jsonl"
    lines = [f'{{"n": {n}, "pad": "{"x" * (n % 7)}"}}\n'.encode() for n in range(1001)]
    path.write_bytes(b"".join(lines))
    split = halves(str(path))
    assert split is not None
    middle, size = split
    assert size == path.stat().st_size
    with open_window(str(path), 0, middle) as first, open_window(str(path), middle, size) as rest:
        head, tail = list(first), list(rest)
    assert head + tail == lines
    assert 400 < len(head) < 600
    one = tmp_path / "one.jsonl"
    one.write_bytes(b'{"a": 1}\n')
    assert halves(str(one)) is None  # one line: nothing to split
    assert halves("-") is None
    assert halves(str(tmp_path / "missing.jsonl")) is None  # read whole, which names the problem
