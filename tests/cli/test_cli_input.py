"""Bad input from the command line: exact raw bytes, clear errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

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


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("signal-composer"), result.stderr


def test_100000_nested_arrays_exit_2_with_a_message(home: Path) -> None:
    path = home.parent / "nested.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    result = run_cli("validate", "--type", "click", str(path))
    assert result.returncode == 2
    no_traceback(result)
    assert "nested too deeply" in result.stderr
    sent = run_cli("send", "--store", "local-mock", "--type", "click", str(path))
    assert sent.returncode == 2
    assert "nested too deeply" in sent.stderr


def test_a_lone_surrogate_is_refused_even_with_allow_invalid(home: Path) -> None:
    path = home.parent / "surrogate.json"
    path.write_text('[{"query": "ab\\ud800"}]')
    args = ("send", "--store", "local-mock", "--type", "query", "--allow-invalid", str(path))
    result = run_cli(*args)
    assert result.returncode == 2
    no_traceback(result)
    assert "lone surrogate" in result.stderr
    assert "[0].query" in result.stderr
    assert run_cli("history", "list").stdout == ""  # nothing went out


def test_a_tab_inside_a_base_url_is_refused() -> None:
    result = run_cli("stores", "add", "t", "--store-id", "t", "--base-url", "https://a\tb.example")
    assert result.returncode == 2
    no_traceback(result)
    assert "white space or a control character" in result.stderr


@pytest.mark.parametrize("action", ["show", "resend", "export"])
def test_history_ids_above_int64_are_a_usage_error(action: str) -> None:
    result = run_cli("history", action, str(2**64))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "no history entry 18446744073709551616" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--port", "99999", "--port must be a port from 0 to 65535"),
        ("--status", "1000", "from 100 to 599, not '1000'"),
        ("--status", "abc", "from 100 to 599, not 'abc'"),
        ("--latency", "nan", "from 0 to 600, not 'nan'"),
        ("--latency", "-1", "from 0 to 600, not '-1'"),
    ],
)
def test_mock_store_options_out_of_range(option: str, value: str, said: str) -> None:
    result = run_cli("mock-store", "--port", "0", option, value)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert said in result.stderr


def test_an_unknown_keyring_backend_is_named() -> None:
    result = run_cli("token", "status", env={"PYTHON_KEYRING_BACKEND": "nope.Missing"})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "PYTHON_KEYRING_BACKEND='nope.Missing' names no usable keyring backend" in result.stderr


def test_a_config_nested_2000_deep_names_the_file(home: Path) -> None:
    config = home / "config"
    config.mkdir(parents=True)
    (config / "config.json").write_text('{"stores": ' + "[" * 2000 + "]" * 2000 + "}")
    result = run_cli("stores", "list")
    assert result.returncode == 2
    no_traceback(result)
    assert str(config / "config.json") in result.stderr


def test_1e400_is_refused_not_sent_as_infinity(home: Path) -> None:
    path = home.parent / "huge.json"
    path.write_text('[{"query": "x", "price": 1e400}]')
    args = ("send", "--store", "local-mock", "--type", "query", "--allow-invalid", str(path))
    result = run_cli(*args)
    assert result.returncode == 2
    no_traceback(result)
    assert "1e400 is too large" in result.stderr
    assert run_cli("history", "list").stdout == ""
    checked = run_cli("validate", "--type", "query", str(path))
    assert checked.returncode == 2
    assert "Infinity" in checked.stderr


def test_duplicate_keys_are_a_warning_with_their_path(home: Path) -> None:
    path = home.parent / "dup.json"
    path.write_text(
        '[{"a": 1}, {"query": "x", "query": "y", "productDetails": [{"q": 1, "q": 2}]}]'
    )
    result = run_cli("validate", "--type", "query", "--max-problems", "0", str(path))
    assert "[1] query: key 'query' appears 2 times in one object" in result.stdout
    assert "[1] productDetails[0].q: key 'q' appears 2 times" in result.stdout
    sent = run_cli("send", "--store", "local-mock", "--type", "query", "--allow-invalid", str(path))
    assert "warning: [1] query: key 'query' appears 2 times" in sent.stderr


def test_validate_caps_the_problems_it_prints_and_counts_them_all(home: Path) -> None:
    path = home.parent / "many.json"
    path.write_text("[" + ",".join(['{"a":1}'] * 300) + "]")
    result = run_cli("validate", "--type", "click", "--max-problems", "50", str(path))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 52
    assert lines[-2] == (
        "... and 2650 more problems not shown (--max-problems N shows more, 0 shows all)"
    )
    assert lines[-1] == "2100 errors, 600 warnings in 300 signals"
    as_json = run_cli("validate", "--type", "click", "--json", "--max-problems", "50", str(path))
    assert len(json.loads(as_json.stdout)) == 50
    assert "2650 more problems" in as_json.stderr


def test_a_broken_file_reports_nothing_but_the_syntax_error(home: Path) -> None:
    path = home.parent / "broken.json"
    path.write_text('[{"a":1},\n{"a":1},\n{"a": ]')
    result = run_cli("validate", "--type", "click", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "line 3, column 7" in result.stderr


@pytest.mark.parametrize("name", ["../x", "a\nb", "shop\x1b[31m", "x" * 70, "ok\n"])
def test_store_names_are_anchored(name: str) -> None:
    result = run_cli("stores", "add", name, "--store-id", "abc")
    assert result.returncode == 2
    assert "store name" in result.stderr
    assert "\x1b" not in result.stderr
    assert run_cli("stores", "list").stdout.count("\n") == 1  # only the local mock


def test_control_characters_from_a_store_are_escaped_on_the_terminal(home: Path) -> None:
    path = home.parent / "q.json"
    from signal_composer.signals.drafts import new_signal

    path.write_text(json.dumps([new_signal("query")]))
    evil = b"\x1b]0;owned\x07\x1b[2J\rgone"
    with ScriptedServer(Reply(418, {"X-Evil": "a\x1b[31mred"}, evil)) as server:
        run_cli("stores", "add", "t", "--store-id", "t", "--base-url", server.url)
        sent = run_cli("send", "--store", "t", "--type", "query", str(path), env=ENV)
    shown = run_cli("history", "show", "1")
    for output in (sent.stdout, shown.stdout):
        assert "\x1b" not in output
        assert "\r" not in output
        assert "\x07" not in output
    assert "\\x1b]0;owned\\x07\\x1b[2J\\x0dgone" in shown.stdout
    assert "\\x1b[2J" in sent.stdout
