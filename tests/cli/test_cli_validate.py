"""``signal-composer validate`` as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from signal_composer.signals.drafts import new_signal

from tests.processes import run_cli

run = run_cli


def write(tmp_path: Path, data: Any, name: str = "signals.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_valid_file_exits_0_with_a_summary(tmp_path: Path) -> None:
    result = run("validate", "--type", "click", write(tmp_path, [new_signal("click")] * 3))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 signals: valid"


def test_errors_exit_1_and_name_index_and_path(tmp_path: Path) -> None:
    bad = new_signal("click")
    bad["productDetails"][0]["product"]["currencyCode"] = "usd"
    result = run("validate", "--type", "click", write(tmp_path, [new_signal("click")] * 3 + [bad]))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "[3] productDetails[0].product.currencyCode: not an ISO 4217 code: 'usd' "
        "(did you mean 'USD'?) [error]",
        "1 error, 0 warnings in 4 signals",
    ]


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    signal = new_signal("click")
    signal["visitorID"] = "x"
    result = run("validate", "--type", "click", write(tmp_path, signal))
    assert result.returncode == 0
    assert "[warning]" in result.stdout


def test_json_output_is_only_json(tmp_path: Path) -> None:
    bad = new_signal("purchase")
    del bad["revenue"]
    result = run("validate", "--type", "purchase", "--json", write(tmp_path, [bad]))
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "index": 0,
            "path": "revenue",
            "code": "required",
            "severity": "error",
            "message": "required field is missing",
        }
    ]


def test_reads_standard_input() -> None:
    result = run("validate", "--type", "query", "-", stdin=json.dumps([new_signal("query")]))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1 signal: valid"


def test_broken_json_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"timestamp": 1,\n   "visitorId": }\n]\n', encoding="utf-8")
    result = run("validate", "--type", "click", str(path))
    assert result.returncode == 2
    assert "line 3, column 17" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("case", ["missing", "folder", "binary", "nan"])
def test_unreadable_input_exits_2_with_a_reason(tmp_path: Path, case: str) -> None:
    target = tmp_path / "x.json"
    expected = {
        "missing": "no such file",
        "folder": "is a folder",
        "binary": "not UTF-8",
        "nan": "NaN is not valid JSON",
    }[case]
    if case == "folder":
        target.mkdir()
    elif case == "binary":
        target.write_bytes(b"\xff\xfe\x00garbage")
    elif case == "nan":
        target.write_text('[{"price": NaN}]', encoding="utf-8")
    result = run("validate", "--type", "click", str(target))
    assert result.returncode == 2
    assert expected in result.stderr


def test_usage_error_exits_2() -> None:
    result = run("validate", "--type", "refund", "-", stdin="[]")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "said", "next_step"),
    [
        ("har", "is a HAR log", "signal-composer diagnose "),
        ("json", "is a history export", "history show ID"),
    ],
)
def test_recorded_requests_are_named_with_the_command_that_reads_them(
    tmp_path: Path, fmt: str, said: str, next_step: str
) -> None:
    sent = run(
        "send", "--store", "local-mock", "--type", "click", write(tmp_path, [new_signal("click")])
    )
    assert sent.returncode == 0, sent.stderr
    export = tmp_path / f"export.{fmt}"
    assert run("history", "export", "--format", fmt, "-o", str(export)).returncode == 0
    result = run("validate", "--type", "click", str(export))
    assert result.returncode == 2
    assert f"{export} {said}" in result.stderr
    assert next_step in result.stderr
    assert "required" not in result.stdout + result.stderr
    assert "unknown field" not in result.stdout + result.stderr


def test_a_saved_draft_of_another_type_names_its_type(tmp_path: Path) -> None:
    draft = {"kind": "purchase", "signals": [new_signal("purchase")], "current": 0}
    result = run("validate", "--type", "click", write(tmp_path, draft))
    assert result.returncode == 2
    assert "is a saved draft of type purchase, not click: use --type purchase" in result.stderr
    assert run("validate", "--type", "purchase", write(tmp_path, draft)).returncode == 0
