"""A file that is not JSON Lines text at all (a program, a spreadsheet, UTF-16) is unreadable
input for lint and metrics: one message naming it, exit 2; a text file with bad lines is linted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import run_cli

SIGNAL = '{"type":"query","signal":{"timestamp":1,"visitorId":"v","sessionId":"s","queryId":"q"}}'
COMMANDS = [pytest.param(("lint",), id="lint"), pytest.param(("metrics",), id="metrics")]


def refused(result: subprocess.CompletedProcess[str], name: str, why: str) -> None:
    """Exit 2, nothing on standard output, one line naming the file and what it looks like."""
    assert (result.returncode, result.stdout) == (2, ""), result.stdout[:500]
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[:2000]
    assert lines[0].startswith(f"signal-composer: {name}: not a JSON Lines text file ({why}")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_program_is_refused_in_one_line(tmp_path: Path, command: tuple[str, ...]) -> None:
    program = tmp_path / "program"
    program.write_bytes(Path(sys.executable).resolve().read_bytes()[:300_000])
    refused(run_cli(*command, str(program)), str(program), "it holds NUL bytes")


@pytest.mark.parametrize("command", COMMANDS)
def test_latin1_utf16_csv_and_json_are_refused(tmp_path: Path, command: tuple[str, ...]) -> None:
    latin1 = tmp_path / "latin1.jsonl"
    latin1.write_bytes(SIGNAL.replace('"v"', '"caf\xe9"').encode("latin-1") + b"\n")
    refused(run_cli(*command, str(latin1)), str(latin1), "not UTF-8 text: byte 0xe9 at byte")
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes((SIGNAL + "\n").encode("utf-16"))
    refused(run_cli(*command, str(utf16)), str(utf16), "it holds NUL bytes")
    csv = tmp_path / "products.csv"
    csv.write_text("productId,currencyCode,price,title\nA-1,EUR,9.50,Kettle\n" * 3)
    refused(
        run_cli(*command, str(csv)),
        str(csv),
        "no line starts with '{'; the first is 'productId,currencyCode,price,title'",
    )
    array = tmp_path / "batch.json"
    array.write_text(f"[{SIGNAL}, {SIGNAL}]\n")
    refused(run_cli(*command, str(array)), str(array), "it is a JSON array")
    array.write_text(f"[\n  {SIGNAL},\n  {SIGNAL}\n]\n")
    refused(run_cli(*command, str(array)), str(array), "it is a JSON array")
    document = tmp_path / "signal.json"
    document.write_text('{\n  "type": "query",\n  "signal": {}\n}\n')
    refused(run_cli(*command, str(document)), str(document), "it is one JSON document")


@pytest.mark.parametrize("command", COMMANDS)
def test_binary_standard_input_is_refused(command: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "signal_composer", *command, "-"],
        input=b"\x7fELF\x02\x01\x01\x00\x00\x00" * 100,
        capture_output=True,
        timeout=60,
        check=False,
        env=dict(os.environ),
    )
    refused(
        subprocess.CompletedProcess(
            result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
        ),
        "standard input",
        "it holds NUL bytes",
    )


def test_a_large_binary_file_is_refused_by_metrics_too(tmp_path: Path) -> None:
    """Large enough for metrics to read it in two halves (where a second core is free)."""
    big = tmp_path / "disk.img"
    with big.open("wb") as handle:
        handle.truncate(40 << 20)  # sparse: NUL bytes that take no disk
        handle.seek(21 << 20)
        handle.write(b"\n")
    refused(run_cli("metrics", str(big)), str(big), "it holds NUL bytes")


def test_a_text_file_with_a_few_bad_lines_is_still_linted_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "mostly.jsonl"
    second = SIGNAL.replace('"q"', '"r"')
    path.write_text(f"# exported signals\n{SIGNAL}\nnot json\n{second}\n")
    lint = run_cli("lint", str(path))
    assert lint.returncode == 1, lint.stderr
    out = lint.stdout.splitlines()
    assert out[0].startswith("line 1: not valid JSON at column 1: ")
    assert out[1].startswith("line 3: not valid JSON at column 1: ")
    assert out[-1] == "2 errors, 0 warnings in 4 lines"
