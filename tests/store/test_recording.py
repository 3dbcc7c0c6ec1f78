"""An answer the disk refused stays in memory and is written when there is room again."""

from __future__ import annotations

from pathlib import Path

import httpx
from pydantic import SecretStr
from signal_composer.store import recording
from signal_composer.store.history import History
from signal_composer.store.outcomes import Kind
from signal_composer.store.sender import Sender, SignalRequest, make_client
from signal_composer.store.sending import send_recorded
from signal_composer.store.stores import make_store

from tests.disks import fill, tiny_disk
from tests.servers import Reply, ScriptedServer, Seen

__all__ = ["tiny_disk"]  # a fixture
TOKEN = "RecordingTOKEN0123456789abcdefg"


def test_a_refused_answer_is_kept_in_memory_until_the_disk_has_room(tiny_disk: Path) -> None:
    history = History(tiny_disk / "history.sqlite3")
    fillers: list[Path] = []
    answer = b'{"queued": true, "note": "' + b"x" * 20_000 + b'"}'

    def disk_fills(seen: Seen) -> None:
        if len(history.ids()) == 1:  # only while the first send is on the wire
            fillers.append(fill(tiny_disk))

    try:
        with (
            ScriptedServer(Reply(202, body=answer), on_request=disk_fills) as server,
            make_client() as client,
        ):
            store = make_store(name="t", store_id="t", base_url=server.url)
            request = SignalRequest(
                store="t", kind="click", url=f"{server.url}/retail/signals/click", body=b"[]",
                signal_count=0, token=SecretStr(TOKEN),
            )  # fmt: skip
            sender = Sender(client)
            first = send_recorded(sender, history, store, request, source="test")
            assert first.result.outcome.kind is Kind.ACCEPTED  # shown as it happened
            assert "accepted, not fully recorded" in first.unrecorded
            partial = history.get(first.entry_id)
            assert partial.summary.outcome_label == "accepted, not fully recorded"
            assert partial.response_body == ""
            assert first.entry_id in recording.unwritten(history)
            fillers.pop().unlink()  # room again
            second = send_recorded(sender, history, store, request, source="test")
        assert second.unrecorded == ""
        assert recording.unwritten(history) == {}
        kept = history.get(first.entry_id)
        assert kept.summary.outcome_label == "accepted"
        assert '"queued": true' in kept.response_body
    finally:
        history.close()
        for filler in fillers:
            filler.unlink()


def test_nothing_is_kept_when_the_disk_takes_it(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    try:
        transport = httpx.MockTransport(lambda _: httpx.Response(202))
        with httpx.Client(transport=transport) as client:
            store = make_store(name="t", store_id="t", base_url="https://t.example")
            request = SignalRequest(
                store="t", kind="click", url="https://t.example/retail/signals/click",
                body=b"[]", signal_count=0, token=SecretStr(TOKEN),
            )  # fmt: skip
            done = send_recorded(Sender(client), history, store, request, source="test")
        assert done.unrecorded == ""
        assert history.get(done.entry_id).summary.outcome_label == "accepted"
    finally:
        history.close()
