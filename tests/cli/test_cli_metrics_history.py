"""``metrics --history``: the newest N sends only, and the progress lines the dashboard reads
(their last figures are exactly what ``--json`` prints)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from signal_composer.store.history import History

from tests.history_fill import known_history
from tests.processes import run_cli


def test_progress_lines_end_with_the_figures_json_prints(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with History(path) as history:
        signals = known_history(history)
    plain = run_cli("metrics", "--history", "--json", "--history-file", str(path))
    assert plain.returncode == 0, plain.stderr
    lines = run_cli("metrics", "--history", "--json", "--progress", "--history-file", str(path))
    assert lines.returncode == 0, lines.stderr
    last = json.loads(lines.stdout.splitlines()[-1], parse_float=Decimal)
    assert last["done"] is True
    assert last["signals"] == signals
    assert last["metrics"] == json.loads(plain.stdout, parse_float=Decimal)
    assert sum(sum(day[1:5]) for day in last["days"]) == signals
    assert sum(day[5] for day in last["days"]) == last["metrics"]["revenue"]


def test_newest_counts_only_the_newest_sends(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    with History(path) as history:
        known_history(history)
        newest = history.ids()[1:6]  # the newest is a body that is not JSON
    table = run_cli("metrics", "--history", "--newest", "6", "--history-file", str(path))
    assert table.returncode == 0, table.stderr
    assert "5 accepted requests" in table.stdout  # the rejected one is not among them
    with History(path) as history:
        expected = sum(history.get(i).summary.signal_count for i in newest)
    lines = run_cli(
        "metrics", "--history", "--json", "--progress", "--newest", "6",
        "--history-file", str(path),
    )  # fmt: skip
    assert json.loads(lines.stdout.splitlines()[-1])["signals"] == expected


def test_misused_options_say_what_goes_with_what() -> None:
    for args, said in (
        (("--progress", "--history"), "--progress goes with --history --json"),
        (("--history", "--json", "--progress", "--since", "2d"), "takes no --since"),
        (("--history", "--newest", "0"), "--newest must be a whole number of at least 1, not '0'"),
        (("x.jsonl", "--newest", "5"), "use them with --history"),
    ):
        result = run_cli("metrics", *args)
        assert result.returncode == 2, args
        assert said in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
