"""simulate, metrics and lint as a user runs them: real processes, real files, real servers."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from signal_composer.signals.metrics import METRIC_KEYS

from tests.processes import run_cli
from tests.servers import Reply, ScriptedServer, wait_for

TOKEN = "Zq9TOKENvalueXY12345678abcdefgh"
NOW = "2026-11-30T12:00:00Z"
RUN = ("--shoppers", "60", "--days", "2", "--seed", "4", "--now", NOW)


def simulate_file(tmp: Path, *extra: str, name: str = "journeys.jsonl") -> Path:
    out = tmp / name
    result = run_cli("simulate", *RUN, *extra, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "signals of 60 shoppers written to" in result.stderr
    return out


def test_simulate_writes_the_same_bytes_for_the_same_arguments(tmp_path: Path) -> None:
    first = simulate_file(tmp_path, name="a.jsonl").read_bytes()
    second = simulate_file(tmp_path, name="b.jsonl").read_bytes()
    assert first == second
    lines = first.splitlines()
    assert len(lines) > 100
    record = json.loads(lines[0])
    assert set(record) == {"type", "signal"}
    times = [json.loads(line)["signal"]["timestamp"] for line in lines]
    assert times == sorted(times)
    other = run_cli("simulate", *RUN[:-1], "2026-11-29T12:00:00Z", "--out", "-")
    assert other.returncode == 0
    assert other.stdout.encode() != first


def test_a_generated_file_lints_clean_and_has_metrics(tmp_path: Path) -> None:
    path = simulate_file(tmp_path, "--profile", "buyers")
    lint = run_cli("lint", str(path))
    assert lint.returncode == 0, lint.stdout
    assert "every journey relation holds" in lint.stdout
    metrics = run_cli("metrics", str(path), "--json")
    assert metrics.returncode == 0, metrics.stderr
    data = json.loads(metrics.stdout)
    assert list(data) == list(METRIC_KEYS)
    assert data["purchases"] > 0
    table = run_cli("metrics", str(path)).stdout
    assert "Search click-through rate" in table
    assert "Abandoned cart rate" in table


def test_lint_flags_a_planted_break_at_its_line(tmp_path: Path) -> None:
    lines = simulate_file(tmp_path).read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if '"type":"click"' in line)
    record = json.loads(lines[index])
    record["signal"]["selectedPosition"] = 99
    lines[index] = json.dumps(record)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines) + "\n")
    human = run_cli("lint", str(broken))
    assert human.returncode == 1
    assert human.stdout.startswith(f"line {index + 1}, selectedPosition: ")
    assert "[error: click_position_mismatch]" in human.stdout
    assert "1 error, 0 warnings in" in human.stdout
    as_json = run_cli("lint", "--json", "-", stdin=broken.read_text())
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout) == [
        {
            "index": index,
            "path": "selectedPosition",
            "code": "click_position_mismatch",
            "severity": "error",
            "message": json.loads(as_json.stdout)[0]["message"],
        }
    ]


def test_unreadable_input_exits_2_with_a_message(tmp_path: Path) -> None:
    missing = run_cli("lint", str(tmp_path / "nope.jsonl"))
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "no such file" in missing.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "query", "signal": {}}\n{"type": "query", "signal": \n')
    metrics = run_cli("metrics", str(bad))
    assert metrics.returncode == 2
    assert "line 2: not valid JSON" in metrics.stderr
    assert "Traceback" not in metrics.stderr
    neither = run_cli("metrics")
    assert neither.returncode == 2
    assert "--history" in neither.stderr


def test_simulate_reads_a_csv_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "outdoor.csv"
    catalog.write_text(
        "productId,title,price,currencyCode,imageuri\n"
        "TENT-2,Trailhead two person tent green,189.50,EUR,https://x.example/t2.jpg\n"
        "BAG-0,Summit sleeping bag green,99.99,EUR,https://x.example/b0.jpg\n"
    )
    path = simulate_file(tmp_path, "--catalog", str(catalog))
    text = path.read_text()
    assert "TENT-2" in text
    assert "FR-27-SLV" not in text
    bad = run_cli("simulate", *RUN, "--catalog", str(tmp_path / "none.csv"), "--out", "-")
    assert bad.returncode == 2
    assert "none.csv: no such file" in bad.stderr


def test_simulate_to_the_local_mock_records_every_request(tmp_path: Path) -> None:
    path = simulate_file(tmp_path)
    sent = run_cli("simulate", *RUN, "--store", "local-mock", "--batch", "25")
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("Sent ")
    history = run_cli("metrics", "--history", "--store", "local-mock", "--json")
    assert history.returncode == 0, history.stderr
    # What the history accepted has the same metrics as the file of the same arguments.
    assert json.loads(history.stdout) == json.loads(run_cli("metrics", str(path), "--json").stdout)
    later = run_cli("metrics", "--history", "--since", "2999-01-01", "--json")
    assert json.loads(later.stdout)["queries"] == 0


def test_history_bodies_cut_by_the_cap_are_left_out_and_said(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.json").write_text('{"history": {"max_body_kib": 1}}')
    sent = run_cli("simulate", *RUN, "--store", "local-mock", "--batch", "100")
    assert sent.returncode == 0, sent.stderr
    history = run_cli("metrics", "--history", "--json")
    assert history.returncode == 0, history.stderr
    assert "left out: the history kept only part of the body" in history.stderr
    assert json.loads(history.stdout)["queries"] == 0  # every body here is over 1 KiB


def _server_signals(server: ScriptedServer) -> Counter[str]:
    out: Counter[str] = Counter()
    for seen in server.seen:
        kind = seen.path.rsplit("/", 1)[-1]
        for signal_ in json.loads(seen.body):
            out[kind + json.dumps(signal_, sort_keys=True)] += 1
    return out


def test_production_needs_yes(tmp_path: Path) -> None:
    with ScriptedServer(Reply(202)) as server:
        run_cli("stores", "add", "live", "--store-id", "live", "--base-url", server.url,
                "--production")  # fmt: skip
        env = {"SIGNAL_COMPOSER_TOKEN": TOKEN}
        refused = run_cli("simulate", *RUN, "--store", "live", env=env)
        assert refused.returncode == 2
        assert "production store: add --yes" in refused.stderr
        assert server.seen == []
        sent = run_cli("simulate", *RUN, "--store", "live", "--yes", env=env)
        assert sent.returncode == 0, sent.stderr
        assert server.seen


def test_ctrl_c_stops_cleanly_and_the_printed_command_resumes(tmp_path: Path) -> None:
    expected: Counter[str] = Counter()
    for line in simulate_file(tmp_path).read_text().splitlines():
        record = json.loads(line)
        expected[record["type"] + json.dumps(record["signal"], sort_keys=True)] += 1
    with ScriptedServer(Reply(202)) as server:
        run_cli("stores", "add", "stage", "--store-id", "stage", "--base-url", server.url)
        env = {**os.environ, "SIGNAL_COMPOSER_TOKEN": TOKEN}
        process = subprocess.Popen(
            [sys.executable, "-m", "signal_composer", "simulate", *RUN, "--store", "stage",
             "--batch", "5", "--rate", "100"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        )  # fmt: skip
        wait_for(lambda: len(server.seen) >= 4, timeout=30)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 130, stderr
        assert "Traceback" not in stderr
        assert "to continue where it stopped, run:" in stderr
        command = stderr.strip().splitlines()[-1].strip()
        assert command.startswith("signal-composer simulate --store stage")
        assert "--resume query=" in command
        stopped_at = _server_signals(server)
        assert 0 < sum(stopped_at.values()) < sum(expected.values())
        time.sleep(0.1)
        resumed = run_cli(*shlex.split(command)[1:], env={"SIGNAL_COMPOSER_TOKEN": TOKEN})
        assert resumed.returncode == 0, resumed.stderr
        # Every signal arrived exactly once over the two runs.
        assert _server_signals(server) == expected
    history = run_cli("history", "list", "--store", "stage", "--limit", "1000").stdout
    assert len(history.strip().splitlines()) == len(server.seen)


def test_a_rejected_batch_stops_and_says_how_to_resume(tmp_path: Path) -> None:
    with ScriptedServer(Reply(202), Reply(202), Reply(400)) as server:
        run_cli("stores", "add", "stage", "--store-id", "stage", "--base-url", server.url)
        result = run_cli("simulate", *RUN, "--store", "stage", "--batch", "5",
                         env={"SIGNAL_COMPOSER_TOKEN": TOKEN})  # fmt: skip
    assert result.returncode == 1
    assert "Invalid request" in result.stdout
    assert "--resume query=" in result.stderr
    assert len(server.seen) == 3
    # Only what the store accepted counts: two batches of five, not the rejected third.
    history = json.loads(run_cli("metrics", "--history", "--store", "stage", "--json").stdout)
    assert sum(history[k] for k in ("queries", "clicks", "cart_adds", "purchases")) == 10


def test_a_terminal_shows_a_progress_bar() -> None:
    import pty

    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "signal_composer", "simulate", *RUN, "--store", "local-mock",
         "--batch", "10", "--rate", "400"],
        stdout=subprocess.PIPE, stderr=slave, text=True,
    )  # fmt: skip
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    process.communicate(timeout=60)
    os.close(master)
    assert process.returncode == 0
    frames = shown.decode().split("\r")
    assert any("signals sent" in f and "/s" in f and "left" in f for f in frames)
    assert any(f.startswith("[###") for f in frames)
