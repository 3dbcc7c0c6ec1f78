"""The disk fills after the store accepted: the outcome is still printed, and the entry says
what it holds. A real full disk: a tiny tmpfs mounted for the test (needs root, as in CI)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from signal_composer.signals.drafts import new_signal

from tests.disks import fill, tiny_disk
from tests.processes import run_cli
from tests.servers import Reply, ScriptedServer, Seen

__all__ = ["tiny_disk"]  # a fixture
TOKEN = "DiskFullTOKEN0123456789abcdefgh"


def test_an_accepted_send_on_a_full_disk_is_printed_and_marked(
    tiny_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIGNAL_COMPOSER_HOME", str(tiny_disk / "home"))
    env = {"SIGNAL_COMPOSER_TOKEN": TOKEN}
    signals = tiny_disk.parent / f"{tiny_disk.name}-signals.json"
    signals.write_text(json.dumps([new_signal("click")]), encoding="utf-8")
    fillers: list[Path] = []

    def disk_fills(_: Seen) -> None:
        fillers.append(fill(tiny_disk))

    answer = b'{"queued": true, "note": "' + b"x" * 20_000 + b'"}'
    try:
        with ScriptedServer(Reply(202, body=answer), on_request=disk_fills) as server:
            cli = run_cli
            assert (
                cli("stores", "add", "t", "--store-id", "t", "--base-url", server.url).returncode
                == 0
            )
            assert cli("history", "list").returncode == 0  # the history exists before the send
            sent = cli("send", "--store", "t", "--type", "click", str(signals), env=env)
    finally:
        signals.unlink()
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.startswith("Accepted: 202")
    assert "Traceback" not in sent.stderr
    assert "not fully recorded" in sent.stderr
    assert '"queued": true' in sent.stderr  # the answer itself is on the terminal
    for filler in fillers:
        filler.unlink()
    listed = run_cli("history", "list")
    assert "accepted, not fully recorded" in listed.stdout
    assert "interrupted" not in listed.stdout
