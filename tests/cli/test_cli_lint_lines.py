"""lint and metrics name a bad line as a person counts lines: from 1, the column within it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.processes import run_cli


def journeys(tmp: Path) -> list[str]:
    """The lines of a small generated file (a dozen signals or more)."""
    out = tmp / "journeys.jsonl"
    args = ("--shoppers", "8", "--seed", "1", "--now", "2026-11-30T12:00:00Z", "--out", str(out))
    made = run_cli("simulate", *args)
    assert made.returncode == 0, made.stderr
    lines = out.read_text().splitlines()
    assert len(lines) >= 12
    return lines


def test_a_cut_line_is_named_by_its_line_and_column_in_lint_and_metrics(tmp_path: Path) -> None:
    lines = journeys(tmp_path)
    lines[9] = lines[9][:50]  # the 10th line, cut short inside its signal
    path = tmp_path / "cut.jsonl"
    path.write_text("\n".join(lines) + "\n")

    lint = run_cli("lint", str(path))
    assert lint.returncode == 1
    first = lint.stdout.splitlines()[0]
    assert first.startswith("line 10: not valid JSON at column 51 (the end of the line): ")
    assert first.endswith("[error: bad_line]")
    assert "line 2" not in lint.stdout
    assert "[9]" not in lint.stdout

    metrics = run_cli("metrics", str(path))
    assert metrics.returncode == 2
    assert f"{path}, line 10: not valid JSON at column 51 (the end of the line)" in metrics.stderr
    assert "line 2" not in metrics.stderr

    # The JSON form keeps the 0-based index a program reads.
    as_json = json.loads(run_cli("lint", "--json", str(path)).stdout)
    assert as_json[0]["index"] == 9
    assert as_json[0]["code"] == "bad_line"


def test_a_broken_relation_names_its_line_from_1_and_a_json_path_as_one(tmp_path: Path) -> None:
    lines = journeys(tmp_path)
    index = next(i for i, line in enumerate(lines) if '"type":"click"' in line)
    record = json.loads(lines[index])
    record["signal"]["productDetails"][0]["product"]["productId"] = "NOT-SHOWN"
    lines[index] = json.dumps(record)
    path = tmp_path / "planted.jsonl"
    path.write_text("\n".join(lines) + "\n")
    lint = run_cli("lint", str(path))
    assert lint.returncode == 1
    assert lint.stdout.splitlines() == [
        f"line {index + 1}, JSON path productDetails[0].product.productId: 'NOT-SHOWN' is not "
        f"among the {lint.stdout.split('among the ')[1].split()[0]} results of the search it "
        "carries [error: click_not_in_results]",
        f"1 error, 0 warnings in {len(lines)} lines",
    ]


def test_a_line_that_is_not_utf8_or_nested_too_deeply_is_a_problem_not_a_crash(
    tmp_path: Path,
) -> None:
    lines = [line.encode() for line in journeys(tmp_path)]
    lines[39] = b'{"type":"query","signal":{"visitorId":"caf\xe9"}}'
    assert len(b"".join(lines[:39])) > 8192  # past the head that shows whether it is text
    lines[5] = b"[" * 100_000
    path = tmp_path / "odd.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    lint = run_cli("lint", str(path))
    assert lint.returncode == 1
    assert "Traceback" not in lint.stderr
    out = lint.stdout.splitlines()
    assert (
        "line 40: not UTF-8 text (byte 0xe9 at byte 43 of the line); save the file as UTF-8 "
        "[error: bad_line]"
    ) in out
    assert any(line.startswith("line 6: nested too deeply") for line in out)
    metrics = run_cli("metrics", str(path))
    assert metrics.returncode == 2
    assert "Traceback" not in metrics.stderr
    assert "line 6: nested too deeply" in metrics.stderr  # metrics stops at the first


def test_lint_into_a_reader_that_stops_ends_quietly(tmp_path: Path) -> None:
    """``lint FILE | head``: the closed pipe is not an unreadable input (exit 2) to report."""
    path = tmp_path / "many.jsonl"
    bad = '{"type":"click","signal":{"timestamp":1,"visitorId":"v","sessionId":"s","queryId":"q"}}'
    path.write_text((bad + "\n") * 20_000)
    process = subprocess.Popen(
        [sys.executable, "-m", "signal_composer", "lint", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    assert process.stdout.read(200).startswith(b"line 1, queryId: ")
    process.stdout.close()
    with process.stderr:
        errors = process.stderr.read().decode()
    assert errors == ""
    assert process.wait(timeout=60) in (0, 1)
